import pytest

from diaspora.accounts.services import grant_role
from diaspora.people.tests.factories import UserFactory


@pytest.fixture
def staff(tree):
    user = UserFactory(username="committee", email="committee@example.org")
    grant_role(user, "staff", tree["root"], by=None)
    return user


@pytest.fixture
def coordinator(tree):
    user = UserFactory(username="council", email="council@example.org")
    grant_role(user, "coordinator", tree["council"], by=None)
    return user


@pytest.fixture
def manager(tree):
    user = UserFactory(username="house", email="house@example.org")
    grant_role(user, "manager", tree["house"], by=None)
    return user


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
