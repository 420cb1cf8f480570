"""Reading events: who may see which, and the world day's celebrations."""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.accounts.models import User
from diaspora.localized import pick
from diaspora.people.queries import own_record

from .models import Event, Registration


def all_events() -> QuerySet[Event]:
    return Event.objects.select_related("kind", "country", "city").prefetch_related("organisers")


def managed_events(
    user: User | AnonymousUser | None, action: Action = Action.EVENTS_ORGANISE
) -> QuerySet[Event]:
    """Events organised by an organisation the action reaches for the user."""
    reached = access.scope(user, action)
    events = all_events()
    if reached.everywhere:
        return events
    if not reached.office:
        return events.none()
    organised = Event.objects.filter(reached.organisations("organisers__")).values("pk")
    return events.filter(pk__in=organised)


def visible_events(user: User | AnonymousUser | None) -> QuerySet[Event]:
    """Public events for everyone; members-only events for the offices their
    organisers' nodes are in (access: events.view) and for members of the organising
    organisations."""
    reached = access.scope(user, Action.EVENTS_VIEW)
    events = all_events()
    if reached.everywhere:
        return events
    visible = Q(audience=Event.Audience.PUBLIC)
    if reached.office:
        organised = Event.objects.filter(reached.organisations("organisers__"))
        visible |= Q(pk__in=organised.values("pk"))
    person = own_record(user) if user is not None else None
    if person is not None:
        organisations = person.memberships.filter(ended_on__isnull=True).values("organisation")
        visible |= Q(pk__in=Event.objects.filter(organisers__in=organisations).values("pk"))
    return events.filter(visible)


def runs(user: User | AnonymousUser | None, event: Event, action: Action) -> bool:
    """Whether the action reaches one of the event's organisers for the user."""
    return access.allowed_any(user, action, event.organisers.all())


def managed_or_refused(
    user: User | AnonymousUser, event_id: int, action: Action = Action.EVENTS_ORGANISE
) -> Event:
    """The event, for a page or API call doing the action on it: Http404 when the
    user may not even see it, PermissionDenied when they may see but not do it.
    The one door of the organisers' pages and the API's organiser calls."""
    event = get_object_or_404(visible_events(user), pk=event_id)
    if not runs(user, event, action):
        raise PermissionDenied(_("Only the event's organisers may do this."))
    return event


def upcoming(events: QuerySet[Event], now: datetime) -> QuerySet[Event]:
    """Events not yet over: an event without an end counts as over a day after it starts."""
    return events.filter(
        Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now - timedelta(days=1))
    ).order_by("starts_at", "id")


def registrations_of(event: Event) -> QuerySet[Registration]:
    return Registration.objects.filter(event=event).select_related("person").order_by("id")


@dataclass(frozen=True)
class WorldDay:
    month: int
    day: int
    kind: str
    names: dict[str, str]

    def on(self, year: int) -> date:
        return date(year, self.month, self.day)

    @property
    def name(self) -> str:
        return pick(self.names)


@cache
def world_day() -> WorldDay | None:
    """The deployment's day celebrated everywhere at once (31 December here), if any."""
    with open(settings.DIASPORA_DEPLOYMENT, encoding="utf-8") as handle:
        config: dict[str, Any] = json.load(handle)
    spec = config.get("world_day")
    if not spec:
        return None
    return WorldDay(spec["month"], spec["day"], spec["kind"], spec["names"])


def world_day_events(events: QuerySet[Event], day: date) -> list[Event]:
    """Events of the world day's kind held on that date in their own time zones."""
    spec = world_day()
    if spec is None:
        return []
    # Local dates span UTC−12 to UTC+14 around the day: read that window, then keep
    # the events whose date in their own zone is the day.
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    window = events.filter(
        kind__code=spec.kind,
        starts_at__gte=midnight - timedelta(hours=14),
        starts_at__lt=midnight + timedelta(hours=36),
    ).select_related("report")
    return [event for event in window if event.local_starts_at.date() == day]
