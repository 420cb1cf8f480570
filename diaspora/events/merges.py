"""What a merge of two people does to their registrations: one place per event.

Registrations move with the person (`merging.RELATIONS`); when both records held a
place for the same event, one is kept and the other cancelled, the event's totals
and waiting list following as for any cancellation; an undo gives it back.

These functions trust their caller: they run inside `people.merging`, whose pages
ask access (people.merge) first."""

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from diaspora.accounts import audit
from diaspora.accounts.models import User
from diaspora.people.models import Person

from .models import Event, Registration
from .services import _count, _promote, locked

ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


def best(registration: Registration) -> tuple[bool, bool, int]:
    """The registration a fold keeps comes first: the guest who arrived, then a
    confirmed place before a place in the queue, then the older one."""
    return (
        registration.checked_in_at is None,
        registration.status != Registration.Status.CONFIRMED,
        registration.pk,
    )


def fold_registrations(survivor: Person, other: Person, by: User | None) -> list[dict]:
    """Before the other's registrations move: where both records hold an active
    registration for one event, cancel one, keeping the best (see `best`); two
    guests who both arrived stay (each arrival happened). Returns notes for
    `unfold_registrations`. Trusts its caller."""
    active = Registration.objects.filter(status__in=ACTIVE).order_by("pk")
    held = {row.event_id: row for row in active.filter(person=survivor)}
    notes = []
    for row in active.filter(person=other):
        twin = held.get(row.event_id)
        if twin is None:
            continue
        keep, drop = sorted((twin, row), key=best)
        held[row.event_id] = keep
        if drop.checked_in_at is None:
            notes.append(cancel_twin(drop, keep, by=by))
    return notes


def cancel_twin(drop: Registration, keep: Registration, *, by: User | None) -> dict:
    event = locked(drop.event)
    was = drop.status
    drop.status, drop.cancelled_at = Registration.Status.CANCELLED, timezone.now()
    drop.save(update_fields=["status", "cancelled_at"])
    _count(event, was, -1)
    audit.record(
        actor=by,
        action="fold registration",
        target=drop,
        changes={"status": [was, drop.status], "kept": [None, keep.pk]},
    )
    _promote(event, by=by)
    return {"registration": drop.pk, "status": was, "cancelled_at": drop.cancelled_at.isoformat()}


@transaction.atomic
def unfold_registrations(notes: list[dict], by: User | None) -> None:
    """Give back each registration a merge cancelled, unless it changed since. A
    confirmed place whose event has filled up since goes to the waiting list."""
    for note in notes:
        registration = Registration.objects.select_for_update().get(pk=note["registration"])
        if registration.status != Registration.Status.CANCELLED or (
            registration.cancelled_at != parse_datetime(note["cancelled_at"])
        ):
            continue
        event = locked(registration.event)
        status = note["status"]
        if status == Registration.Status.CONFIRMED and full(event):
            status = Registration.Status.WAITLISTED
        registration.status, registration.cancelled_at = status, None
        registration.save(update_fields=["status", "cancelled_at"])
        _count(event, status, +1)
        audit.record(
            actor=by,
            action="unfold registration",
            target=registration,
            changes={"status": [Registration.Status.CANCELLED, status]},
        )
        _promote(event, by=by)  # a place freed since goes to the queue, this one first


def full(event: Event) -> bool:
    return event.capacity is not None and event.confirmed_count >= event.capacity
