"""A merge of two people keeps one registration per event, with the event's totals
right, and its undo gives the other back."""

import pytest
from django.utils import timezone

from diaspora.accounts.models import AuditEntry
from diaspora.events import services
from diaspora.events.models import Event, Registration
from diaspora.people.merging import merge_people, undo_merge

from .factories import make_event

pytestmark = pytest.mark.django_db


def sign_up(event, n):
    registration, _created = services.register(
        event, given_name=f"Guest{n}", surname="Əliyev", email=f"guest{n}@example.org", by=None
    )
    return registration


def totals_are_right(event: Event) -> tuple[int, int]:
    event.refresh_from_db()
    rows = Registration.objects.filter(event=event)
    assert event.confirmed_count == rows.filter(status="confirmed").count()
    assert event.waitlisted_count == rows.filter(status="waitlisted").count()
    return event.confirmed_count, event.waitlisted_count


def test_two_places_of_one_person_become_one_and_the_queue_moves_up(tree):
    event = make_event(tree["house"], capacity=2)
    mine, twin, queued = (sign_up(event, n) for n in range(3))
    assert queued.status == "waitlisted"
    merge = merge_people(mine.person, twin.person, by=None)
    assert list(
        Registration.objects.filter(event=event, person=mine.person)
        .exclude(status="cancelled")
        .values_list("pk", flat=True)
    ) == [mine.pk]
    twin.refresh_from_db()
    queued.refresh_from_db()
    assert twin.status == "cancelled" and queued.status == "confirmed"
    assert totals_are_right(event) == (2, 0)
    assert AuditEntry.objects.filter(action="fold registration", target_id=str(twin.pk)).exists()

    undo_merge(merge, by=None)
    twin.refresh_from_db()
    assert twin.person_id != mine.person_id and twin.cancelled_at is None
    assert twin.status == "waitlisted"  # its place went to the queue meanwhile
    assert totals_are_right(event) == (2, 1)


def test_the_ticket_used_at_the_door_is_the_one_kept(tree):
    event = make_event(tree["house"])
    mine, arrived = sign_up(event, 0), sign_up(event, 1)
    services.check_in(event, arrived.code, by=None)
    merge = merge_people(mine.person, arrived.person, by=None)
    mine.refresh_from_db()
    arrived.refresh_from_db()
    assert (mine.status, arrived.status) == ("cancelled", "confirmed")
    assert arrived.person_id == mine.person_id
    assert totals_are_right(event) == (1, 0)
    undo_merge(merge, by=None)
    mine.refresh_from_db()
    assert mine.status == "confirmed" and totals_are_right(event) == (2, 0)


def test_an_undo_leaves_a_registration_changed_since_the_merge(tree):
    event = make_event(tree["house"])
    mine, twin = sign_up(event, 0), sign_up(event, 1)
    merge = merge_people(mine.person, twin.person, by=None)
    twin.refresh_from_db()
    twin.cancelled_at = timezone.now()  # cancelled again since, by another hand
    twin.save(update_fields=["cancelled_at"])
    undo_merge(merge, by=None)
    twin.refresh_from_db()
    assert twin.status == "cancelled" and totals_are_right(event) == (1, 0)


def test_registrations_for_different_events_all_stay(tree):
    one, two = make_event(tree["house"]), make_event(tree["house"], title="Novruz")
    mine, theirs = sign_up(one, 0), sign_up(two, 1)
    merge_people(mine.person, theirs.person, by=None)
    assert not Registration.objects.filter(status="cancelled").exists()
