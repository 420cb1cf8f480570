"""Reviewing possible duplicates in the office: side by side, merge, dismiss, undo."""

from datetime import date

import pytest
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.people import services
from diaspora.people.duplicates import scan
from diaspora.people.merging import merge_people
from diaspora.people.models import DuplicatePair, Merge, Person
from diaspora.people.tests.factories import UserFactory


@pytest.fixture
def pair(tree):
    latin = services.register_person(
        by=None, full_name="Rəşad Əliyev", birth_date=date(1980, 7, 5), email="r@example.org"
    )
    cyrillic = services.register_person(
        by=None, full_name="АЛИЕВ Рашад", birth_date=date(1980, 7, 5), phone="+994501234567"
    )
    services.add_membership(latin, tree["house"], by=None)
    services.add_membership(cyrillic, tree["house"], by=None)
    scan()
    return DuplicatePair.objects.get()


def office_of(organisation, kind="manager"):
    user = UserFactory()
    grant_role(user, kind, organisation, by=None)
    client = Client()
    client.force_login(user)
    return client


def test_the_office_sees_the_pair_side_by_side(tree, pair):
    client = office_of(tree["house"])
    assert "Rəşad Əliyev · АЛИЕВ Рашад" in client.get("/en/duplicates/").content.decode()
    page = client.get(f"/en/duplicates/{pair.pk}/").content.decode()
    assert "r@example.org" in page and "+994501234567" in page
    assert "same date of birth" in page


def test_a_merge_takes_the_chosen_values_and_can_be_undone(tree, pair):
    client = office_of(tree["house"])
    response = client.post(
        f"/en/duplicates/{pair.pk}/",
        {
            "merge": "",
            "keep": "first",
            "full_name": "first",
            "surname": "first",
            "given_name": "first",
            "email": "first",
            "phone": "second",
        },
    )
    merge = Merge.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/en/duplicates/merges/{merge.pk}/"
    )
    survivor = Person.objects.get(pk=pair.first_id)
    assert survivor.phone == "+994501234567" and survivor.email == "r@example.org"
    assert Person.objects.get(pk=pair.second_id).merged_into == survivor
    client.post(f"/en/duplicates/merges/{merge.pk}/")
    assert Person.objects.get(pk=pair.second_id).merged_into is None
    assert Person.objects.get(pk=pair.first_id).phone == ""
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.OPEN


def test_two_people_are_dismissed_and_not_raised_again(tree, pair):
    office_of(tree["house"]).post(f"/en/duplicates/{pair.pk}/", {"dismiss": ""})
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.DISMISSED
    assert scan() == 0


def test_a_pair_outside_the_reach_is_not_found(tree, pair):
    client = office_of(tree["paris"])
    assert client.get(f"/en/duplicates/{pair.pk}/").status_code == 404
    assert "АЛИЕВ" not in client.get("/en/duplicates/").content.decode()


def test_a_compatriot_cannot_review(tree, pair):
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/en/duplicates/").status_code == 403


@pytest.fixture
def committee_merge(tree):
    """The Committee merged a House member with a Paris member."""
    house = services.register_person(by=None, full_name="Nigar Cavadova", email="n@example.org")
    paris = services.register_person(by=None, full_name="Нигяр Джавадова", phone="+33612345678")
    services.add_membership(house, tree["house"], by=None)
    services.add_membership(paris, tree["paris"], by=None)
    return house, paris


@pytest.mark.parametrize("survivor_side", ["house", "paris"])
def test_a_merge_with_a_record_outside_the_reach_is_neither_shown_nor_undone(
    tree, committee_merge, survivor_side
):
    house, paris = committee_merge
    survivor, other = (house, paris) if survivor_side == "house" else (paris, house)
    merge = merge_people(survivor, other, by=None)
    client = office_of(tree["house"])
    page = client.get(f"/en/duplicates/merges/{merge.pk}/")
    assert page.status_code == 404
    assert "Cavadova" not in page.content.decode() and "Джавадова" not in page.content.decode()
    assert client.post(f"/en/duplicates/merges/{merge.pk}/").status_code == 404
    merge.refresh_from_db()
    assert merge.undone_at is None


def test_a_merge_of_two_records_in_reach_is_shown_and_undone_and_shown_again(tree, pair):
    merge = merge_people(pair.first, pair.second, by=None)
    client = office_of(tree["council"])
    assert client.get(f"/en/duplicates/merges/{merge.pk}/").status_code == 200
    assert client.post(f"/en/duplicates/merges/{merge.pk}/").status_code == 302
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert client.get(f"/en/duplicates/merges/{merge.pk}/").status_code == 200
    assert office_of(tree["paris"]).get(f"/en/duplicates/merges/{merge.pk}/").status_code == 404


def test_the_committee_opens_any_merge(tree, committee_merge):
    merge = merge_people(*committee_merge, by=None)
    assert (
        office_of(tree["root"], "staff").get(f"/en/duplicates/merges/{merge.pk}/").status_code
        == 200
    )


def test_a_pair_shows_only_the_memberships_within_the_reach(tree, pair):
    services.add_membership(pair.second, tree["paris"], by=None)
    page = office_of(tree["house"]).get(f"/en/duplicates/{pair.pk}/").content.decode()
    assert "Azerbaijan House in Berlin" in page
    assert "Vatan Society" not in page


def test_a_pair_with_one_record_outside_the_reach_is_neither_shown_nor_merged(
    tree, committee_merge
):
    house, paris = committee_merge
    first, second = sorted((house, paris), key=lambda person: person.pk)
    pair = DuplicatePair.objects.create(first=first, second=second, score=0.9)
    client = office_of(tree["house"])
    assert client.get(f"/en/duplicates/{pair.pk}/").status_code == 404
    response = client.post(f"/en/duplicates/{pair.pk}/", {"merge": "", "keep": "first"})
    assert response.status_code == 404
    assert not Merge.objects.exists()
    assert client.post(f"/en/duplicates/{pair.pk}/", {"dismiss": ""}).status_code == 404
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.OPEN


def test_a_pair_with_one_record_outside_the_reach_is_shown_only_to_a_role_that_sees_both(tree):
    inside = services.register_person(
        by=None, full_name="Rəşad Əliyev", birth_date=date(1980, 7, 5)
    )
    outside = services.register_person(
        by=None, full_name="АЛИЕВ Рашад", birth_date=date(1980, 7, 5)
    )
    services.add_membership(inside, tree["house"], by=None)
    services.add_membership(outside, tree["paris"], by=None)
    scan()
    pair = DuplicatePair.objects.get()
    for organisation in (tree["house"], tree["paris"]):
        client = office_of(organisation)
        assert client.get(f"/en/duplicates/{pair.pk}/").status_code == 404
        page = client.get("/en/duplicates/").content.decode()
        assert "АЛИЕВ" not in page and "Rəşad" not in page
    page = office_of(tree["root"], "staff").get("/en/duplicates/").content.decode()
    assert "Rəşad Əliyev · АЛИЕВ Рашад" in page
