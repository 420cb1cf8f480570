from datetime import date, timedelta

import pytest

from diaspora.accounts.models import AuditEntry
from diaspora.directory.models import Country
from diaspora.people import services
from diaspora.people.models import Consent, Person


def test_a_name_as_written_is_kept_and_split_into_parts(db):
    person = services.register_person(by=None, full_name="  МАМЕДОВ   Али Гусейн оглы ")
    assert person.full_name == "МАМЕДОВ Али Гусейн оглы"
    assert person.script == Person.Script.CYRILLIC
    assert person.surname.lower() == "мамедов"
    assert person.given_name == "Али"
    assert "Гусейн" in person.patronymic


def test_name_parts_alone_make_the_full_name(db):
    person = services.register_person(by=None, given_name="Əli", surname="Məmmədov")
    assert person.full_name == "Əli Məmmədov"
    assert person.script == Person.Script.LATIN_AZ


def test_a_person_without_any_name_is_refused(db):
    with pytest.raises(services.PeopleError) as error:
        services.register_person(by=None, email="x@example.org")
    assert error.value.field == "full_name"
    assert not Person.objects.exists()


def test_phone_numbers_are_stored_in_international_form(db):
    germany = Country.objects.get(code="DE")
    person = services.register_person(
        by=None, full_name="Aliyev Ali", country=germany, phone="030 1234 5678"
    )
    assert person.phone == "+493012345678"
    person = services.update_person(person, by=None, phone="+994 (50) 123-45-67")
    assert person.phone == "+994501234567"
    person = services.update_person(person, by=None, phone="00994 50 123 45 68")
    assert person.phone == "+994501234568"


def test_an_unreadable_phone_number_is_refused_with_the_value(db):
    with pytest.raises(services.PeopleError) as error:
        services.register_person(by=None, full_name="Aliyev Ali", phone="call me maybe")
    assert "call me maybe" in str(error.value) and error.value.field == "phone"


def test_a_birth_date_in_the_future_is_refused(db):
    with pytest.raises(services.PeopleError):
        services.register_person(
            by=None, full_name="Aliyev Ali", birth_date=date.today() + timedelta(days=1)
        )


def test_every_change_is_audited_with_before_and_after(db):
    person = services.register_person(by=None, full_name="Aliyev Ali")
    services.update_person(person, by=None, email="ali@example.org")
    entries = AuditEntry.objects.filter(target_id=str(person.pk)).order_by("id")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].changes == {"email": ["", "ali@example.org"]}


def test_changing_the_full_name_re_derives_parts_and_script(db):
    person = services.register_person(by=None, full_name="Əli Məmmədov")
    services.update_person(person, by=None, full_name="Мамедов Али")
    person.refresh_from_db()
    assert person.script == Person.Script.CYRILLIC and person.given_name == "Али"


def test_a_withdrawn_consent_is_kept_and_stamped(db):
    person = services.register_person(by=None, full_name="Aliyev Ali")
    consent = services.give_consent(person, Consent.Purpose.CONTACT, by=None, method="web")
    services.withdraw_consent(consent, by=None)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and not consent.is_active
    assert AuditEntry.objects.filter(action="withdraw consent", target_id=str(person.pk)).exists()


def test_a_membership_cannot_end_before_it_started(tree):
    person = services.register_person(by=None, full_name="Aliyev Ali")
    membership = services.add_membership(
        person, tree["house"], by=None, started_on=date(2020, 1, 1)
    )
    with pytest.raises(services.PeopleError):
        services.end_membership(membership, by=None, on=date(2019, 1, 1))
