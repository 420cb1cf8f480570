"""Refusals and missing pages in the platform's own frame, in the reader's language,
saying why where the refusal says why; a server error with a page of its own that
needs neither the request's context nor the static manifest; JSON under /api/."""

import json

import pytest
from django.test import Client, RequestFactory, override_settings

from diaspora import errors
from diaspora.people.tests.factories import UserFactory

MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@override_settings(DEBUG=False)
def test_a_refusal_is_a_page_of_the_platform_that_says_why(tree):
    client = Client()
    client.force_login(UserFactory())  # a compatriot, no role
    response = client.get("/en/accounts/users/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Not allowed</h1>" in page and 'name="viewport"' in page
    assert "Log out" in page  # the platform's menu, not Django's bare page


@override_settings(DEBUG=False)
def test_a_refusal_under_ru_is_in_russian(tree):
    client = Client()
    client.force_login(UserFactory())
    page = client.get("/ru/accounts/users/").content.decode()
    assert "<h1>Нет доступа</h1>" in page and '<html lang="ru">' in page


@override_settings(DEBUG=False)
def test_a_missing_page_is_a_page_of_the_platform(db):
    response = Client().get("/en/events/999999999/")
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.content.decode()


@override_settings(DEBUG=False)
@pytest.mark.parametrize("path", ["/ru/no-such-page/", "/ru/events/999999999/"])
def test_a_missing_page_under_ru_is_in_russian(db, path):
    response = Client().get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Не найдено</h1>" in page and "На главную страницу" in page
    assert '<html lang="ru">' in page and 'href="/static/css/site.css"' in page


@override_settings(DEBUG=False)
def test_a_forged_form_is_refused_in_the_readers_language(db):
    response = Client(enforce_csrf_checks=True).post("/ru/accounts/login/", {"login": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Нет доступа</h1>" in page and "CSRF" not in page


@override_settings(DEBUG=False)
def test_a_bad_request_has_a_page_of_the_platform(db):
    # A host the deployment does not serve: Django's SuspiciousOperation, a 400.
    response = Client().get("/en/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_server_error_has_a_page_that_needs_no_request_context(db):
    response = errors.server_error(RequestFactory().get("/ru/events/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Что-то пошло не так</h1>" in page and 'href="/ru/"' in page


@override_settings(DEBUG=False, STORAGES=MANIFEST_STORAGE)
def test_a_server_error_page_renders_without_the_static_manifest(db, tmp_path, settings):
    settings.STATIC_ROOT = tmp_path  # collectstatic never ran: no manifest at all
    response = errors.server_error(RequestFactory().get("/en/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "/static/vendor/pico.min.css" in response.content.decode()


@override_settings(DEBUG=False, STORAGES=MANIFEST_STORAGE)
def test_a_page_that_cannot_be_drawn_falls_back_to_the_bare_one(db, tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    response = Client().get("/ru/no-such-page/")
    assert response.status_code == 404
    assert "<h1>Не найдено</h1>" in response.content.decode()


# -- the API ------------------------------------------------------------------------


@override_settings(DEBUG=False)
def test_an_unknown_api_address_answers_the_apis_json(db):
    response = Client().get("/api/no-such-thing", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found", "field": None}


@override_settings(DEBUG=False)
def test_an_api_server_error_answers_json_with_a_code(db, monkeypatch):
    from diaspora.reports import api as reports_api

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(reports_api, "network_stats", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/stats", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "The server failed to answer. The error is logged.",
        "code": "server_error",
        "field": None,
    }


@override_settings(DEBUG=False)
def test_api_403_from_outside_ninja_is_json(db):
    from django.core.exceptions import PermissionDenied

    response = errors.permission_denied(RequestFactory().get("/api/x"), PermissionDenied())
    assert response.status_code == 403
    assert json.loads(response.content)["code"] == "forbidden"


@override_settings(DEBUG=False)
def test_a_method_the_api_route_lacks_answers_json_and_keeps_allow(db):
    response = Client().delete("/api/stats", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert response.json() == {
        "detail": "This address does not take the DELETE method.",
        "code": "method_not_allowed",
        "field": None,
    }
    assert response["Allow"] == "GET"


@override_settings(DEBUG=False)
def test_refusals_outside_the_api_keep_their_own_shape(db):
    response = Client().delete("/health")
    assert response.status_code == 405 and not response.content.startswith(b"{")
