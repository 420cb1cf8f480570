"""The records behind a figure, cut to the reader's reach: the figure's count is
shown to anyone who sees the figure; its records only as far as each reader may
open them (people through diaspora.access, events as the events pages show them)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from diaspora.access import Action
from diaspora.directory.models import Country, Organisation
from diaspora.events.models import Attendance, EventReport, Registration
from diaspora.events.queries import managed_events, visible_events
from diaspora.people.queries import visible_people

from . import figures


@dataclass
class Item:
    type: str
    id: Any
    label: str
    url: str


def reachable(model: str, user: Any) -> QuerySet:
    """Every record of the type the user may open."""
    if model == figures.ORGANISATION:
        return Organisation.objects.select_related("kind", "country")
    if model == figures.COUNTRY:
        return Country.objects.all()
    if model == figures.PERSON:
        return visible_people(user, Action.PEOPLE_VIEW)
    if model == figures.EVENT:
        return visible_events(user)
    organised = managed_events(user, Action.EVENTS_ORGANISE).values("pk")
    if model == figures.REGISTRATION:
        return Registration.objects.filter(event__in=organised).select_related("event")
    if model == figures.ATTENDANCE:
        return Attendance.objects.filter(event__in=organised).select_related("event")
    if model == figures.EVENT_REPORT:
        reported = managed_events(user, Action.EVENTS_REPORT).values("pk")
        return EventReport.objects.filter(event__in=reported).select_related("event")
    raise ValueError(model)


def within_reach(model: str, ids: list[Any], user: Any) -> QuerySet:
    """The figure's records the user may open, in a stable order."""
    return reachable(model, user).filter(pk__in=ids).order_by("pk")


def item(model: str, record: Any) -> Item:
    if model == figures.ORGANISATION:
        url = reverse("organisation", args=[record.slug])
        return Item("organisation", record.pk, record.local_name, url)
    if model == figures.COUNTRY:
        return Item("country", record.pk, record.name, reverse("country", args=[record.pk]))
    if model == figures.PERSON:
        return Item("person", record.pk, record.full_name, reverse("person", args=[record.pk]))
    if model == figures.EVENT:
        return Item("event", record.pk, record.local_title, reverse("event", args=[record.pk]))
    if model == figures.REGISTRATION:
        url = reverse("event_registrations", args=[record.event_id])
        return Item("registration", record.pk, f"{record.full_name} · {record.event}", url)
    if model == figures.ATTENDANCE:
        url = reverse("event_attendance", args=[record.event_id])
        return Item("attendance", record.pk, f"{record.name} · {record.event}", url)
    url = reverse("event_report", args=[record.event_id])
    return Item("report", record.pk, str(record.event), url)


class Items:
    """A figure's records as API items, made only for the page asked for."""

    def __init__(self, model: str, queryset: QuerySet) -> None:
        self.model, self.queryset = model, queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [
            {**vars(item(self.model, record)), "id": str(record.pk)}
            for record in self.queryset[window]
        ]
