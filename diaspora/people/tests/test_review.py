"""Reviewing possible duplicates in the office: side by side, merge, dismiss, undo."""

from datetime import date

import pytest
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.people import services
from diaspora.people.duplicates import scan
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
