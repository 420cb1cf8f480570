import pytest
from django.contrib.auth.models import AnonymousUser

from diaspora.accounts.services import grant_role
from diaspora.people.queries import visible_people
from diaspora.people.tests.factories import PersonFactory, UserFactory, member_of


@pytest.fixture
def members(tree):
    return {
        "house": member_of(tree["house"]),
        "school": member_of(tree["school"]),
        "paris": member_of(tree["paris"], country_id="FR"),
        "nowhere": PersonFactory(),
    }


def test_nobody_anonymous_sees_anyone(members):
    assert not visible_people(AnonymousUser()).exists()


def test_committee_staff_see_everyone_including_people_in_no_organisation(tree, members):
    user = UserFactory()
    grant_role(user, "staff", tree["root"], by=None)
    assert set(visible_people(user)) == set(members.values())


def test_a_manager_sees_their_members_only(tree, members):
    user = UserFactory()
    grant_role(user, "manager", tree["house"], by=None)
    assert set(visible_people(user)) == {members["house"]}


def test_a_coordinator_sees_the_members_below_the_council_never_a_sibling(tree, members):
    user = UserFactory()
    grant_role(user, "coordinator", tree["council"], by=None)
    assert set(visible_people(user)) == {members["house"], members["school"]}


def test_a_compatriot_sees_their_own_record(members):
    user = UserFactory()
    members["nowhere"].user = user
    members["nowhere"].save()
    assert list(visible_people(user)) == [members["nowhere"]]


def test_a_person_in_two_organisations_is_listed_once(tree, members):
    from diaspora.people.models import Membership

    Membership.objects.create(person=members["house"], organisation=tree["school"])
    user = UserFactory()
    grant_role(user, "coordinator", tree["council"], by=None)
    assert visible_people(user).filter(pk=members["house"].pk).count() == 1
