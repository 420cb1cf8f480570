"""Erasure: a person is anonymised whatever their history; totals stay right and no
trace of their name, address, phone or birth date is left anywhere in the database."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client

from diaspora.accounts.models import AuditEntry
from diaspora.accounts.services import grant_role
from diaspora.events import services as events
from diaspora.events.models import Event, Registration
from diaspora.events.tests.factories import make_event
from diaspora.imports.models import ImportBatch
from diaspora.people import erasure, merging, services
from diaspora.people.models import (
    DuplicatePair,
    ErasureRequest,
    Membership,
    Merge,
    NameWord,
    Person,
    PersonNamePair,
    PersonNameWord,
)
from diaspora.people.name_words import words_of_name
from diaspora.people.services import PeopleError
from diaspora.people.tests.factories import UserFactory

# What must be gone: written in ASCII and Azerbaijani as a person would.
SECRETS = [
    "Zərdabiyeva",
    "Zardabiyeva",
    "Günay",
    "gunay.zardabi@example.org",
    "old.gunay@example.org",
    "twin.gunay@example.org",
    "+4915112345678",
    "+4915187654321",
    "1962-06-05",
]


@pytest.fixture
def staff(tree):
    user = UserFactory()
    grant_role(user, "staff", tree["root"], by=None)
    return user


@pytest.fixture
def history(tree, staff):
    """A person with everything: an account, two records merged into one, an email
    changed (the old one in the log), a membership, consents, a registration at an
    event that others attend too, and a possible duplicate with someone else."""
    account = UserFactory(username="gunay", email="gunay.zardabi@example.org")
    person = services.register_person(
        by=None,
        full_name="Günay Zərdabiyeva",
        email="old.gunay@example.org",
        phone="+4915112345678",
        birth_date=date(1962, 6, 5),
        user=account,
    )
    services.update_person(person, by=account, email="gunay.zardabi@example.org")
    services.add_membership(person, tree["house"], by=None)
    twin = services.register_person(
        by=None,
        full_name="Gunay Zardabiyeva",
        email="twin.gunay@example.org",
        phone="+4915187654321",
    )
    services.add_membership(twin, tree["school"], by=None)
    merging.merge_people(person, twin, by=staff, take=("phone",))
    other = services.register_person(by=None, full_name="Leyla Əliyeva", email="leyla@example.org")
    first, second = sorted((person.pk, other.pk))
    DuplicatePair.objects.create(
        first_id=first, second_id=second, score=0.6, reasons=["Zərdabiyeva ≈ Əliyeva"]
    )
    event = make_event(tree["house"], title="Novruz", capacity=10)
    events.register(
        event,
        given_name="Günay",
        surname="Zərdabiyeva",
        email="gunay.zardabi@example.org",
        by=account,
        person=person,
    )
    events.register(event, given_name="Orxan", email="orxan@example.org", by=None)
    erasure.request_erasure(person, by=account)
    # A later list held a row for review beside them, saying why.
    ImportBatch.objects.create(
        organisation=tree["house"],
        filename="list.csv",
        status="checked",
        review=[
            {"row": 2, "person": person.pk, "score": 0.7, "reasons": ["Zərdabiyeva ≈ Zardabiyeva"]},
            {"row": 3, "person": other.pk, "score": 0.6, "reasons": ["Leyla ≈ Leyla"]},
        ],
    )
    return {"person": person, "twin": twin, "other": other, "event": event, "account": account}


def database_text() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out, exclude=["contenttypes", "auth.permission"])
    return out.getvalue()


def test_before_erasure_the_dump_holds_the_persons_data(history):
    # The test below is only worth something if the strings are there to begin with.
    text = database_text().lower()
    assert all(secret.lower() in text for secret in SECRETS)


def test_erasure_leaves_no_name_address_phone_or_birth_date_anywhere(history, staff):
    event = history["event"]
    before = Event.objects.values_list("confirmed_count", "waitlisted_count").get(pk=event.pk)
    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))
    # Erasing the merged-away record erases the whole person.
    report = erasure.erase_person(history["twin"], by=staff)
    assert report["records"] == 2 and report["registrations"] == 1
    text = database_text().lower()
    left = [secret for secret in SECRETS if secret.lower() in text]
    assert left == []
    # The name index's vocabulary keeps no word that only their name held.
    folded = set(words_of_name("Günay Zərdabiyeva")) | set(words_of_name("Gunay Zardabiyeva"))
    assert not NameWord.objects.filter(base__in=folded).exists()
    for pk in (history["person"].pk, history["twin"].pk):
        erased = Person.objects.get(pk=pk)
        assert erased.erased_at is not None and erased.full_name == f"erased-{pk}"
        assert not PersonNameWord.objects.filter(person_id=pk).exists()
        assert not PersonNamePair.objects.filter(person_id=pk).exists()
    # Totals stay right: the event's counts, the registrations' statuses, memberships.
    after = Event.objects.values_list("confirmed_count", "waitlisted_count").get(pk=event.pk)
    assert after == before == (2, 0)
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == statuses
    assert Membership.objects.filter(person=history["person"]).count() == 2
    assert not DuplicatePair.objects.exists()
    assert ErasureRequest.objects.get().status == "erased"
    # The log keeps its entries about them, by number only, and says who erased them.
    entries = AuditEntry.objects.filter(target_id=str(history["person"].pk))
    assert {"create", "update", "merge", "person.erased"} <= set(
        entries.values_list("action", flat=True)
    )
    assert entries.get(action="update").changes["email"] == ["[erased]", "[erased]"]
    assert entries.get(action="person.erased").actor == staff
    # Their own entries name their pseudonym; the account can no longer log in.
    account = history["account"]
    account.refresh_from_db()
    assert not account.is_active and account.username == f"erased-user-{account.pk}"
    assert not AuditEntry.objects.filter(actor_name="gunay").exists()
    # The other person keeps their name.
    assert Person.objects.get(pk=history["other"].pk).full_name == "Leyla Əliyeva"
    assert ImportBatch.objects.get().review[1]["reasons"] == ["Leyla ≈ Leyla"]


def test_erasing_the_survivor_takes_the_merged_record_with_it(history, staff):
    erasure.erase_person(history["person"], by=staff)
    assert Person.objects.get(pk=history["twin"].pk).erased_at is not None


def test_a_person_is_erased_once(history, staff):
    erasure.erase_person(history["person"], by=staff)
    with pytest.raises(PeopleError, match="already erased"):
        erasure.erase_person(history["person"], by=staff)


def test_only_committee_staff_may_erase(history, tree):
    manager = UserFactory()
    grant_role(manager, "manager", tree["house"], by=None)
    for user in (manager, history["account"]):
        with pytest.raises(PeopleError, match="Only Committee staff"):
            erasure.erase_person(history["person"], by=user)
        client = Client()
        client.force_login(user)
        response = client.post(f"/en/erasure/people/{history['person'].pk}/")
        assert response.status_code == 403
    assert Person.objects.get(pk=history["person"].pk).erased_at is None
    assert not AuditEntry.objects.filter(action="person.erased").exists()


def test_an_office_account_is_not_erased_with_its_person(history, staff, tree):
    grant_role(history["account"], "manager", tree["house"], by=None)
    with pytest.raises(PeopleError, match="office role"):
        erasure.erase_person(history["person"], by=staff)
    assert Person.objects.get(pk=history["person"].pk).erased_at is None


def test_staff_erase_from_the_page(history, staff):
    client = Client()
    client.force_login(staff)
    url = f"/en/erasure/people/{history['person'].pk}/"
    page = client.get(url)
    assert page.status_code == 200 and "Erase this person" in page.content.decode()
    assert client.post(url).status_code == 302
    assert Person.objects.get(pk=history["person"].pk).erased_at is not None


def test_the_command_erases_and_names_who_decided(history, staff):
    out = io.StringIO()
    call_command("erase_person", str(history["person"].pk), by=staff.username, stdout=out)
    assert "erased" in out.getvalue()
    assert AuditEntry.objects.get(action="person.erased").actor == staff


def test_staff_may_decline_a_request(history, staff):
    client = Client()
    client.force_login(staff)
    request = ErasureRequest.objects.get()
    assert client.post(f"/en/erasure/requests/{request.pk}/decline/").status_code == 302
    request.refresh_from_db()
    assert request.status == "declined" and request.decided_by == staff
    assert Person.objects.get(pk=history["person"].pk).erased_at is None


def test_a_merge_undone_after_erasure_brings_back_no_one(history, staff):
    erasure.erase_person(history["person"], by=staff)
    merge = Merge.objects.get()
    merging.undo_merge(merge, by=staff)
    for pk in (history["person"].pk, history["twin"].pk):
        record = Person.objects.get(pk=pk)
        assert record.email == "" and record.phone == "" and record.birth_date is None
    assert "zərdabiyeva" not in database_text().lower()


def test_the_admin_action_opens_the_erasure_page_for_staff_only(history, staff, tree):
    client = Client()
    client.force_login(staff)
    pk = history["person"].pk
    form = {"action": "erase", "_selected_action": [pk]}
    response = client.post("/en/admin/people/person/", form)
    assert response.status_code == 302 and response["Location"] == f"/en/erasure/people/{pk}/"
    manager = UserFactory()
    grant_role(manager, "manager", tree["house"], by=None)
    client.force_login(manager)
    page = client.get("/en/admin/people/person/").content.decode()
    assert 'value="erase"' not in page


def test_requests_are_listed_in_the_back_office_for_staff_only(history, staff, tree):
    client = Client()
    client.force_login(staff)
    page = client.get("/en/admin/people/erasurerequest/")
    assert page.status_code == 200
    assert f"/en/erasure/people/{history['person'].pk}/" in page.content.decode()
    manager = UserFactory()
    grant_role(manager, "manager", tree["house"], by=None)
    client.force_login(manager)
    assert client.get("/en/admin/people/erasurerequest/").status_code == 403


def test_whatever_a_merge_noted_of_the_person_is_blanked_at_any_depth(history, staff):
    merge = Merge.objects.get()
    merge.moved |= {
        "taken": {"phone": "+4915187654321", "email": "twin.gunay@example.org"},
        "folded": {"registrations": [{"email": "twin.gunay@example.org", "status": "ok"}]},
    }
    merge.save()
    erasure.erase_person(history["person"], by=staff)
    merge.refresh_from_db()
    assert merge.moved["taken"] == {"phone": "", "email": ""}
    assert merge.moved["folded"] == {"registrations": [{"email": "", "status": "ok"}]}
    assert merge.moved["memberships"]  # the ids that moved stay
