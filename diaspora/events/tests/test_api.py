import json

import pytest
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.accounts.tokens import issue_token
from diaspora.events.models import Event
from diaspora.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}


@pytest.fixture
def manager(tree):
    user = UserFactory(username="house-manager")
    grant_role(user, "manager", tree["house"], by=None)
    return user


def post(path, body, user=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": "en", **(bearer(user) if user else {})}
    return Client().post(path, json.dumps(body), content_type="application/json", **headers)


EVENT = {
    "title": "Həmrəylik günü",
    "kind": "celebration",
    "starts_at": "2026-12-31T19:00:00+01:00",
    "timezone": "Europe/Berlin",
    "capacity": 2,
    "country": "DE",
    "city": "Berlin",
}


def test_create_register_and_count(tree, manager):
    created = post("/api/events", EVENT, manager)
    assert created.status_code == 201, created.content
    event = created.json()
    assert event["organisers"] == [tree["house"].slug]
    assert event["starts_at"] == "2026-12-31T19:00:00+01:00"
    statuses = []
    for n in range(3):
        person = {"given_name": f"Aynur{n}", "surname": "Məmmədova", "email": f"a{n}@example.org"}
        response = post(f"/api/events/{event['id']}/registrations", person, manager)
        assert response.status_code == 201, response.content
        statuses.append(response.json()["status"])
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    again = post(
        f"/api/events/{event['id']}/registrations",
        {"given_name": "Aynur0", "email": "a0@example.org"},
        manager,
    )
    assert again.status_code == 200
    counts = Client().get(f"/api/events/{event['id']}").json()
    assert (counts["confirmed"], counts["waitlisted"]) == (2, 1)


def test_a_manager_creates_events_only_for_their_organisation(tree, manager):
    response = post("/api/events", {**EVENT, "organisation": tree["paris"].slug}, manager)
    assert response.status_code == 403
    assert not Event.objects.exists()
    assert post("/api/events", EVENT).status_code == 401
    compatriot = UserFactory()
    assert post("/api/events", EVENT, compatriot).status_code == 403


@pytest.mark.parametrize(
    "change, field",
    [
        ({"starts_at": "2026-12-31T19:00:00"}, "offset"),
        ({"timezone": "Europe/Atlantis"}, "time zone"),
        ({"kind": "picnic"}, "kind"),
        ({"country": "QQ"}, "country"),
        ({"capacity": -1}, "capacity"),
        ({"starts_at": "tomorrow"}, "starts_at"),
    ],
)
def test_bad_events_get_a_4xx_and_nothing_is_written(tree, manager, change, field):
    response = post("/api/events", {**EVENT, **change}, manager)
    assert 400 <= response.status_code < 500
    assert field in response.content.decode()
    assert not Event.objects.exists()


def test_another_organisations_event_refuses_registrations(tree, manager):
    root_staff = UserFactory()
    grant_role(root_staff, "staff", tree["root"], by=None)
    event = post("/api/events", {**EVENT, "organisation": tree["paris"].slug}, root_staff).json()
    person = {"given_name": "X", "email": "x@example.org"}
    response = post(f"/api/events/{event['id']}/registrations", person, manager)
    assert response.status_code == 403


def test_check_in_and_cancel_through_the_api(tree, manager):
    event = post("/api/events", {**EVENT, "capacity": 1}, manager).json()
    url = f"/api/events/{event['id']}/registrations"
    first = post(url, {"given_name": "A", "email": "a@example.org"}, manager).json()
    second = post(url, {"given_name": "B", "email": "b@example.org"}, manager).json()
    cancelled = Client().delete(f"{url}/{first['id']}", **bearer(manager)).json()
    assert [r["id"] for r in cancelled["promoted"]] == [second["id"]]
    door = f"/api/events/{event['id']}/check-ins"
    assert post(door, {"code": second["code"]}, manager).status_code == 200
    again = post(door, {"code": second["code"]}, manager)
    assert again.status_code == 409 and "Already" in again.json()["detail"]
    assert post(door, {"code": first["code"]}, manager).json()["detail"].endswith("cancelled.")


def test_members_only_events_are_hidden_from_the_public(tree, manager):
    event = post("/api/events", {**EVENT, "audience": "members"}, manager).json()
    assert Client().get(f"/api/events/{event['id']}").status_code == 404
    assert Client().get(f"/api/events/{event['id']}", **bearer(manager)).status_code == 200
    assert Client().get("/api/events").json()["count"] == 0
