"""The world day seen at once: celebrations per country and city, each city's local
midnight, and the roll-up of what the organisers reported back afterwards."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, prefetch_related_objects

from diaspora.access import Action
from diaspora.accounts.models import User
from diaspora.directory.models import City, Country
from diaspora.localized import collation_key

from . import queries, worldmap
from .models import Event, EventReport, ReportPhoto

# The day runs from midnight at UTC+14 to midnight at UTC−12: 50 hours in all.
EARLIEST_OFFSET, LATEST_OFFSET = timedelta(hours=14), timedelta(hours=12)
# Shades of the map: one celebration, a few, several, many.
LEVELS = (1, 2, 5, 10)


def day_ends_everywhere(day: date) -> datetime:
    """The UTC instant the day is over in the last place on Earth (UTC−12)."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC) + LATEST_OFFSET


def default_year(now: datetime) -> int:
    """The year whose world day the page opens on: the coming one, except that the
    last one stays until the day after it (New Year's Day, for 31 December) has
    ended everywhere, so its night and its first reports can still be followed."""
    spec = queries.world_day()
    if spec is None:
        return now.year
    for year in (now.year - 1, now.year):
        if now < day_ends_everywhere(spec.on(year) + timedelta(days=1)):
            return year
    return now.year + 1


def midnight_after(day: date, zone: str | ZoneInfo) -> datetime:
    """The UTC instant the day ends (the next one starts) in the zone's local time."""
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    local = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    return local.astimezone(UTC)


def legend() -> list[tuple[int, str]]:
    """Each shade with the counts it stands for: 1, 2–4, 5–9, 10+."""
    bounds = [*LEVELS[1:], None]
    return [
        (shade, f"{low}+" if high is None else str(low) if high - 1 == low else f"{low}–{high - 1}")
        for shade, (low, high) in enumerate(zip(LEVELS, bounds, strict=True), start=1)
    ]


def level(count: int) -> int:
    """The map's shade for a number of celebrations: 0 (none) to len(LEVELS)."""
    return sum(count >= threshold for threshold in LEVELS)


@dataclass
class CityDay:
    city: City
    count: int
    midnight: datetime
    x: float
    y: float


@dataclass
class CountryDay:
    country: Country
    count: int = 0
    level: int = 0
    cities: int = 0


@dataclass
class Shape:
    code: str
    path: str
    day: CountryDay | None


@dataclass
class WorldView:
    day: date
    events: list[Event]
    countries: list[CountryDay]
    cities: list[CityDay]
    shapes: list[Shape]
    online: int


def celebrations(user: User | AnonymousUser, day: date) -> list[Event]:
    """The day's celebrations the user may see (public ones, and members-only ones
    of their own organisations), cancelled ones left out."""
    return queries.world_day_events(
        queries.visible_events(user)
        .filter(status=Event.Status.SCHEDULED)
        .select_related("city__country"),
        day,
    )


def by_country(events: list[Event]) -> list[CountryDay]:
    """Celebrations per country, most first, then by name in the reader's alphabet."""
    found: dict[str, CountryDay] = {}
    cities: dict[str, set[int]] = {}
    for event in events:
        if event.country is None:
            continue
        row = found.setdefault(event.country_id, CountryDay(event.country))
        row.count += 1
        if event.city_id is not None:
            cities.setdefault(event.country_id, set()).add(event.city_id)
    for code, row in found.items():
        row.level = level(row.count)
        row.cities = len(cities.get(code, ()))
    return sorted(found.values(), key=lambda row: (-row.count, collation_key(row.country.name)))


def by_city(events: list[Event], day: date) -> list[CityDay]:
    """Cities with celebrations, the first to reach midnight first."""
    found: dict[int, CityDay] = {}
    for event in events:
        city = event.city
        if city is None:
            continue
        if city.pk not in found:
            x, y = (
                worldmap.project(city.longitude, city.latitude)
                if city.longitude is not None and city.latitude is not None
                else (None, None)
            )
            midnight = midnight_after(day, city.timezone or event.timezone)
            found[city.pk] = CityDay(city, 0, midnight, x, y)  # type: ignore[arg-type]
        found[city.pk].count += 1
    return sorted(
        found.values(), key=lambda row: (row.midnight, collation_key(row.city.local_name))
    )


def world_view(user: User | AnonymousUser, day: date) -> WorldView:
    events = celebrations(user, day)
    countries = by_country(events)
    days = {row.country.pk: row for row in countries}
    shapes = [Shape(code, path, days.get(code)) for code, path in worldmap.country_paths().items()]
    return WorldView(
        day=day,
        events=events,
        countries=countries,
        cities=by_city(events, day),
        shapes=shapes,
        online=sum(1 for event in events if event.country_id is None),
    )


@dataclass
class CountryReport:
    country: Country | None
    celebrations: int = 0
    reported: int = 0
    attendance: int = 0
    photos: int = 0


@dataclass
class RollUp:
    day: date
    countries: list[CountryReport]
    total: CountryReport
    unreported: list[Event] = field(default_factory=list)
    upcoming: int = 0
    events: list[Event] = field(default_factory=list)


def roll_up(user: User | AnonymousUser, day: date, now: datetime) -> RollUp:
    """What came back from the day's celebrations the user's roles reach: per
    country the celebrations, how many reported, who came and the photos; the
    world's totals; and the celebrations already held that have not reported.
    Cancelled celebrations are left out: they have nothing to report."""
    events = queries.world_day_events(
        queries.managed_events(user, Action.EVENTS_REPORT)
        .filter(status=Event.Status.SCHEDULED)
        .select_related("city__country")
        .annotate(photo_count=Count("report__photos")),
        day,
    )
    rows: dict[str | None, CountryReport] = {}
    total = CountryReport(None)
    unreported, upcoming = [], 0
    for event in events:
        row = rows.setdefault(event.country_id, CountryReport(event.country))
        report = getattr(event, "report", None)
        for target in (row, total):
            target.celebrations += 1
            if report is not None:
                target.reported += 1
                target.attendance += report.attendance
                target.photos += event.photo_count  # type: ignore[attr-defined]
        if report is None:
            if event.starts_at <= now:
                unreported.append(event)
            else:
                upcoming += 1
    countries = sorted(
        rows.values(),
        key=lambda row: (
            row.country is None,
            collation_key(row.country.name if row.country else ""),
        ),
    )
    unreported.sort(key=lambda event: (event.starts_at, event.pk))
    return RollUp(day, countries, total, unreported, upcoming, events)


@dataclass
class Reported:
    event: Event
    report: EventReport | None
    photos: list[ReportPhoto]


def country_reports(rollup: RollUp, country: str) -> list[Reported]:
    """One country's celebrations of the roll-up, each with its report and photos."""
    events = [event for event in rollup.events if event.country_id == country]
    reports = [event.report for event in events if hasattr(event, "report")]
    prefetch_related_objects(reports, "photos")
    return [
        Reported(
            event,
            getattr(event, "report", None),
            list(event.report.photos.all()) if hasattr(event, "report") else [],
        )
        for event in sorted(
            events, key=lambda e: (collation_key(e.city.local_name if e.city else ""), e.pk)
        )
    ]
