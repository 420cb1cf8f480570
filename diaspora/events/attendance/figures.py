"""What an event's recorded attendance adds up to: participants, countries, minutes,
and per person within a reader's reach.

The totals are counts (no one is named in them); the people behind them are shown
only to a reader who may see them (people.view), so an organiser sharing an event
with another branch sees that branch's members in the totals, never by name."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Sum

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


Stay = tuple[datetime | None, datetime | None, int]  # joined, left, minutes


def spent(stays: list[Stay]) -> int:
    """One person's minutes over the event's reports. Stays that overlap in time are
    one session reported twice (two tools, or one report in two layouts): the
    longest counts. Separate sessions, and stays without times, add up."""
    total = sum(minutes for joined, left, minutes in stays if not (joined and left))
    timed = sorted((joined, left, minutes) for joined, left, minutes in stays if joined and left)
    end: datetime | None = None
    longest = 0
    for joined, left, minutes in timed:
        if end is not None and joined < end:
            end, longest = max(end, left), max(longest, minutes)
        else:
            total += longest
            end, longest = left, minutes
    return total + longest


def participants(event: Event) -> dict[tuple[str, Any], tuple[str | None, list[Stay]]]:
    """Who took part, each once, with their country and stays: a person matched is
    one participant however many reports list them; a participant not matched is
    known by their key (email, or folded name), the same in every report of the
    event, and is the person another report matched under that key, if one did."""
    rows = list(
        recorded(event)
        .order_by("id")
        .values_list("pk", "person_id", "key", "country_id", "minutes", "joined_at", "left_at")
    )
    matched = {key: person for _pk, person, key, *_rest in rows if person is not None and key}
    found: dict[tuple[str, Any], tuple[str | None, list[Stay]]] = {}
    for pk, person, key, country, minutes, joined, left in rows:
        if person is None and key in matched:
            person = matched[key]
        identity = (
            ("person", person) if person is not None else ("key", key) if key else ("row", pk)
        )
        known, stays = found.get(identity, (None, []))
        stays.append((joined, left, minutes))
        found[identity] = (known or country, stays)
    return found


def totals(event: Event) -> Totals:
    """Each participant counts once, in one country, their minutes as `spent` adds them."""
    per_country: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    minutes = 0
    found = participants(event)
    for country, stays in found.values():
        theirs = spent(stays)
        minutes += theirs
        if country:
            per_country[country][0] += 1
            per_country[country][1] += theirs
    by_country = sorted(
        ((code, people, theirs) for code, (people, theirs) in per_country.items()),
        key=lambda item: (-item[1], item[0]),
    )
    return Totals(len(found), len(per_country), minutes, by_country)


def people(event: Event, user: User | None) -> list[dict[str, Any]]:
    """Each person in `user`'s reach who took part: id, minutes, country."""
    visible = set(reach(user).filter(attendances__event=event).values_list("pk", flat=True))
    found = [
        {"person_id": identity[1], "minutes": spent(stays), "country": country}
        for identity, (country, stays) in participants(event).items()
        if identity[0] == "person" and identity[1] in visible
    ]
    return sorted(found, key=lambda entry: entry["person_id"])


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
    # One participant not matched, listed by two reports of an event, counts once; and
    # not at all if another report of the event matched their key to a person.
    matched_elsewhere = Attendance.objects.filter(
        event_id=OuterRef("event_id"), key=OuterRef("key"), person__isnull=False
    ).exclude(key="")
    unmatched = (
        rows.filter(person__isnull=True)
        .exclude(Exists(matched_elsewhere))
        .values("event_id", "key")
        .distinct()
    )
    return {
        "events": rows.values("event_id").distinct().count(),
        "participants": people + unmatched.count(),
        "countries": rows.exclude(country__isnull=True).values("country_id").distinct().count(),
        "minutes": rows.aggregate(total=Sum("minutes"))["total"] or 0,
    }
