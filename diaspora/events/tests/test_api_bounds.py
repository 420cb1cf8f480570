"""Every input of the events API is bounded, and every refusal answers one body,
{"detail", "code", "field"}, naming the field at fault; nothing is half-written."""

import pytest
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.directory.models import City
from diaspora.directory.services import ensure_city
from diaspora.events.models import Event, Registration
from diaspora.people.tests.factories import UserFactory

from .test_api import EVENT, bearer, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(tree):
    user = UserFactory(username="house-manager")
    grant_role(user, "manager", tree["house"], by=None)
    return user


def refusal(response, field, code):
    assert response.status_code == 400, response.content
    body = response.json()
    assert (body["field"], body["code"]) == (field, code), body
    assert body["detail"]
    return body


def test_a_start_past_the_last_datetime_is_a_400_naming_the_field(tree, manager):
    late = post("/api/events", {**EVENT, "starts_at": "9999-12-31T23:59:59-23:59"}, manager)
    refusal(late, "starts_at", "out_of_range")
    early = post("/api/events", {**EVENT, "ends_at": "0001-01-01T00:00:00+14:00"}, manager)
    refusal(early, "ends_at", "out_of_range")
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "change, field, code",
    [
        ({"title": "x" * 201}, "title", "too_long"),
        ({"title": "Evening\x00"}, "title", "nul"),
        ({"titles": {"en": "x" * 201}}, "titles.en", "too_long"),
        ({"titles": {"en": "A\x00B"}}, "titles.en", "nul"),
        ({"titles": {"xx": "Evening"}}, "titles", "unknown_language"),
        ({"description": {"en": "x" * 4001}}, "description.en", "too_long"),
        ({"description": {"az": "\x00"}}, "description.az", "nul"),
        ({"address": "\x00"}, "address", "nul"),
        ({"timezone": "x" * 65}, "timezone", "too_long"),
        ({"capacity": 10**30}, "capacity", "out_of_range"),
    ],
)
def test_event_texts_are_bounded_and_hold_no_nul(tree, manager, change, field, code):
    refusal(post("/api/events", {**EVENT, **change}, manager), field, code)
    assert not Event.objects.exists()


@pytest.mark.parametrize("city", [" ", "12345", "Atlantis", "99999999999999999999999"])
def test_an_event_city_comes_only_from_the_directory(tree, manager, city):
    cities = City.objects.count()
    refusal(
        post("/api/events", {**EVENT, "city": city}, manager),
        "city",
        "unknown" if city.strip() else "invalid",
    )
    assert City.objects.count() == cities and not Event.objects.exists()


def test_an_event_city_is_a_known_id_or_name_in_any_script_or_case(tree, manager, country):
    baku = ensure_city(
        country("AZ"), name="Baku", names={"az": "Bakı", "ru": "Баку"}, timezone="Asia/Baku"
    )
    cities = City.objects.count()
    for city in ("БАКУ", "bakı", "Baku", str(baku.pk)):
        made = post(
            "/api/events",
            {**EVENT, "country": "AZ", "city": city, "timezone": "Asia/Baku"},
            manager,
        )
        assert made.status_code == 201, made.content
        assert Event.objects.get(pk=made.json()["id"]).city_id == baku.pk
    by_id = post("/api/events", {**EVENT, "country": None, "city": str(baku.pk)}, manager)
    assert by_id.status_code == 201 and by_id.json()["country"] == "AZ"
    assert City.objects.count() == cities


def test_a_registration_language_is_one_of_the_deployments(tree, manager):
    event = post("/api/events", EVENT, manager).json()
    url = f"/api/events/{event['id']}/registrations"
    person = {"given_name": "Aynur", "email": "a@example.org"}
    refusal(post(url, {**person, "language": "Ö"}, manager), "language", "unknown_language")
    refusal(post(url, {**person, "given_name": "A\x00"}, manager), "given_name", "nul")
    assert not Registration.objects.exists()
    assert post(url, {**person, "language": "ru"}, manager).status_code == 201


def test_refusals_share_one_body_in_the_callers_language(tree, manager):
    unauthenticated = Client().post("/api/events", "{}", content_type="application/json")
    assert unauthenticated.status_code == 401
    assert set(unauthenticated.json()) == {"detail", "code", "field"}
    assert unauthenticated.json()["code"] == "not_authenticated"
    missing = Client().get("/api/events/999999", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    huge = Client().get("/api/events/99999999999999999999999")
    assert huge.status_code in (400, 404) and "code" in huge.json()
    nul = Client().get("/api/events?kind=a%00b")
    assert nul.json() == {**nul.json(), "code": "nul", "field": "kind"}
    long = Client().get("/api/organisations", {"q": "x" * 201})
    refusal(long, "q", "too_long")
    missing_field = post("/api/events", {k: v for k, v in EVENT.items() if k != "title"}, manager)
    refusal(missing_field, "title", "required")
    in_russian = Client().get("/api/events/999999", HTTP_ACCEPT_LANGUAGE="ru")
    in_english = Client().get("/api/events/999999", HTTP_ACCEPT_LANGUAGE="en")
    assert in_russian.json()["code"] == in_english.json()["code"]


def test_the_door_refusal_is_the_same_body_with_its_code(tree, manager):
    event = post("/api/events", EVENT, manager).json()
    refused = post(f"/api/events/{event['id']}/check-ins", {"code": "NOPE"}, manager)
    assert refused.status_code == 409
    assert refused.json()["code"] == "unknown_ticket" and refused.json()["field"] is None


def test_every_operation_declares_its_refusals(client):
    schema = client.get("/api/openapi.json").json()
    assert set(schema["components"]["schemas"]["ErrorOut"]["properties"]) == {
        "detail",
        "code",
        "field",
    }
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            takes = bool(operation.get("parameters") or operation.get("requestBody"))
            assert not takes or "400" in declared, (method, path)
            assert "{" not in path or "404" in declared, (method, path)
            assert not operation.get("security") or {"401", "403"} <= declared, (method, path)
    events = schema["paths"]["/api/events"]["post"]
    body = events["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("EventIn")
    fields = schema["components"]["schemas"]["EventIn"]["properties"]
    assert fields["title"]["maxLength"] == 200


def test_check_ins_and_registrations_need_a_real_id(tree, manager):
    assert Client().get("/api/events/0", **bearer(manager)).status_code == 400


def test_a_body_that_is_not_json_is_said_so(tree, manager):
    response = Client().post("/api/events", "{", content_type="application/json", **bearer(manager))
    assert response.status_code == 400 and response.json()["code"] == "not_json"
