"""The demo network: DOMAIN.md's figures, reproduced deterministically from a seed.

31 Azerbaijan Houses in 20 countries, 15 coordination councils, 93 Sunday schools in
24 countries, some 400 organisations in 78 countries, and about 20,000 compatriots
whose names come in the real mix of scripts, a few of them registered twice."""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import phonenumbers
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from diaspora.accounts.models import User
from diaspora.accounts.services import grant_role
from diaspora.directory import gazetteer
from diaspora.directory import services as directory
from diaspora.directory.models import City, Country, Organisation, OrganisationKind
from diaspora.events.services import configure_events
from diaspora.names import detect_script
from diaspora.people import name_words
from diaspora.people.models import Consent, Membership, Person

from . import org_names
from .chronicle import build_chronicle
from .congress import build_congress
from .events import build_events
from .geography import COUNTRIES
from .honours import build_honours
from .names import (
    FEMALE_GIVEN,
    MALE_GIVEN,
    PERSIAN_GIVEN_FEMALE,
    PERSIAN_GIVEN_MALE,
    PERSIAN_SURNAMES,
    SURNAMES,
)
from .spellings import Spelling, spell, spell_persian

HOUSES, HOUSE_COUNTRIES = 31, 20
COUNCILS = 15
SCHOOLS, SCHOOL_COUNTRIES = 93, 24
ASSOCIATIONS = 400
DEMO_PASSWORD = "diaspora-demo"
CIS = {"RU", "UA", "KZ", "UZ", "KG", "BY", "MD", "GE", "TM", "TJ", "LV", "LT", "EE", "AM"}
PERSIAN_SCRIPT = {"IR", "IQ", "AF"}
STREETS = ("Main Street", "Park Avenue", "Central Square", "Station Road", "Market Street")


@dataclass
class Network:
    root: Organisation
    councils: dict[str, Organisation] = field(default_factory=dict)
    by_country: dict[str, list[Organisation]] = field(default_factory=dict)
    schools: list[Organisation] = field(default_factory=list)
    houses: list[Organisation] = field(default_factory=list)


def weights(codes: list[str]) -> list[float]:
    """The first countries of the list hold the largest communities."""
    return [1.0 / (rank + 2) ** 0.9 for rank in range(len(codes))]


def city_words(city: City) -> org_names.Words:
    return org_names.Words(
        city.name, city.names.get("az", city.name), city.names.get("ru", city.name)
    )


def country_words(code: str) -> org_names.Words:
    from diaspora.localized import country_name

    return org_names.Words(*(country_name(code, language) for language in ("en", "az", "ru")))


def load_geography() -> dict[str, list[City]]:
    cities: dict[str, list[City]] = {}
    for code, places in COUNTRIES.items():
        country = Country.objects.get(code=code)
        cities[code] = [
            directory.ensure_city(
                country,
                name=place.en,
                names={"en": place.en, "az": place.az, "ru": place.ru},
                latitude=place.lat,
                longitude=place.lon,
                timezone=place.tz,
            )
            for place in places
        ]
    return cities


def add(
    network: Network,
    parent: Organisation,
    kind: OrganisationKind,
    words: org_names.Words,
    city: City,
    rng: random.Random,
    **extra,
) -> Organisation:
    founded = date(rng.randint(1992, 2024), rng.randint(1, 12), rng.randint(1, 28))
    organisation = directory.create_organisation(
        parent=parent,
        kind=kind,
        name=words.en,
        country=city.country,
        city=city,
        names={"en": words.en, "az": words.az, "ru": words.ru},
        founded_on=founded,
        address=f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
        **extra,
    )
    network.by_country.setdefault(city.country_id, []).append(organisation)
    return organisation


def build_organisations(
    rng: random.Random, cities: dict[str, list[City]], root: Organisation
) -> Network:
    kinds = {kind.code: kind for kind in OrganisationKind.objects.all()}
    codes = list(COUNTRIES)
    network = Network(root=root)
    for code in codes[:COUNCILS]:
        capital = cities[code][0]
        network.councils[code] = add(
            network, root, kinds["council"], org_names.council(country_words(code)), capital, rng
        )

    def parent_in(code: str) -> Organisation:
        return network.councils.get(code, root)

    house_countries = codes[:HOUSE_COUNTRIES]
    for index in range(HOUSES):
        code = house_countries[index % HOUSE_COUNTRIES]
        city = cities[code][(index // HOUSE_COUNTRIES) % len(cities[code])]
        network.houses.append(
            add(
                network,
                parent_in(code),
                kinds["house"],
                org_names.house(city_words(city)),
                city,
                rng,
            )
        )
    school_countries = codes[:SCHOOL_COUNTRIES]
    per_city: dict[int, int] = {}
    for index in range(SCHOOLS):
        code = school_countries[index % SCHOOL_COUNTRIES]
        city = cities[code][(index // SCHOOL_COUNTRIES) % len(cities[code])]
        per_city[city.pk] = per_city.get(city.pk, 0) + 1
        words = org_names.school(city_words(city), per_city[city.pk], karabakh=index % 3 == 0)
        network.schools.append(
            add(network, parent_in(code), kinds["school"], words, city, rng, focus="education")
        )
    focuses = [focus for focus in org_names.FOCUS_PHRASES]
    # Every country gets one organisation, the rest follow community size.
    homes = codes + rng.choices(codes, weights=weights(codes), k=ASSOCIATIONS - len(codes))
    for code in homes:
        city = rng.choice(cities[code][:4])
        focus = rng.choice(focuses)
        words = org_names.association(focus, rng.choice(org_names.MOTTOS), city_words(city))
        add(network, parent_in(code), kinds["association"], words, city, rng, focus=focus)
    return network


def style_for(country: str, rng: random.Random) -> str:
    roll = rng.random()
    if country in PERSIAN_SCRIPT:
        return "persian" if roll < 0.6 else "persian_latin"
    if country in CIS:
        return "cyrillic" if roll < 0.55 else "passport" if roll < 0.8 else "latin_az"
    if country == "TR":
        return "latin_az" if roll < 0.5 else "turkish" if roll < 0.8 else "passport"
    return "passport" if roll < 0.5 else "latin_az" if roll < 0.95 else "cyrillic"


@dataclass(frozen=True)
class Identity:
    female: bool
    surname: int
    given: int
    father: int


def zipf_index(rng: random.Random, size: int) -> int:
    """Common surnames are far more common: rank r drawn with weight 1/(r+1)."""
    return min(int(size ** rng.random()) - 1, size - 1)


def spelling_of(identity: Identity, style: str, rng: random.Random) -> Spelling:
    if style.startswith("persian"):
        given = PERSIAN_GIVEN_FEMALE if identity.female else PERSIAN_GIVEN_MALE
        return spell_persian(
            PERSIAN_SURNAMES[identity.surname % len(PERSIAN_SURNAMES)],
            given[identity.given % len(given)],
            latin=style == "persian_latin",
        )
    given = FEMALE_GIVEN if identity.female else MALE_GIVEN
    return spell(
        SURNAMES[identity.surname % len(SURNAMES)],
        given[identity.given % len(given)],
        MALE_GIVEN[identity.father % len(MALE_GIVEN)],
        female=identity.female,
        style=style,
        rng=rng,
    )


def phone_for(country: str, rng: random.Random) -> str:
    example = phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.MOBILE)
    if example is None:
        return ""
    national = str(example.national_number)
    digits = national[:-4] + f"{rng.randint(0, 9999):04d}"
    number = phonenumbers.parse(f"+{example.country_code}{digits}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email_for(spelling: Spelling, rng: random.Random, serial: int) -> str:
    local = "".join(
        ch
        for ch in f"{spelling.given}.{spelling.surname}".lower()
        if ch.isascii() and (ch.isalnum() or ch == ".")
    )
    local = local.strip(".") or "person"
    return f"{local}{serial}@{rng.choice(['example.com', 'example.org', 'example.net'])}"


def build_people(
    rng: random.Random,
    network: Network,
    cities: dict[str, list[City]],
    count: int,
    duplicate_share: float = 0.02,
) -> list[Person]:
    codes = list(COUNTRIES)
    country_weights = weights(codes)
    people: list[Person] = []
    placements: list[tuple[Person, list[Organisation], str]] = []
    citizenship = Country.objects.get(code=settings.DIASPORA_HOMELAND)
    serial = 0
    while len(people) < count:
        serial += 1
        code = rng.choices(codes, weights=country_weights)[0]
        identity = Identity(
            female=rng.random() < 0.5,
            surname=zipf_index(rng, 400),
            given=rng.randrange(400),
            father=rng.randrange(400),
        )
        pupil = rng.random() < 0.06 and code in {s.country_id for s in network.schools}
        born = (date(2012, 1, 1) if pupil else date(1945, 1, 1)) + timedelta(
            days=rng.randrange(8 * 365 if pupil else 60 * 365)
        )
        home = rng.choice(cities[code][:4])
        records = 2 if rng.random() < duplicate_share else 1
        organisations = network.by_country.get(code, [network.root])
        for copy in range(records):
            style = style_for(code, rng)
            spelling = spelling_of(identity, style, rng)
            person = Person(
                full_name=spelling.full_name,
                script=detect_script(spelling.full_name),
                given_name=spelling.given,
                surname=spelling.surname,
                patronymic=spelling.patronymic,
                birth_date=born,
                sex=Person.Sex.FEMALE if identity.female else Person.Sex.MALE,
                email=email_for(spelling, rng, serial) if rng.random() < 0.45 and not pupil else "",
                phone=phone_for(code, rng) if rng.random() < 0.5 and not pupil else "",
                country_id=code,
                city=home,
                languages=["az", "ru" if code in CIS else "en"],
            )
            people.append(person)
            if pupil:
                schools = [s for s in network.schools if s.country_id == code]
                joined = [rng.choice(schools)]
                role = Membership.Role.PUPIL
            else:
                joined = rng.sample(
                    organisations, k=min(len(organisations), 1 + (rng.random() < 0.3))
                )
                role = Membership.Role.MEMBER
            placements.append((person, joined if copy == 0 else joined[:1], role))
    Person.objects.bulk_create(people, batch_size=2000)
    name_words.reindex_all()
    Through = Person.citizenships.through
    Through.objects.bulk_create(
        [Through(person_id=p.pk, country_id=citizenship.pk) for p in people if rng.random() < 0.6]
        + [Through(person_id=p.pk, country_id=p.country_id) for p in people if rng.random() < 0.5],
        batch_size=5000,
    )
    memberships, consents = [], []
    for person, organisations, role in placements:
        since = date(rng.randint(2005, 2025), rng.randint(1, 12), 1)
        memberships += [
            Membership(person=person, organisation=o, role=role, started_on=since)
            for o in organisations
        ]
        given = datetime.combine(since, datetime.min.time(), tzinfo=UTC)
        purposes = (
            [Consent.Purpose.GUARDIAN]
            if role == Membership.Role.PUPIL
            else [Consent.Purpose.REGISTRY]
        )
        if rng.random() < 0.6:
            purposes.append(Consent.Purpose.CONTACT)
        consents += [
            Consent(person=person, purpose=purpose, given_at=given, method=Consent.Method.IMPORT)
            for purpose in purposes
        ]
    Membership.objects.bulk_create(memberships, batch_size=5000)
    Consent.objects.bulk_create(consents, batch_size=5000)
    return people


DEMO_ACCOUNTS = (
    ("committee", "staff", "Committee staff: the whole network"),
    ("coordinator", "coordinator", "coordinator of a country's council: reads its people"),
    ("manager", "manager", "manager of one Azerbaijan House: manages its members"),
    ("teacher", "teacher", "teacher at one Sunday school: reads its pupils"),
    ("compatriot", None, "a compatriot: their own record"),
)


def build_accounts(network: Network, people: list[Person]) -> None:
    def account(username: str, **extra) -> User:
        return User.objects.create_user(username, f"{username}@example.org", DEMO_PASSWORD, **extra)

    User.objects.create_superuser("admin", "admin@example.org", DEMO_PASSWORD)
    first_council = next(iter(network.councils.values()))
    nodes = {
        "staff": network.root,
        "coordinator": first_council,
        "manager": network.houses[0],
        # The school with the most pupils: a teacher reads their own school alone.
        "teacher": max(
            network.schools,
            key=lambda school: (school.memberships.count(), -school.pk),
        ),
    }
    for username, role, _label in DEMO_ACCOUNTS:
        user = account(username)
        if role is not None:
            grant_role(user, role, nodes[role], by=None)
    # Login needs a confirmed address; the demo's are made up, so they count as confirmed.
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True)
        for user in User.objects.filter(username__in=["admin", *(a[0] for a in DEMO_ACCOUNTS)])
    )
    # The compatriot belongs to the demo manager's House, so both see the same record.
    house = network.houses[0]
    member = Person.objects.filter(memberships__organisation=house).order_by("pk").first()
    if member is None:  # a small demo may leave the House without members
        member = people[0]
        Membership.objects.create(person=member, organisation=house, started_on=date(2020, 1, 1))
    member.user = User.objects.get(username="compatriot")
    member.save(update_fields=["user"])


@transaction.atomic
def build(*, seed: int = 2025, people: int = 20_000) -> Network:
    rng = random.Random(seed)
    deployment = directory.load_deployment(settings.DIASPORA_DEPLOYMENT)
    # The event kinds too (a migration loads them, but a database emptied since has none).
    configure_events(deployment)
    root = directory.configure_network(deployment)
    cities = load_geography()
    gazetteer.load([settings.DIASPORA_HOMELAND])  # the homeland's towns: Gəncə, Şəki...
    network = build_organisations(rng, cities, root)
    registered = build_people(rng, network, cities, people)
    build_accounts(network, registered)
    # A generator of its own, so the network and its people stay what they were.
    build_events(random.Random(seed + 1), network, now=timezone.now())
    build_chronicle(network)
    build_congress(random.Random(seed + 2), network)
    build_honours(random.Random(seed + 3), network, now=timezone.now())
    return network
