import pytest
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.people.tests.factories import UserFactory


@pytest.fixture
def office(tree):
    """A client logged in as the manager of the Berlin House."""
    user = UserFactory(username="house-office")
    grant_role(user, "manager", tree["house"], by=None)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def progress_cache(settings, tmp_path):
    """Each test's own progress directory, as the worker and the server share one."""
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "progress"),
        },
    }
    return tmp_path / "progress"


@pytest.fixture
def council_office(tree):
    """A client logged in as the coordinator of the council (who imports organisations)."""
    user = UserFactory(username="council-office")
    grant_role(user, "coordinator", tree["council"], by=None)
    client = Client()
    client.force_login(user)
    return client
