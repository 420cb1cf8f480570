"""Fixtures shared by every app's tests: a configured network with a small tree."""

import pytest
from django.conf import settings
from django.utils import translation

from diaspora.directory import services as directory
from diaspora.directory.models import Country, OrganisationKind


def sign_in(client, user) -> None:
    """The one way tests log a user in: whatever a login comes to need (a second
    factor for office roles), it is added here."""
    client.force_login(user)


@pytest.fixture(autouse=True)
def english():
    """Messages made outside a request (services, commands) in English, whatever the
    deployment's first language; requests still choose theirs."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Tasks run where they are enqueued; test_tasks.py runs the database queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def one_process_caches(settings):
    """Both caches in the test's own process, as the test client is one process: on
    PostgreSQL the settings keep them in the database, which
    operations/tests/test_processes.py tests with real processes (and a test that
    needs no database could not reach them)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"},
        "progress": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
    }


@pytest.fixture(autouse=True)
def fresh_cache(one_process_caches):
    """Lockout counters, used TOTP codes and the ticket mails' interval live in the
    default cache: each test starts with none left by another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def office_users_have_a_second_factor(monkeypatch):
    """An office user a test logs in has enrolled an authenticator app, as every real
    one must have before any page opens (diaspora/accounts/second_factor.py): the
    enforcement stays on; test_second_factor.py logs one in without it."""
    from django.test import Client

    from diaspora.accounts.tests.login_helpers import enrol_if_office

    force_login = Client.force_login

    def force_login_enrolled(self, user, backend=None):
        enrol_if_office(user)
        return force_login(self, user, backend)

    monkeypatch.setattr(Client, "force_login", force_login_enrolled)


@pytest.fixture
def root(db):
    from diaspora.events.services import configure_events

    config = directory.load_deployment(settings.DIASPORA_DEPLOYMENT)
    configure_events(config)
    return directory.configure_network(config)


@pytest.fixture
def kinds(root):
    return {kind.code: kind for kind in OrganisationKind.objects.all()}


@pytest.fixture
def tree(root, kinds):
    """Committee → council (DE) → house Berlin, school Berlin; Committee → association (FR)."""
    from diaspora.directory.tests.factories import make_organisation

    council = make_organisation(root, kinds["council"], "Council of Germany", "DE", "Berlin")
    house = make_organisation(council, kinds["house"], "Azerbaijan House in Berlin", "DE", "Berlin")
    school = make_organisation(council, kinds["school"], "Sunday School, Hamburg", "DE", "Hamburg")
    paris = make_organisation(root, kinds["association"], "Vatan Society, Paris", "FR", "Paris")
    return {"root": root, "council": council, "house": house, "school": school, "paris": paris}


@pytest.fixture
def country():
    return lambda code: Country.objects.get(code=code)


from diaspora.browser import browser, page, phone  # noqa: E402,F401  (shared fixtures)
