"""Values a list gave that could not be read: kept as written on the person, shown on
their record, dropped once the field is corrected, erased with the rest."""

import pytest
from django.test import Client

from diaspora.accounts.models import AuditEntry
from diaspora.accounts.services import grant_role
from diaspora.directory.models import City, Country
from diaspora.people import services
from diaspora.people.erasure import BLANK
from diaspora.people.models import Person
from diaspora.people.tests.factories import UserFactory, member_of


@pytest.fixture
def manager_client(tree):
    user = UserFactory()
    grant_role(user, "manager", tree["house"], by=None)
    client = Client()
    client.force_login(user)
    return client


def unread_person(**values) -> Person:
    person = services.register_person(by=None, full_name="Rəşad Məmmədov", **values)
    Person.objects.filter(pk=person.pk).update(
        unreadable={"phone": "ring me", "city": "Gəncə-2", "email": "not-mail"}
    )
    person.refresh_from_db()
    return person


def test_correcting_a_field_drops_its_unread_value_and_is_audited(db):
    person = unread_person(country=Country.objects.get(code="GB"))
    services.update_person(person, by=None, phone="07700 900123")
    person.refresh_from_db()
    assert person.phone == "+447700900123"
    assert person.unreadable == {"city": "Gəncə-2", "email": "not-mail"}
    entry = AuditEntry.objects.filter(action="update", target_id=str(person.pk)).latest("pk")
    assert entry.changes["unreadable"][1] == {"city": "Gəncə-2", "email": "not-mail"}
    london = City.objects.create(country_id="GB", name="London")
    services.update_person(Person.objects.get(pk=person.pk), by=None, city=london)
    assert Person.objects.get(pk=person.pk).unreadable == {"email": "not-mail"}


def test_a_change_of_another_field_keeps_the_unread_values(db):
    person = unread_person()
    services.update_person(person, by=None, patronymic="Əli oğlu")
    person.refresh_from_db()
    assert set(person.unreadable) == {"phone", "city", "email"}


def test_erasure_forgets_the_unread_values():
    assert BLANK["unreadable"] == {}


def test_the_office_shows_the_unread_values_with_a_hint_and_clears_on_save(tree, manager_client):
    mine = member_of(tree["house"])
    Person.objects.filter(pk=mine.pk).update(unreadable={"email": "rashad(at)mail"})
    url = f"/en/admin/people/person/{mine.pk}/change/"
    page = manager_client.get(url).content.decode()
    assert "Not understood in a list" in page and "rashad(at)mail" in page
    assert "Write a working email address" in page
    response = manager_client.post(
        url,
        {
            "full_name": mine.full_name,
            "given_name": mine.given_name,
            "surname": mine.surname,
            "email": "rashad@example.org",
            "country": "DE",
            "languages": "[]",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "consents-TOTAL_FORMS": "0",
            "consents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.email == "rashad@example.org" and mine.unreadable == {}
    assert "Not understood in a list" not in manager_client.get(url).content.decode()


def test_a_compatriot_sees_their_unread_values_and_corrects_them(tree):
    user = UserFactory()
    person = member_of(tree["house"], user=user, country_id="GB")
    Person.objects.filter(pk=person.pk).update(unreadable={"phone": "8 050 ring"})
    client = Client()
    client.force_login(user)
    page = client.get("/en/me/").content.decode()
    assert "<code>8 050 ring</code>" in page and "could not read" in page
    response = client.post(
        "/en/me/",
        {
            "full_name": person.full_name,
            "given_name": person.given_name,
            "surname": person.surname,
            "phone": "8 (050) 986-98-79",
            "country": "GB",
            "languages": "",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "+994509869879" and person.unreadable == {}
    assert "could not read" not in client.get("/en/me/").content.decode()
