"""The yearly figures of a node of the network, each with the records behind it.

A figure is a key, a value and the ids of the records it counts: the value is
always the number of ids, so that anyone may follow it to its records (those within
their reach) and a published report keeps them to read the same forever. Labels
are made from the key at reading time, in the reader's language."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from diaspora.directory.models import Country, Organisation, OrganisationKind
from diaspora.events.models import Attendance, Event, EventReport, Registration
from diaspora.events.queries import world_day, world_day_events
from diaspora.people.models import Membership, Person

# The record types a figure may count, by model label.
ORGANISATION = "directory.organisation"
COUNTRY = "directory.country"
PERSON = "people.person"
EVENT = "events.event"
REGISTRATION = "events.registration"
ATTENDANCE = "events.attendance"
EVENT_REPORT = "events.eventreport"


@dataclass
class Figure:
    key: str
    model: str
    ids: list[Any] = field(default_factory=list)

    @property
    def value(self) -> int:
        return len(self.ids)

    @property
    def label(self) -> str:
        return label(self.key)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


def organisations(node: Organisation, year: int) -> QuerySet[Organisation]:
    """Active organisations at or below the node (the root itself is not one),
    founded by the end of the year (or with no founding date known)."""
    end = date(year, 12, 31)
    return Organisation.objects.filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=end),
        path__startswith=node.path,
        depth__gt=1,
        status=Organisation.Status.ACTIVE,
    )


def memberships(node: Organisation, year: int) -> QuerySet[Membership]:
    """Memberships at or below the node that were held during the year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return Membership.objects.filter(
        Q(started_on__isnull=True) | Q(started_on__lte=end),
        Q(ended_on__isnull=True) | Q(ended_on__gte=start),
        organisation__path__startswith=node.path,
        person__merged_into__isnull=True,
    )


def people(node: Organisation, year: int) -> QuerySet[Person]:
    """People on the registry at the year's end in the node's part: members there
    (at the root, also everyone registered by then without a membership)."""
    members = memberships(node, year).values("person_id")
    current = Person.objects.filter(merged_into__isnull=True)
    if node.is_root():
        _start, end = year_bounds(year)
        # Exists, not a join: a person with several memberships is one person.
        attached = Membership.objects.filter(person=OuterRef("pk"))
        unattached = Q(created_at__lt=end) & ~Exists(attached)
        return current.filter(Q(pk__in=members) | unattached)
    return current.filter(pk__in=members)


def events(node: Organisation, year: int) -> QuerySet[Event]:
    """Events held during the year, organised at or below the node, not cancelled."""
    start, end = year_bounds(year)
    organised = Event.objects.filter(organisers__path__startswith=node.path).values("pk")
    return Event.objects.filter(pk__in=organised, starts_at__gte=start, starts_at__lt=end).exclude(
        status=Event.Status.CANCELLED
    )


def world_day_celebrations(node: Organisation, year: int, held=None) -> list[Event]:
    spec = world_day()
    if spec is None:
        return []
    return world_day_events(held if held is not None else events(node, year), spec.on(year))


def ids(queryset: QuerySet, field_name: str = "pk") -> list[Any]:
    found = set(queryset.order_by().values_list(field_name, flat=True))
    return sorted(found - {None})  # an online event is in no country


def compute(node: Organisation, year: int) -> list[Figure]:
    """Every figure of the node's year, in the order a report shows them."""
    return list(_compute(node, year))


def _compute(node: Organisation, year: int) -> Iterator[Figure]:
    orgs = organisations(node, year)
    yield Figure("organisations", ORGANISATION, ids(orgs))
    yield Figure("countries", COUNTRY, ids(orgs, "country_id"))
    by_country: dict[str, list[int]] = {}
    for pk, country in orgs.order_by("pk").values_list("pk", "country_id"):
        by_country.setdefault(country, []).append(pk)
    for country in sorted(by_country):
        yield Figure(f"organisations.in.{country}", ORGANISATION, by_country[country])
    for kind in OrganisationKind.objects.exclude(code="committee").order_by("position", "code"):
        of_kind = orgs.filter(kind=kind)
        yield Figure(f"organisations.{kind.code}", ORGANISATION, ids(of_kind))
        yield Figure(f"countries.{kind.code}", COUNTRY, ids(of_kind, "country_id"))
    yield Figure("people", PERSON, ids(people(node, year)))
    joined = memberships(node, year).filter(started_on__year=year)
    yield Figure("people.joined", PERSON, ids(joined, "person_id"))
    for month in range(1, 13):
        in_month = joined.filter(started_on__month=month)
        yield Figure(f"people.joined.{month:02d}", PERSON, ids(in_month, "person_id"))
    held = events(node, year)
    yield Figure("events", EVENT, ids(held))
    yield Figure("events.countries", COUNTRY, ids(held, "country_id"))
    registrations = Registration.objects.filter(event__in=held.values("pk"))
    yield Figure(
        "events.registrations",
        REGISTRATION,
        ids(registrations.exclude(status=Registration.Status.CANCELLED)),
    )
    yield Figure(
        "events.arrivals", REGISTRATION, ids(registrations.filter(checked_in_at__isnull=False))
    )
    online = Attendance.objects.filter(event__in=held.values("pk"))
    yield Figure("events.online", ATTENDANCE, ids(online))
    spec = world_day()
    if spec is not None:
        celebrations = world_day_celebrations(node, year, held)
        yield Figure("worldday.events", EVENT, sorted(event.pk for event in celebrations))
        reports = EventReport.objects.filter(event__in=[event.pk for event in celebrations])
        yield Figure("worldday.reports", EVENT_REPORT, ids(reports))
        yield Figure(
            "worldday.countries",
            COUNTRY,
            sorted({event.country_id for event in celebrations if event.country_id}),
        )


def month_name(month: int) -> str:
    from django.utils.dates import MONTHS as DJANGO_MONTHS

    return str(DJANGO_MONTHS[month])


def kind_names(code: str) -> tuple[str, str]:
    kind = OrganisationKind.objects.filter(code=code).first()
    if kind is None:
        return code, code
    return kind.name, kind.plural_name


LABELS: dict[str, Callable[[], str]] = {
    "organisations": lambda: _("Organisations"),
    "countries": lambda: _("Countries with organisations"),
    "people": lambda: _("People on the registry"),
    "people.joined": lambda: _("People who joined during the year"),
    "events": lambda: _("Events held"),
    "events.countries": lambda: _("Countries where events were held"),
    "events.registrations": lambda: _("Registrations for the events held"),
    "events.arrivals": lambda: _("Arrivals checked in at the door"),
    "events.online": lambda: _("Participants of online events"),
    "worldday.events": lambda: _("World day celebrations"),
    "worldday.reports": lambda: _("World day celebrations reported on"),
    "worldday.countries": lambda: _("Countries where the world day was celebrated"),
}


def label(key: str) -> str:
    """The figure's label in the current language."""
    if key in LABELS:
        return str(LABELS[key]())
    head, _dot, tail = key.rpartition(".")
    if head == "people.joined":
        return _("Joined in %(month)s") % {"month": month_name(int(tail))}
    if head == "organisations.in":
        return _("Organisations in %(country)s") % {"country": Country(code=tail).name}
    if head == "organisations":
        return kind_names(tail)[1]
    if head == "countries":
        return _("Countries with: %(kind)s") % {"kind": kind_names(tail)[1]}
    return key


def last_moment(year: int) -> datetime:
    return year_bounds(year)[1] - timedelta(microseconds=1)
