import pytest

from diaspora import access
from diaspora.access import Action
from diaspora.accounts.services import grant_role
from diaspora.people.tests.factories import UserFactory


def organisations_in_reach(user):
    return access.organisations(user, Action.ORGANISATIONS_VIEW)


@pytest.fixture
def user(db):
    return UserFactory()


def test_anonymous_and_roleless_users_reach_nothing(tree, user):
    from django.contrib.auth.models import AnonymousUser

    assert access.scope(AnonymousUser(), Action.ORGANISATIONS_VIEW).nothing
    assert not access.scope(user, Action.ORGANISATIONS_VIEW).office
    assert not organisations_in_reach(user).exists()


def test_a_role_at_the_root_reaches_the_whole_network(tree, user):
    grant_role(user, "staff", tree["root"], by=None)
    assert access.scope(user, Action.ORGANISATIONS_VIEW).everywhere


def test_a_manager_reaches_their_organisation_only(tree, user):
    grant_role(user, "manager", tree["house"], by=None)
    assert set(organisations_in_reach(user)) == {tree["house"]}


def test_a_coordinator_reaches_the_council_and_below_but_no_sibling(tree, user):
    grant_role(user, "coordinator", tree["council"], by=None)
    reached = set(organisations_in_reach(user))
    assert reached == {tree["council"], tree["house"], tree["school"]}
    assert tree["paris"] not in reached


def test_roles_at_two_nodes_reach_both(tree, user):
    grant_role(user, "manager", tree["house"], by=None)
    grant_role(user, "manager", tree["paris"], by=None)
    assert set(organisations_in_reach(user)) == {tree["house"], tree["paris"]}


def test_granting_a_role_opens_the_back_office_and_revoking_the_last_closes_it(tree, user):
    from diaspora.accounts.services import revoke_role

    role = grant_role(user, "manager", tree["house"], by=None)
    assert user.is_staff
    revoke_role(role, by=None)
    user.refresh_from_db()
    assert not user.is_staff
