"""Registrations, cancellations and door scans at the same moment, each on its own
database connection: what the event's lock (PostgreSQL) and the IMMEDIATE
transactions (SQLite) promise. The suite runs on both databases."""

import json
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import translation

from diaspora.accounts.services import grant_role
from diaspora.accounts.tokens import issue_token
from diaspora.events import services
from diaspora.events.models import Event, Registration
from diaspora.events.tests.factories import make_event
from diaspora.people.models import Person
from diaspora.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CONFIRMED = Registration.Status.CONFIRMED
WAITLISTED = Registration.Status.WAITLISTED
CANCELLED = Registration.Status.CANCELLED


@pytest.fixture(autouse=True)
def file_database(transactional_db, tmp_path):
    """On SQLite the test database lives in memory, shared between connections through
    SQLite's shared cache, whose table locks fail at once ("database table is locked")
    instead of waiting as a database file's locks do. Here every connection opens a
    copy of it in a file, with the settings' IMMEDIATE transactions and WAL, as the
    application runs."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "concurrency.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    in_memory, memory_settings = connections["default"], connections.settings["default"]
    connections.settings["default"] = {**memory_settings, "NAME": str(path)}
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = in_memory
        connections.settings["default"] = memory_settings


@pytest.fixture(autouse=True)
def quiet_tasks(settings):
    """The confirmation emails are not what these tests watch: enqueued, never run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def at_once(count: int, work: Callable[[int], Any], *, timeout: float = 60) -> list[Any]:
    """Run work(0) … work(count - 1) in as many threads, released together by a barrier,
    each on its own database connection. Returns each result, or the exception raised."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=timeout)
            # The english fixture's override is the main thread's; messages here too.
            with translation.override("en"):
                results[index] = work(index)
        except BaseException as error:  # noqa: BLE001 - handed to the test to assert on
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return results


def errors_in(results: list[Any]) -> list[BaseException]:
    return [result for result in results if isinstance(result, BaseException)]


def assert_counters_match_rows(event: Event) -> None:
    event.refresh_from_db()
    rows = Registration.objects.filter(event=event)
    assert event.confirmed_count == rows.filter(status=CONFIRMED).count()
    assert event.waitlisted_count == rows.filter(status=WAITLISTED).count()
    if event.capacity is not None:
        assert event.confirmed_count <= event.capacity


def register(event: Event, n: int, **extra: Any) -> tuple[Registration, bool]:
    return services.register(
        event,
        given_name=f"Aynur{n}",
        surname="Məmmədova",
        email=f"guest{n}@example.org",
        by=None,
        **extra,
    )


def test_forty_at_once_for_five_places_confirm_five_and_queue_the_rest(tree):
    event = make_event(tree["house"], capacity=5)

    results = at_once(40, lambda n: register(event, n))

    assert errors_in(results) == []
    assert all(created for _registration, created in results)
    statuses = [registration.status for registration, _created in results]
    assert statuses.count(CONFIRMED) == 5
    assert statuses.count(WAITLISTED) == 35
    rows = Registration.objects.filter(event=event)
    assert sorted(rows.values_list("email", flat=True)) == sorted(
        f"guest{n}@example.org" for n in range(40)
    )
    assert_counters_match_rows(event)
    assert (event.confirmed_count, event.waitlisted_count) == (5, 35)
    # The five places went to the first five through the lock: the lowest ids.
    first_five = rows.order_by("id").values_list("status", flat=True)[:5]
    assert set(first_five) == {CONFIRMED}


def test_one_address_sent_twenty_times_at_once_books_one_place_for_one_person(tree):
    event = make_event(tree["house"], capacity=5)

    results = at_once(20, lambda n: register(event, 0))

    assert errors_in(results) == []
    assert [created for _registration, created in results].count(True) == 1
    assert {registration.pk for registration, _created in results} == {
        Registration.objects.get(event=event).pk
    }
    assert Person.objects.filter(email="guest0@example.org").count() == 1
    assert_counters_match_rows(event)


def test_one_address_for_two_events_at_once_is_one_person_with_two_places(tree):
    events = [make_event(tree["house"], capacity=5), make_event(tree["school"], capacity=5)]

    results = at_once(10, lambda n: register(events[n % 2], 0))

    assert errors_in(results) == []
    assert [created for _registration, created in results].count(True) == 2
    assert Person.objects.filter(email="guest0@example.org").count() == 1
    assert Registration.objects.filter(email="guest0@example.org").count() == 2
    for event in events:
        assert_counters_match_rows(event)


def test_cancellations_and_registrations_at_once_promote_first_come_first_served(tree):
    event = make_event(tree["house"], capacity=5)
    queued = [register(event, n)[0] for n in range(15)]  # 5 confirmed, 10 waiting
    leaving = queued[:3] + queued[7:9]  # three places freed, two leave the queue

    def work(n: int):
        if n < len(leaving):
            return services.cancel_registration(leaving[n], by=None)
        return register(event, 100 + n)

    results = at_once(len(leaving) + 15, work)

    assert errors_in(results) == []
    promoted = [r.pk for result in results[: len(leaving)] for r in result]
    assert len(promoted) == len(set(promoted)), "someone was moved up twice"
    assert_counters_match_rows(event)
    assert (event.confirmed_count, event.waitlisted_count) == (5, 20)
    # First come, first served: the active registrations in the order they came
    # (ids are given under the lock) are confirmed up to the capacity, then queued,
    # whoever got there first of the leavers and the newcomers.
    active = Registration.objects.filter(event=event).exclude(status=CANCELLED).order_by("id")
    assert list(active.values_list("status", flat=True)) == [CONFIRMED] * 5 + [WAITLISTED] * 20
    assert list(active[:5].values_list("pk", flat=True)) == [queued[n].pk for n in (3, 4, 5, 6, 9)]
    # Those moved up came from the queue (7 and 8 may have been, before they left).
    assert {queued[n].pk for n in (5, 6, 9)} <= set(promoted)
    assert set(promoted) <= {r.pk for r in queued[5:]}


def test_one_ticket_cancelled_twice_at_once_is_cancelled_once(tree):
    event = make_event(tree["house"], capacity=1)
    first, second = register(event, 0)[0], register(event, 1)[0]

    results = at_once(2, lambda n: services.cancel_registration(first, by=None))

    refused = errors_in(results)
    assert [type(error) for error in refused] == [services.EventError]
    assert [r.pk for r in next(r for r in results if isinstance(r, list))] == [second.pk]
    assert_counters_match_rows(event)
    assert (event.confirmed_count, event.waitlisted_count) == (1, 0)


def test_the_same_ticket_scanned_at_two_doors_at_once_lets_one_in(tree):
    event = make_event(tree["house"], capacity=5)
    ticket = register(event, 0)[0]

    results = at_once(2, lambda n: services.check_in(event, ticket.code, by=None))

    refused = errors_in(results)
    assert len(refused) == 1
    assert isinstance(refused[0], services.CheckInRefused)
    assert "Already checked in" in str(refused[0])
    ticket.refresh_from_db()
    assert ticket.checked_in_at is not None


def test_a_ticket_cancelled_while_it_is_scanned_is_either_cancelled_or_admitted(tree):
    event = make_event(tree["house"], capacity=5)
    ticket = register(event, 0)[0]
    cancelled = threading.Event()

    def work(n: int):
        if n == 0:
            # The cancellation holds its locks a moment, while the door scans the ticket.
            with transaction.atomic():
                services.cancel_registration(ticket, by=None)
                cancelled.set()
                threading.Event().wait(0.5)
            return "cancelled"
        cancelled.wait(10)
        return services.check_in(event, ticket.code, by=None)

    results = at_once(2, work)

    ticket.refresh_from_db()
    assert ticket.status == CANCELLED
    assert ticket.checked_in_at is None
    assert isinstance(results[1], services.CheckInRefused)
    assert "cancelled" in str(results[1])
    assert_counters_match_rows(event)


def test_the_api_under_forty_requests_at_once_answers_each_without_an_error(tree):
    """Through the whole stack (token, middleware, the router): thirty addresses, ten
    of them sent twice, at the same moment."""
    event = make_event(tree["house"], capacity=5)
    manager = UserFactory(username="door-manager")
    grant_role(manager, "manager", tree["house"], by=None)
    token = issue_token(manager)
    addresses = [f"guest{n % 30}@example.org" for n in range(40)]

    def post(n: int):
        body = {"given_name": f"Aynur{n}", "surname": "Məmmədova", "email": addresses[n]}
        return Client().post(
            f"/api/events/{event.pk}/registrations",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    responses = at_once(40, post)

    assert errors_in(responses) == []
    assert [r.status_code for r in responses if r.status_code not in (200, 201)] == []
    created = sorted(addresses[n] for n, r in enumerate(responses) if r.status_code == 201)
    assert created == sorted(set(addresses))
    answered = {r.json()["email"]: r.json()["id"] for r in responses if r.status_code == 201}
    for n, response in enumerate(responses):
        assert response.json()["id"] == answered[addresses[n]]
    counts = Client().get(f"/api/events/{event.pk}").json()
    assert (counts["confirmed"], counts["waitlisted"]) == (5, 25)
    assert_counters_match_rows(event)


def test_two_scans_of_one_ticket_through_the_api_give_one_200_and_one_409(tree):
    event = make_event(tree["house"], capacity=5)
    manager = UserFactory(username="door-manager")
    grant_role(manager, "manager", tree["house"], by=None)
    token = issue_token(manager)
    ticket = register(event, 0)[0]

    def scan(n: int):
        return Client().post(
            f"/api/events/{event.pk}/check-ins",
            json.dumps({"code": ticket.display_code.lower()}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    responses = at_once(2, scan)

    assert errors_in(responses) == []
    assert sorted(r.status_code for r in responses) == [200, 409]
