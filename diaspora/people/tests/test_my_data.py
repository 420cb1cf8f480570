"""A compatriot controls their data at /me/: sees only their own, withdraws a consent,
downloads everything, asks to be erased."""

import csv
import io
import json
import zipfile

import pytest
from django.test import Client

from diaspora.accounts.models import AuditEntry
from diaspora.events import services as events
from diaspora.events.tests.factories import make_event
from diaspora.people import services
from diaspora.people.models import Consent, ErasureRequest
from diaspora.people.tests.factories import UserFactory


def compatriot(organisation, name, email):
    user = UserFactory()
    person = services.register_person(by=None, full_name=name, email=email, user=user)
    services.add_membership(person, organisation, by=None)
    services.give_consent(person, Consent.Purpose.CONTACT, by=None, method="web")
    client = Client()
    client.force_login(user)
    return client, person


@pytest.fixture
def two(tree):
    """Two compatriots, each registered for their own event."""
    first = compatriot(tree["house"], "Nigar Zərdabi", "nigar@example.org")
    second = compatriot(tree["paris"], "Orxan Sabitov", "orxan@example.org")
    for (_client, person), title in ((first, "Novruz in Berlin"), (second, "Paris forum")):
        event = make_event(tree["house"], title=title)
        events.register(
            event,
            given_name=person.given_name,
            surname=person.surname,
            email=person.email,
            by=None,
            person=person,
        )
    return first, second


def test_the_me_page_shows_the_users_own_record_registrations_and_consents_only(two):
    (client, person), (_other_client, other) = two
    page = client.get("/en/me/").content.decode()
    mine, theirs = person.registrations.get(), other.registrations.get()
    assert person.full_name in page and "Novruz in Berlin" in page
    # The ticket page's address: its secret token once events has one, else the code.
    assert f"/en/events/tickets/{getattr(mine, 'token', mine.code)}/" in page
    assert other.full_name not in page and "Paris forum" not in page
    assert theirs.code not in page and other.email not in page
    assert "Withdraw this consent" in page


def test_a_withdrawn_consent_is_kept_with_its_date_and_audited(two):
    (client, person), _ = two
    consent = person.consents.get(purpose=Consent.Purpose.CONTACT)
    response = client.post(f"/en/me/consents/{consent.pk}/withdraw/")
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    entry = AuditEntry.objects.get(action="withdraw consent", target_id=str(person.pk))
    assert entry.actor == person.user
    assert "withdrawn on" in client.get("/en/me/").content.decode()


def test_nobody_withdraws_another_persons_consent(two):
    (client, _person), (_other_client, other) = two
    consent = other.consents.get(purpose=Consent.Purpose.CONTACT)
    assert client.post(f"/en/me/consents/{consent.pk}/withdraw/").status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_withdrawing_asks_for_a_post(two):
    (client, person), _ = two
    consent = person.consents.get(purpose=Consent.Purpose.CONTACT)
    assert client.get(f"/en/me/consents/{consent.pk}/withdraw/").status_code == 405


def test_the_download_holds_json_and_csv_of_the_persons_data_and_nobody_elses(two):
    (client, person), (_other_client, other) = two
    response = client.get("/en/me/my-data.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    for kind in ("record", "memberships", "consents", "registrations", "audit"):
        assert {f"{kind}.json", f"{kind}.csv"} <= names
    record = json.loads(archive.read("record.json"))
    assert [row["email"] for row in record] == ["nigar@example.org"]
    registrations = json.loads(archive.read("registrations.json"))
    assert [row["event__title"] for row in registrations] == ["Novruz in Berlin"]
    rows = list(csv.DictReader(io.StringIO(archive.read("consents.csv").decode("utf-8-sig"))))
    assert {row["purpose"] for row in rows} == {"registry", "contact"}
    audit = json.loads(archive.read("audit.json"))
    assert {"create", "register"} <= {entry["action"] for entry in audit}
    everything = b"".join(archive.read(name) for name in names).decode("utf-8-sig")
    assert other.email not in everything and other.full_name not in everything
    assert "Paris forum" not in everything
    assert AuditEntry.objects.filter(
        action="person.data_downloaded", target_id=str(person.pk), actor=person.user
    ).exists()


def test_an_erasure_request_is_recorded_once_audited_and_shown_to_staff(two, tree):
    (client, person), _ = two
    assert client.post("/en/me/erasure/").status_code == 302
    assert client.post("/en/me/erasure/").status_code == 302  # a second click: one request
    request = ErasureRequest.objects.get()
    assert request.person == person and request.status == "open"
    assert (
        AuditEntry.objects.filter(
            action="person.erasure_requested", target_id=str(person.pk)
        ).count()
        == 1
    )
    assert "You asked on" in client.get("/en/me/").content.decode()
    staff = UserFactory()
    from diaspora.accounts.services import grant_role

    grant_role(staff, "staff", tree["root"], by=None)
    office = Client()
    office.force_login(staff)
    page = office.get("/en/erasure/").content.decode()
    assert f"/en/erasure/people/{person.pk}/" in page
    # A compatriot does not see the staff's list.
    assert client.get("/en/erasure/").status_code == 403


def test_pages_without_a_linked_record_are_404(db):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert client.get("/en/me/my-data.zip").status_code == 404
    assert client.post("/en/me/erasure/").status_code == 404


def test_the_me_page_reads_as_many_queries_for_many_registrations_as_for_one(
    two, tree, django_assert_max_num_queries
):
    (client, person), _ = two
    with django_assert_max_num_queries(30) as one:
        client.get("/en/me/")
    for n in range(5):
        event = make_event(tree["house"], title=f"Evening {n}")
        events.register(event, given_name="Nigar", email=person.email, by=None, person=person)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/en/me/").content.decode()
    assert "Evening 4" in page
