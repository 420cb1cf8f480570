"""Personal data read in bulk leaves one audit entry per read, with its count."""

import io

from django.core.management import call_command
from django.test import Client

from diaspora.accounts.models import AuditEntry
from diaspora.accounts.services import grant_role
from diaspora.accounts.tokens import issue_token
from diaspora.people.tests.factories import UserFactory, member_of


def test_an_api_list_of_people_leaves_one_entry_with_the_count_and_the_query(tree):
    for _ in range(3):
        member_of(tree["house"])
    member_of(tree["paris"])
    manager = UserFactory()
    grant_role(manager, "manager", tree["house"], by=None)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(manager)}"}
    response = Client().get("/api/people", {"limit": 2, "country": "DE"}, **headers)
    assert response.status_code == 200 and len(response.json()["items"]) == 2
    entry = AuditEntry.objects.get(action="people.api_list")
    assert entry.actor == manager and entry.target_type == "people.person"
    assert entry.changes["count"] == 2
    assert entry.changes["query"] == {
        "path": "/api/people",
        "limit": "2",
        "country": "DE",
        "matched": 3,
    }


def test_a_search_through_the_api_is_audited_too(tree):
    member_of(tree["house"], full_name="Rəşad Əliyev")
    staff = UserFactory()
    grant_role(staff, "staff", tree["root"], by=None)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(staff)}"}
    Client().get("/api/people", {"q": "Rashad"}, **headers)
    entry = AuditEntry.objects.get(action="people.api_list")
    assert entry.changes["query"]["q"] == "Rashad"


def test_an_export_leaves_an_entry(tree, capsysbinary):
    member_of(tree["house"])
    member_of(tree["paris"])
    call_command("export_people", organisation=tree["house"].slug, stdout=io.StringIO())
    entry = AuditEntry.objects.get(action="people.export")
    assert entry.changes["count"] == 1
    assert entry.changes["query"]["organisation"] == tree["house"].slug


def test_an_api_list_of_an_events_registrations_is_audited(tree):
    from diaspora.events import services as events
    from diaspora.events.tests.factories import make_event

    event = make_event(tree["house"])
    for n in range(3):
        events.register(event, given_name=f"Guest{n}", email=f"g{n}@example.org", by=None)
    manager = UserFactory()
    grant_role(manager, "manager", tree["house"], by=None)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(manager)}"}
    response = Client().get(f"/api/events/{event.pk}/registrations", **headers)
    assert response.status_code == 200 and len(response.json()["items"]) == 3
    entry = AuditEntry.objects.get(action="registrations.api_list")
    assert entry.target_type == "events.registration" and entry.changes["count"] == 3
