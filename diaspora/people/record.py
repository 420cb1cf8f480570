"""A person's record as the office reads it: profile, memberships, events, consents,
merges, imports and the audit trail, as one timeline, each part cut to the reader's
reach. Other apps add sections (honours, nominations) by registering a provider."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.accounts.models import AuditEntry, User

from .models import DuplicatePair, Merge, Person
from .queries import visible_memberships, visible_people


@dataclass
class Moment:
    """One dated line of the timeline."""

    at: datetime
    what: str
    detail: str = ""
    url: str = ""
    kind: str = ""  # membership, event, consent, merge, import, audit…


@dataclass
class Section:
    """A part another app adds to the page (honours, nominations): a heading and lines."""

    title: str
    items: list[str] = field(default_factory=list)


# Providers: callable(person, user) -> Section | None. Registered by other apps'
# AppConfig.ready (honours lists a person's honours here).
SECTION_PROVIDERS: list[Callable[[Person, Any], Section | None]] = []


def register_section(provider: Callable[[Person, Any], Section | None]) -> None:
    if provider not in SECTION_PROVIDERS:
        SECTION_PROVIDERS.append(provider)


def sections(person: Person, user: User) -> list[Section]:
    found = (provider(person, user) for provider in SECTION_PROVIDERS)
    return [section for section in found if section is not None]


def person_in_reach(user: User, pk: int) -> Person | None:
    return (
        visible_people(user, Action.PEOPLE_VIEW)
        .select_related("country", "city")
        .filter(pk=pk)
        .first()
    )


def may(user: User, action: Action, person: Person) -> bool:
    """Whether the reader may do the action to this person (the action's own reach)."""
    if action in access.NETWORK_WIDE:
        return access.allowed(user, action)
    return visible_people(user, action).filter(pk=person.pk).exists()


def actions(user: User, person: Person) -> dict[str, str]:
    """The actions the reader's role allows on this record, as links."""
    found: dict[str, str] = {}
    if may(user, Action.PEOPLE_EDIT, person):
        found["edit"] = reverse("admin:people_person_change", args=[person.pk])
    if may(user, Action.PEOPLE_MERGE, person):
        found["merge"] = reverse("duplicates")
    if may(user, Action.PEOPLE_EXPORT, person):
        found["export"] = reverse("person_export", args=[person.pk])
    if may(user, Action.PEOPLE_ERASE, person):
        found["erase"] = reverse("erase_person", args=[person.pk])
    return found


def _moment(day: date | datetime | None) -> datetime | None:
    if day is None:
        return None
    if isinstance(day, datetime):
        return day
    return timezone.make_aware(datetime.combine(day, time.min))


def memberships(user: User, person: Person):
    return (
        visible_memberships(user)
        .filter(person=person)
        .select_related("organisation")
        .order_by("-started_on", "pk")
    )


def registrations(user: User, person: Person):
    from diaspora.events.queries import visible_events

    return (
        person.registrations.filter(event__in=visible_events(user).values("pk"))
        .select_related("event")
        .order_by("-event__starts_at", "-pk")
    )


def online_attendance(user: User, person: Person):
    from diaspora.events.attendance.figures import of_person
    from diaspora.events.queries import visible_events

    return of_person(person.pk).filter(event__in=visible_events(user).values("pk"))


def audit_entries(person: Person):
    return AuditEntry.objects.filter(
        target_type=Person._meta.label_lower, target_id=str(person.pk)
    ).order_by("-at", "-pk")


def open_pairs(user: User, person: Person):
    if not may(user, Action.PEOPLE_MERGE, person):
        return DuplicatePair.objects.none()
    return DuplicatePair.objects.filter(
        Q(first=person) | Q(second=person), status=DuplicatePair.Status.OPEN
    )


def timeline(user: User, person: Person, limit: int = 500) -> list[Moment]:
    """Everything dated about the person that the reader may see, newest first."""
    moments: list[Moment] = [Moment(person.created_at, _("Record created"), kind="record")]
    for membership in memberships(user, person):
        name = membership.organisation.local_name
        if membership.started_on:
            moments.append(
                Moment(
                    _moment(membership.started_on),
                    _("Joined %(name)s") % {"name": name},
                    membership.get_role_display(),
                    kind="membership",
                )
            )
        if membership.ended_on:
            moments.append(
                Moment(
                    _moment(membership.ended_on),
                    _("Left %(name)s") % {"name": name},
                    kind="membership",
                )
            )
    for registration in registrations(user, person):
        event = registration.event
        url = reverse("event", args=[event.pk])
        moments.append(
            Moment(
                registration.registered_at,
                _("Registered for %(event)s") % {"event": event.local_title},
                registration.get_status_display(),
                url,
                "event",
            )
        )
        if registration.checked_in_at:
            moments.append(
                Moment(
                    registration.checked_in_at,
                    _("Checked in at %(event)s") % {"event": event.local_title},
                    url=url,
                    kind="event",
                )
            )
        if registration.cancelled_at:
            moments.append(
                Moment(
                    registration.cancelled_at,
                    _("Registration cancelled: %(event)s") % {"event": event.local_title},
                    url=url,
                    kind="event",
                )
            )
    for attendance in online_attendance(user, person):
        moments.append(
            Moment(
                attendance.event.starts_at,
                _("Attended online: %(event)s") % {"event": attendance.event.local_title},
                _("%(minutes)s minutes") % {"minutes": attendance.minutes},
                reverse("event", args=[attendance.event.pk]),
                "event",
            )
        )
    for consent in person.consents.all():
        moments.append(
            Moment(
                consent.given_at,
                _("Consent given: %(purpose)s") % {"purpose": consent.get_purpose_display()},
                consent.get_method_display(),
                kind="consent",
            )
        )
        if consent.withdrawn_at:
            moments.append(
                Moment(
                    consent.withdrawn_at,
                    _("Consent withdrawn: %(purpose)s")
                    % {"purpose": consent.get_purpose_display()},
                    kind="consent",
                )
            )
    for merge in Merge.objects.filter(survivor=person):
        url = reverse("merge", args=[merge.pk]) if may(user, Action.PEOPLE_MERGE, person) else ""
        moments.append(
            Moment(
                merge.merged_at,
                _("Record no. %(number)s merged into this one") % {"number": merge.merged_id},
                url=url,
                kind="merge",
            )
        )
        if merge.undone_at:
            moments.append(Moment(merge.undone_at, _("Merge undone"), url=url, kind="merge"))
    for entry in audit_entries(person)[:limit]:
        # Field names only: values may name what lies outside the reader's reach.
        fields = ", ".join(sorted(entry.changes)) if isinstance(entry.changes, dict) else ""
        kind = "import" if entry.action == "import" else "audit"
        moments.append(
            Moment(
                entry.at,
                audit.label(entry.action),
                _("by %(who)s") % {"who": entry.actor_name}
                + (f" · {fields}" if fields and "query" not in entry.changes else ""),
                kind=kind,
            )
        )
    moments = [moment for moment in moments if moment.at is not None]
    moments.sort(key=lambda moment: moment.at, reverse=True)
    return moments[:limit]
