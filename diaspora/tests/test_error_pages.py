"""Refusals and missing pages in the platform's own frame, in the user's language,
saying why where the refusal says why; a server error with a page of its own."""

from django.test import Client, override_settings

from diaspora.people.tests.factories import UserFactory


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
def test_a_missing_page_is_a_page_of_the_platform(db):
    response = Client().get("/en/events/999999999/")
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_server_error_has_a_page_that_needs_no_request(db):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/en/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
