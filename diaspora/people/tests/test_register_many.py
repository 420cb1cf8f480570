"""Many people registered at once from records as register_person takes them."""

import pytest

from diaspora.accounts.models import AuditEntry
from diaspora.people import services
from diaspora.people.models import Person

pytestmark = pytest.mark.django_db


def test_records_are_checked_then_written_as_an_import_writes_them(tree, country):
    ids = services.register_many(
        [{"full_name": "Rəşad Məmmədov", "phone": "030 1234567", "country": country("DE")}],
        by=None,
        organisation=tree["house"],
        roles=["board"],
        since=[None],
    )
    rashad = Person.objects.get(pk=ids[0])
    assert rashad.phone == "+49301234567" and rashad.surname == "Məmmədov"
    assert rashad.memberships.get().role == "board" and rashad.consents.count() == 1
    changes = AuditEntry.objects.get(target_id=str(rashad.pk)).changes
    assert changes["country"] == [None, "DE"] and changes["organisation"][1] == tree["house"].pk


def test_a_record_the_registry_refuses_stops_the_whole_batch(tree, country):
    with pytest.raises(services.PeopleError):
        services.register_many(
            [
                {"full_name": "Rəşad Məmmədov", "country": country("DE")},
                {"full_name": "Elçin Əliyev", "phone": "12", "country": country("DE")},
            ],
            by=None,
            organisation=tree["house"],
            roles=["member"] * 2,
            since=[None] * 2,
        )
    assert Person.objects.count() == 0


def test_a_city_of_another_country_is_refused(tree):
    paris = tree["paris"].city  # in France
    with pytest.raises(services.PeopleError) as refusal:
        services.register_rows(
            [
                {"full_name": "Aygün Hüseynova", "country_id": "FR", "city_id": paris.pk},
                {"full_name": "Rəşad Məmmədov", "country_id": "DE", "city_id": paris.pk},
            ],
            by=None,
            organisation=tree["house"],
            roles=["member"] * 2,
            since=[None] * 2,
        )
    assert refusal.value.field == "city"
    assert Person.objects.count() == 0
