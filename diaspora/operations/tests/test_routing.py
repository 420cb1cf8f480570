"""Which database a read goes to, decided per request (test_replica.py runs it against
a real replica): without DATABASE_REPLICA_URL nothing changes."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from diaspora.operations import routing
from diaspora.people.models import Person

router = routing.Router()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(routing, "replica_configured", lambda: True)


def served(method: str = "get", cookie: str | None = None, write: bool = False):
    """The database the view's read went to, and the response."""
    seen = {}

    def view(request):
        if write:
            router.db_for_write(Person)
        seen["read"] = router.db_for_read(Person)
        seen["session"] = router.db_for_read(Session)
        return HttpResponse("ok")

    request = getattr(RequestFactory(), method)("/en/events/")
    if cookie is not None:
        request.COOKIES[routing.COOKIE] = cookie
    response = routing.ReadYourWrites(view)(request)
    return seen, response


def test_without_a_replica_reads_are_not_routed_and_no_cookie_is_set():
    seen, response = served("post", write=True)
    assert seen["read"] is None
    assert routing.COOKIE not in response.cookies


def test_a_plain_read_goes_to_the_replica_and_sets_no_pin(with_replica):
    seen, response = served()
    assert seen == {"read": "replica", "session": "default"}  # sessions: the primary
    assert routing.COOKIE not in response.cookies


def test_a_post_reads_from_the_primary_and_pins_the_browser(with_replica, settings):
    settings.DIASPORA_REPLICA_PIN_SECONDS = 10
    seen, response = served("post")
    assert seen["read"] == "default"
    pinned_until = float(response.cookies[routing.COOKIE].value)
    assert time.time() + 9 < pinned_until <= time.time() + 12
    assert response.cookies[routing.COOKIE]["httponly"]


def test_a_get_that_writes_reads_its_write_and_pins_the_browser(with_replica):
    seen, response = served(write=True)
    assert seen["read"] == "default"
    assert routing.COOKIE in response.cookies


def test_a_pin_holds_until_it_ends_and_a_garbled_one_is_ignored(with_replica):
    assert served(cookie=str(time.time() + 5))[0]["read"] == "default"
    assert served(cookie=str(time.time() - 1))[0]["read"] == "replica"
    assert served(cookie="soon")[0]["read"] == "replica"


@pytest.mark.django_db(transaction=True)  # no test transaction around it
def test_reads_inside_a_transaction_and_outside_requests_use_the_primary(with_replica):
    assert router.db_for_read(Person) == "default"  # a command, a worker
    token = routing._request.set(routing.Reading(pinned=False))
    try:
        assert router.db_for_read(Person) == "replica"
        with transaction.atomic():
            assert router.db_for_read(Person) == "default"  # it may decide a write
    finally:
        routing._request.reset(token)


def test_the_replica_and_the_progress_connection_are_never_migrated():
    assert router.allow_migrate("replica", "people") is False
    assert router.allow_migrate("progress", "people") is False
    assert router.allow_migrate("default", "people") is None
