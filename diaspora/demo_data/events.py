"""Events in the demo network: the world day celebrated by most organisations in the
coming year and in the last one (which has reported back), and a few others: a
congress and a forum in Baku, the Committee's online conference on the eve of the
day, council meetings and school events, some with registrations.

Dates follow the clock (the coming world day is the one the world-day page opens
on); everything else comes from the seed. Rows are written in bulk: the services'
checks, audit entries and emails are for real users, not for a demo load."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F

from diaspora.directory import services as directory
from diaspora.directory.models import City, Country, Organisation
from diaspora.events import world
from diaspora.events.models import Event, EventKind, EventReport, Registration
from diaspora.events.queries import world_day
from diaspora.events.services import CODE_ALPHABET, CODE_LENGTH
from diaspora.people.models import Membership

SHARE_CELEBRATING = 0.85  # of organisations other than councils; every country has one
SHARE_REPORTED = 0.8  # of last year's celebrations
SHARE_MEMBERS_ONLY = 0.15
REGISTERED_EVENTS = 40  # coming celebrations that already have registrations

ACCOUNTS = (
    "Speeches, music and a shared table; children recited poems in Azerbaijani.",
    "A concert of mugham and folk dances, then a reception for families.",
    "The flag was raised at the House; guests from the city council attended.",
    "An exhibition of carpets and photographs, and a quiz on history for the young.",
    "A small gathering at the school: songs, national dishes and a film evening.",
)


@dataclass
class Plan:
    """An event to write, with its organisers and what it comes with."""

    event: Event
    organisers: list[Organisation]
    report: tuple[int, str] | None = None
    registrations: int = 0


def local(day: date, hour: int, zone: str) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))


def names(texts: dict[str, str], suffix: dict[str, str] | None = None) -> dict[str, str]:
    suffix = suffix or {}
    return {code: f"{text}{suffix.get(code, '')}" for code, text in texts.items()}


def celebrations(rng: random.Random, organisations: list[Organisation], year: int, past: bool):
    spec = world_day()
    assert spec is not None
    kind = EventKind.objects.get(code=spec.kind)
    day = spec.on(year)
    seen: set[str] = set()
    for organisation in organisations:
        first_in_country = organisation.country_id not in seen
        seen.add(organisation.country_id)
        if not first_in_country and rng.random() > SHARE_CELEBRATING:
            continue
        city = organisation.city
        zone = city.timezone if city is not None else "UTC"
        starts = local(day, rng.choice((16, 17, 18, 18, 19, 19, 20)), zone)
        capacity = rng.choice((None, 60, 100, 150, 250, 400))
        event = Event(
            kind=kind,
            title=f"{spec.names.get('en', spec.name)} · {organisation.name}",
            titles={
                code: f"{text} · {organisation.names.get(code, organisation.name)}"
                for code, text in spec.names.items()
            },
            country_id=organisation.country_id,
            city=city,
            address=organisation.address,
            timezone=zone,
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            capacity=capacity,
            audience=Event.Audience.MEMBERS
            if rng.random() < SHARE_MEMBERS_ONLY
            else Event.Audience.PUBLIC,
        )
        report = None
        if past and rng.random() < SHARE_REPORTED:
            most = capacity or 300
            report = (rng.randint(most // 4, most), rng.choice(ACCOUNTS))
        yield Plan(event, [organisation], report)


def others(
    rng: random.Random, network, year: int, baku: City, kinds: dict[str, EventKind]
) -> list[Plan]:
    root = network.root
    plans = [
        Plan(
            Event(
                kind=kinds["congress"],
                title="Congress of World Azerbaijanis",
                titles={
                    "en": "Congress of World Azerbaijanis",
                    "az": "Dünya Azərbaycanlılarının Qurultayı",
                    "ru": "Съезд азербайджанцев мира",
                },
                country=baku.country,
                city=baku,
                address="Heydar Aliyev Palace",
                timezone=baku.timezone,
                starts_at=local(date(year + 1, 3, 16), 10, baku.timezone),
                ends_at=local(date(year + 1, 3, 17), 18, baku.timezone),
                capacity=600,
                audience=Event.Audience.MEMBERS,
            ),
            [root],
            registrations=60,
        ),
        Plan(
            Event(
                kind=kinds["forum"],
                title="Forum of Azerbaijani and Turkish diaspora leaders",
                titles={
                    "en": "Forum of Azerbaijani and Turkish diaspora leaders",
                    "az": "Azərbaycan və türk diaspor təşkilatları rəhbərlərinin forumu",
                    "ru": "Форум руководителей азербайджанских и турецких диаспорских организаций",
                },
                country=baku.country,
                city=baku,
                timezone=baku.timezone,
                starts_at=local(date(year + 1, 3, 9), 11, baku.timezone),
                capacity=200,
            ),
            [root],
            registrations=25,
        ),
    ]
    conference = {
        "en": "Online conference on the eve of the Day of Solidarity",
        "az": "Həmrəylik Günü ərəfəsində onlayn konfrans",
        "ru": "Онлайн-конференция накануне Дня солидарности",
    }
    for when, report in ((year - 1, (1012, ACCOUNTS[0])), (year, None)):
        plans.append(
            Plan(
                Event(
                    kind=kinds["online-conference"],
                    title=conference["en"],
                    titles=conference,
                    online_url="https://meet.example.org/solidarity",
                    timezone=baku.timezone,
                    starts_at=local(date(when, 12, 30), 18, baku.timezone),
                    ends_at=local(date(when, 12, 30), 20, baku.timezone),
                    capacity=1000,
                ),
                [root],
                report,
                registrations=0 if report else 80,
            )
        )
    for council in network.councils.values():
        city = council.city
        plans.append(
            Plan(
                Event(
                    kind=kinds["council-meeting"],
                    title=f"Meeting of the {council.name}",
                    titles=names(
                        {"en": "Meeting: ", "az": "İclas: ", "ru": "Заседание: "},
                        {
                            code: council.names.get(code, council.name)
                            for code in ("en", "az", "ru")
                        },
                    ),
                    country_id=council.country_id,
                    city=city,
                    address=council.address,
                    timezone=city.timezone,
                    starts_at=local(date(year, 12, rng.randint(5, 20)), 18, city.timezone),
                    audience=Event.Audience.MEMBERS,
                ),
                [council],
            )
        )
    matinee = {"en": "New Year matinee", "az": "Yeni il şənliyi", "ru": "Новогодний утренник"}
    for school in rng.sample(network.schools, k=min(12, len(network.schools))):
        city = school.city
        plans.append(
            Plan(
                Event(
                    kind=kinds["school"],
                    title=f"{matinee['en']} · {school.name}",
                    titles=names(
                        matinee,
                        {code: f" · {school.names.get(code, school.name)}" for code in matinee},
                    ),
                    country_id=school.country_id,
                    city=city,
                    address=school.address,
                    timezone=city.timezone,
                    starts_at=local(date(year, 12, rng.randint(26, 29)), 11, city.timezone),
                    capacity=40,
                ),
                [school],
                registrations=rng.randint(8, 30),
            )
        )
    return plans


def build_events(rng: random.Random, network, *, now: datetime) -> list[Event]:
    """Write the demo's events; returns them."""
    if world_day() is None:
        return []
    year = world.default_year(now)
    kinds = {kind.code: kind for kind in EventKind.objects.all()}
    baku = directory.ensure_city(
        Country.objects.get(code=settings.DIASPORA_HOMELAND),
        name="Baku",
        names={"en": "Baku", "az": "Bakı", "ru": "Баку"},
        latitude=40.41,
        longitude=49.87,
        timezone="Asia/Baku",
    )
    holders = [
        organisation
        for organisations in network.by_country.values()
        for organisation in organisations
        if organisation.kind.code != "council"
    ]
    plans = [
        *celebrations(rng, holders, year - 1, past=True),
        *celebrations(rng, holders, year, past=False),
        *others(rng, network, year, baku, kinds),
    ]
    coming = [
        plan for plan in plans if plan.event.starts_at.year == year and not plan.registrations
    ]
    for plan in rng.sample(coming, k=min(REGISTERED_EVENTS, len(coming))):
        if plan.event.kind.code == world_day().kind:  # type: ignore[union-attr]
            plan.registrations = rng.randint(5, 30)
    events = Event.objects.bulk_create([plan.event for plan in plans], batch_size=500)
    Through = Event.organisers.through
    Through.objects.bulk_create(
        [
            Through(event_id=plan.event.pk, organisation_id=organisation.pk)
            for plan in plans
            for organisation in plan.organisers
        ],
        batch_size=2000,
    )
    EventReport.objects.bulk_create(
        [
            EventReport(event=plan.event, attendance=attendance, account=account)
            for plan in plans
            if plan.report
            for attendance, account in [plan.report]
        ],
        batch_size=1000,
    )
    register(rng, [plan for plan in plans if plan.registrations])
    return events


def register(rng: random.Random, plans: list[Plan]) -> None:
    """Members of the organisers (with an email) registered for a few events."""
    organisers = {organisation.pk for plan in plans for organisation in plan.organisers}
    members: dict[int, list] = {}
    rows = (
        Membership.objects.filter(organisation__in=organisers, ended_on__isnull=True)
        .exclude(person__email="")
        .order_by("person_id")
        .values_list(
            "organisation_id", "person_id", "person__given_name", "person__surname", "person__email"
        )
    )
    for organisation_id, *person in rows:
        members.setdefault(organisation_id, []).append(person)
    everyone = sorted({tuple(p) for people in members.values() for p in people})
    registrations, codes = [], set()
    for plan in plans:
        event = plan.event
        pool = [p for o in plan.organisers for p in members.get(o.pk, [])]
        if plan.organisers[0].depth == 1:  # the Committee's events: anyone may come
            pool = list(everyone)
        room = event.capacity if event.capacity is not None else plan.registrations
        chosen = rng.sample(pool, k=min(plan.registrations, room, len(pool)))
        for person_id, given_name, surname, email in chosen:
            code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code in codes:
                continue
            codes.add(code)
            registrations.append(
                Registration(
                    event=event,
                    person_id=person_id,
                    code=code,
                    status=Registration.Status.CONFIRMED,
                    given_name=given_name[:100] or "—",
                    surname=surname[:100],
                    email=email,
                    language=rng.choice(("az", "ru", "en")),
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=2000)
    counts: dict[int, int] = {}
    for registration in registrations:
        counts[registration.event_id] = counts.get(registration.event_id, 0) + 1
    for event_id, count in counts.items():
        Event.objects.filter(pk=event_id).update(confirmed_count=F("confirmed_count") + count)
