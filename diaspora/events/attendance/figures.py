"""What an event's recorded attendance adds up to: participants, countries, minutes,
and per person within a reader's reach.

The totals are counts (no one is named in them); the people behind them are shown
only to a reader who may see them (people.view), so an organiser sharing an event
with another branch sees that branch's members in the totals, never by name."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from diaspora.accounts.models import User

from ..models import Attendance, Event
from .matching import reach


@dataclass(frozen=True)
class Totals:
    participants: int
    countries: int
    minutes: int
    by_country: list[tuple[str, int, int]]  # (country code, participants, minutes), most first


def recorded(event: Event) -> QuerySet[Attendance]:
    return Attendance.objects.filter(event=event)


def totals(event: Event) -> Totals:
    """A person listed by two reports (two sessions) counts once, their minutes summed;
    a participant not matched counts once per report."""
    who: dict[object, str | None] = {}
    minutes = 0
    per_country: dict[str, list] = defaultdict(lambda: [set(), 0])
    for person, key, source, country, spent in recorded(event).values_list(
        "person_id", "key", "source", "country_id", "minutes"
    ):
        identity = ("person", person) if person is not None else ("row", source, key)
        who[identity] = who.get(identity) or country
        minutes += spent
        if country:
            per_country[country][1] += spent
    for identity, country in who.items():
        if country:
            per_country[country][0].add(identity)
    by_country = sorted(
        ((code, len(people), spent) for code, (people, spent) in per_country.items()),
        key=lambda item: (-item[1], item[0]),
    )
    return Totals(len(who), len(per_country), minutes, by_country)


def people(event: Event, user: User | None) -> list[dict]:
    """Each person in `user`'s reach who took part: id, minutes summed, country."""
    visible = reach(user).values("pk")
    rows = recorded(event).filter(person__in=visible).order_by("person_id", "id")
    found: dict[int, dict] = {}
    for person, spent, country in rows.values_list("person_id", "minutes", "country_id"):
        entry = found.setdefault(person, {"person_id": person, "minutes": 0, "country": None})
        entry["minutes"] += spent
        entry["country"] = entry["country"] or country
    return list(found.values())


def of_person(person_id: int) -> QuerySet[Attendance]:
    """A person's attendance at online events, for their record (the caller has
    already decided they may see the record)."""
    return (
        Attendance.objects.filter(person_id=person_id)
        .select_related("event")
        .order_by("-event__starts_at", "id")
    )


LEVELS = (1, 5, 20, 100)  # participants from a country, for the map's shades


@dataclass(frozen=True)
class Shape:
    code: str
    path: str
    participants: int
    minutes: int
    level: int
    name: str


def shapes(found: Totals) -> list[Shape]:
    """The world map's countries, each shaded by its participants."""
    from diaspora.localized import country_name

    from .. import worldmap

    counts = {code: (people, spent) for code, people, spent in found.by_country}
    drawn = []
    for code, path in worldmap.country_paths().items():
        people, spent = counts.get(code, (0, 0))
        level = sum(people >= threshold for threshold in LEVELS)
        drawn.append(Shape(code, path, people, spent, level, country_name(code) if people else ""))
    return drawn


def map_context(event: Event) -> dict:
    """What the event's page and the attendance page draw: totals, map, countries."""
    from diaspora.localized import country_name

    from .. import worldmap

    found = totals(event)
    return {
        "totals": found,
        "shapes": shapes(found) if found.countries else [],
        "view_box": worldmap.VIEW_BOX,
        "country_rows": [(country_name(code), n, spent) for code, n, spent in found.by_country],
    }


def network() -> dict[str, int]:
    """The network's online attendance, every event: counts only, for the public figures.
    A person who took part in two events counts once among the participants."""
    rows = Attendance.objects.order_by()
    people = rows.filter(person__isnull=False).values("person_id").distinct().count()
    unmatched = rows.filter(person__isnull=True).values("event_id", "source", "key").distinct()
    return {
        "events": rows.values("event_id").distinct().count(),
        "participants": people + unmatched.count(),
        "countries": rows.exclude(country__isnull=True).values("country_id").distinct().count(),
        "minutes": rows.aggregate(total=Sum("minutes"))["total"] or 0,
    }
