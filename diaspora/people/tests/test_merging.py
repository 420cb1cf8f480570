"""A merge keeps every relation, leaves the other record pointing at the survivor,
and an undo restores both records exactly."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diaspora.accounts.models import AuditEntry
from diaspora.directory.models import Country
from diaspora.people import services
from diaspora.people.merging import KEPT, TAKEABLE, merge_people, undo_merge
from diaspora.people.models import (
    Consent,
    Membership,
    Person,
    PersonNamePair,
    PersonNameWord,
)
from diaspora.people.queries import current_people
from diaspora.people.search import search_people
from diaspora.people.tests.factories import UserFactory


def state():
    through = Person.citizenships.through
    return (
        list(Person.objects.order_by("pk").values(*KEPT, "merged_into_id", "user_id")),
        sorted(Membership.objects.values_list("pk", "person_id", "organisation_id", "role")),
        sorted(Consent.objects.values_list("pk", "person_id", "purpose", "withdrawn_at")),
        sorted(through.objects.values_list("person_id", "country_id")),
        sorted(PersonNameWord.objects.values_list("person_id", "word_id", "patronymic")),
        sorted(PersonNamePair.objects.values_list("person_id", "pair")),
    )


@pytest.fixture
def twins(tree):
    latin = services.register_person(
        by=None, full_name="Rəşad Əliyev", birth_date=date(1980, 7, 5), email="r@example.org"
    )
    cyrillic = services.register_person(
        by=None,
        full_name="АЛИЕВ Рашад Алиевич",
        phone="+994501234567",
        country=Country.objects.get(code="RU"),
        citizenships=[Country.objects.get(code="AZ")],
        user=UserFactory(username="rashad"),
    )
    services.add_membership(latin, tree["house"], by=None)
    services.add_membership(cyrillic, tree["paris"], by=None)
    services.give_consent(cyrillic, Consent.Purpose.CONTACT, by=None, method="web")
    return latin, cyrillic


def test_a_merge_keeps_every_relation_and_points_the_other_at_the_survivor(twins):
    survivor, other = twins
    merge_people(survivor, other, by=None, take=("phone", "country"))
    survivor.refresh_from_db()
    other.refresh_from_db()
    assert other.merged_into == survivor
    assert survivor.phone == "+994501234567" and survivor.country_id == "RU"
    assert survivor.email == "r@example.org"  # kept where nothing was taken
    assert {m.organisation.name for m in survivor.memberships.all()} == {
        "Azerbaijan House in Berlin",
        "Vatan Society, Paris",
    }
    assert survivor.consents.filter(purpose=Consent.Purpose.CONTACT).exists()
    assert list(survivor.citizenships.values_list("code", flat=True)) == ["AZ"]
    assert survivor.user.username == "rashad"
    assert other not in current_people()
    assert AuditEntry.objects.filter(action="merge", target_id=str(survivor.pk)).exists()
    found = search_people("Алиев Рашад", current_people())
    assert [f.person for f in found] == [survivor]


def test_an_undo_restores_both_records_exactly(twins):
    survivor, other = twins
    before = state()
    merge = merge_people(survivor, other, by=None, take=("full_name", "phone", "country"))
    assert state() != before
    undo_merge(merge, by=None)
    assert state() == before


def test_a_merge_is_undone_once_and_in_order(twins, tree):
    survivor, other = twins
    third = services.register_person(by=None, full_name="Rashad Aliyev")
    first = merge_people(survivor, other, by=None)
    merge_people(survivor, third, by=None)
    with pytest.raises(services.PeopleError):
        undo_merge(first, by=None)  # the later merge comes first
    with pytest.raises(services.PeopleError):
        merge_people(survivor, other, by=None)  # already merged


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    take=st.sets(st.sampled_from(TAKEABLE)),
    extra_memberships=st.integers(min_value=0, max_value=3),
    swap=st.booleans(),
    shared=st.lists(st.none() | st.dates(date(1990, 1, 1), date(2030, 1, 1)), max_size=3),
)
def test_merge_then_undo_restores_the_exact_prior_state(
    twins, tree, take, extra_memberships, swap, shared
):
    survivor, other = twins if not swap else twins[::-1]
    for _number in range(extra_memberships):
        services.add_membership(other, tree["school"], by=None, role="volunteer")
    # Memberships of the survivor's organisation too, which the merge folds.
    held = Membership.objects.filter(person=survivor).first().organisation
    for started_on in shared:
        services.add_membership(other, held, by=None, started_on=started_on)
    before = state()
    merge = merge_people(survivor, other, by=None, take=tuple(sorted(take)))
    undo_merge(merge, by=None)
    assert state() == before


def test_an_undo_keeps_an_edit_made_to_the_survivor_since_the_merge(twins):
    survivor, other = twins
    merge = merge_people(survivor, other, by=None, take=("phone", "country"))
    services.update_person(Person.objects.get(pk=survivor.pk), by=None, phone="+994507654321")
    undo_merge(merge, by=None)
    survivor.refresh_from_db()
    assert survivor.phone == "+994507654321"  # edited since: the edit stays
    assert survivor.country_id is None  # still what the merge wrote: given back
    entry = AuditEntry.objects.filter(action="undo merge", target_id=str(survivor.pk)).get()
    assert entry.changes["kept since the merge"] == [None, ["phone"]]
    assert entry.changes["country_id"] == ["RU", None]


def test_an_undo_keeps_a_name_written_since_with_its_script(twins):
    survivor, other = twins
    merge = merge_people(survivor, other, by=None, take=("full_name",))
    services.update_person(Person.objects.get(pk=survivor.pk), by=None, full_name="Алиев Рашад")
    undo_merge(merge, by=None)
    survivor.refresh_from_db()
    assert (survivor.full_name, survivor.script) == ("Алиев Рашад", "cyrillic")


def test_a_merge_recorded_before_its_values_were_kept_is_undone_from_its_audit_entry(twins):
    survivor, other = twins
    merge = merge_people(survivor, other, by=None, take=("phone", "country"))
    merge.moved.pop("taken")
    merge.save(update_fields=["moved"])
    services.update_person(Person.objects.get(pk=survivor.pk), by=None, phone="+994507654321")
    undo_merge(merge, by=None)
    survivor.refresh_from_db()
    assert (survivor.phone, survivor.country_id) == ("+994507654321", None)


def test_two_memberships_of_one_organisation_become_the_earliest_and_come_back(twins, tree):
    survivor, other = twins
    services.add_membership(other, tree["house"], by=None, started_on=date(2015, 3, 1))
    before = state()
    merge = merge_people(survivor, other, by=None)
    held = survivor.memberships.filter(organisation=tree["house"])
    assert [m.started_on for m in held] == [date(2015, 3, 1)]  # the earliest known start
    assert survivor.memberships.filter(organisation=tree["paris"]).count() == 1
    assert AuditEntry.objects.filter(action="fold membership").count() == 1
    undo_merge(merge, by=None)
    assert state() == before


def test_memberships_of_one_organisation_at_different_times_both_stay(twins, tree):
    survivor, other = twins
    first = Membership.objects.get(person=survivor)
    first.started_on, first.ended_on = date(2001, 1, 1), date(2005, 1, 1)
    first.save()
    services.add_membership(other, tree["house"], by=None, started_on=date(2019, 9, 1))
    merge_people(survivor, other, by=None)
    assert survivor.memberships.filter(organisation=tree["house"]).count() == 2
