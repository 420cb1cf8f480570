"""The duplicate benchmark's data: N person records with a known truth, deterministic.

Each record is one organisation's registration of a person. Names come from
`bench/vocabulary.py` (real spellings in Latin, Cyrillic and Arabic script: the shared
Wikidata set, Faker's locales, the demo's Azerbaijani names; Zipf-drawn among the names
written in the home country's script; a father's name for 85 %, as a patronymic where
the script's registries write one: Əli oğlu, Алиевич, or a bare middle name). Most people are
registered once; a share (`DUPLICATED`) are registered again by another organisation,
which writes the name its own way: the script follows the organisation's country
(Cyrillic mostly in Russia, Ukraine and Kazakhstan, Arabic script mostly in Iran, Latin
elsewhere; Latin when a word of the name has no spelling in that script), each word a
real spelling of it drawn by how common, in capitals, typed without diacritics
(anyascii) or with a data-entry slip (surname in capitals, a double space) as the
country's habits say; a woman's Slavic-pattern surname in its feminine form. A repeat
registration may also carry a typo, the surname first, the father's name or not, the
birth date missing, a day off, day and month swapped or the year off by one, another or
no email and phone, another city.

Hard non-duplicates, labelled so that their false positives can be counted:

* `sibling`  the same surname, father (patronymic), city, often the family's phone or
             email; 1 in 20 is a twin (the same birth date);
* `unisex`   a brother and a sister with the same given name and a surname that has a
             feminine form (Turan Əliyev / Əliyeva);
* `namesake` another person given an existing person's given name and surname (a
             different father, birth date, city). Common names make many more
             namesakes by chance (Zipf surnames, common given names).

The truth: records of one `person` are one person; every other pair is not.
"""

from __future__ import annotations

import pickle
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from anyascii import anyascii

from bench import vocabulary
from bench.vocabulary import Name, feminine, script_of_style

DATA_VERSION = 5
SEED = 20_251_125
CACHE = Path("/tmp/diaspora-bench-duplicates")

DUPLICATED = 0.025  # of the people, registered more than once
EXTRA_RECORDS = {1: 0.8, 2: 0.15, 3: 0.05}  # how many more times
SIBLING = 0.06
UNISEX = 0.004
NAMESAKE = 0.02
WITH_FATHER = 0.85
SURNAME_FIRST = {vocabulary.LATIN: 0.2, vocabulary.CYRILLIC: 0.6, vocabulary.ARABIC: 0.0}
BIRTH_KNOWN = 0.9
EMAIL_KNOWN = 0.5
PHONE_KNOWN = 0.55
LATEST = date(2013, 12, 31)  # the youngest are children of Sunday schools

# country: (share of organisations' registrations, cities, phone prefix, national digits,
#           spelling styles and their weights)
COUNTRIES: dict[str, tuple[float, tuple[str, ...], str, int, dict[str, float]]] = {
    "RU": (
        0.28,
        ("Moscow", "Saint Petersburg", "Yekaterinburg", "Novosibirsk", "Samara", "Kazan"),
        "+79",
        9,
        {"ru_cyrillic": 6, "ru_icao": 1, "ru_mvd": 1, "az_latin": 1.5, "az_cyrillic": 0.5},
    ),
    "UA": (
        0.04,
        ("Kyiv", "Kharkiv", "Odesa"),
        "+38067",
        7,
        {"ru_cyrillic": 4, "ru_icao": 1, "az_latin": 2, "passport": 1},
    ),
    "KZ": (
        0.03,
        ("Almaty", "Astana"),
        "+7701",
        7,
        {"ru_cyrillic": 4, "ru_mvd": 1, "az_latin": 2},
    ),
    "GE": (
        0.06,
        ("Tbilisi", "Marneuli", "Rustavi"),
        "+9955",
        8,
        {"az_latin": 3, "az_cyrillic": 1, "ru_cyrillic": 2, "passport": 1},
    ),
    "TR": (
        0.14,
        ("Istanbul", "Ankara", "Izmir", "Kars", "Iğdır"),
        "+905",
        9,
        {"turkish": 6, "az_latin": 2, "passport": 1, "trap": 0.5},
    ),
    "DE": (
        0.1,
        ("Berlin", "Hamburg", "Köln", "München", "Frankfurt am Main"),
        "+49151",
        8,
        {"passport": 3, "passport_caps": 1, "ascii_typed": 2, "az_latin": 2, "trap": 1},
    ),
    "GB": (
        0.05,
        ("London", "Manchester"),
        "+447",
        9,
        {"passport": 4, "passport_caps": 1, "ascii_typed": 1, "az_latin": 1},
    ),
    "FR": (
        0.04,
        ("Paris", "Lyon", "Strasbourg"),
        "+336",
        8,
        {"passport": 3, "passport_caps": 1, "ascii_typed": 2, "az_latin": 1},
    ),
    "US": (
        0.08,
        ("New York", "Los Angeles", "Houston", "Chicago"),
        "+1212",
        7,
        {"passport": 4, "passport_caps": 1, "ascii_typed": 2, "az_latin": 1, "trap": 0.5},
    ),
    "AZ": (
        0.1,
        ("Baku", "Ganja", "Sumgait"),
        "+99450",
        7,
        {"az_latin": 6, "trap": 2, "ascii_typed": 2},
    ),
    "IR": (
        0.08,
        ("Tabriz", "Tehran", "Urmia", "Ardabil"),
        "+989",
        9,
        {"az_latin": 1},  # Persian people only (below); Republic people get az_latin
    ),
}
PERSIAN_IN_IRAN = {"persian": 5, "persian_variant": 2, "persian_latin": 3}
EMAIL_DOMAINS = ("gmail.com", "mail.ru", "yandex.ru", "outlook.com", "yahoo.com", "gmx.de")


@dataclass(frozen=True)
class Record:
    rid: int  # 1-based position; the registry's Person id when loaded into a fresh database
    person: int  # the truth: records of one person share it
    kind: str  # "", or sibling / unisex / namesake: a hard non-duplicate of `related`
    related: int  # the person this one was made to resemble (or 0)
    style: str
    full_name: str
    sex: str  # "m" / "f"
    birth_date: date | None
    email: str
    phone: str
    country: str
    city: str
    organisation: int  # index into `organisations`


@dataclass
class Dataset:
    size: int
    seed: int
    records: list[Record]
    organisations: list[tuple[str, str]]  # (country, city)

    def truth_pairs(self) -> set[tuple[int, int]]:
        by_person: dict[int, list[int]] = {}
        for record in self.records:
            by_person.setdefault(record.person, []).append(record.rid)
        return {
            (a, b)
            for rids in by_person.values()
            if len(rids) > 1
            for i, a in enumerate(sorted(rids))
            for b in sorted(rids)[i + 1 :]
        }


@dataclass
class Who:
    """A person's name: sex ("M"/"F") and the name identities of the vocabulary."""

    sex: str
    name: Name


@dataclass
class Identity:
    number: int
    who: Who
    birth: date | None
    email: str
    phone: str
    country: str
    city: str
    kind: str = ""
    related: int = 0


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def styles_of(country: str) -> dict[str, float]:
    return PERSIAN_IN_IRAN if country == "IR" else COUNTRIES[country][4]


class Maker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = vocabulary.load()
        self.countries = list(COUNTRIES)
        self.country_weights = [COUNTRIES[c][0] for c in self.countries]

    def country(self) -> str:
        return self.rng.choices(self.countries, weights=self.country_weights)[0]

    def birth(self) -> date | None:
        if self.rng.random() >= BIRTH_KNOWN:
            return None
        return date(1940, 1, 1) + timedelta(days=self.rng.randrange(72 * 365))

    def phone(self, country: str) -> str:
        if self.rng.random() >= PHONE_KNOWN:
            return ""
        return self.any_phone(country)

    def any_phone(self, country: str) -> str:
        _share, _cities, prefix, digits, _styles = COUNTRIES[country]
        return prefix + "".join(str(self.rng.randrange(10)) for _ in range(digits))

    def email(self, who: Who) -> str:
        if self.rng.random() >= EMAIL_KNOWN:
            return ""
        return self.any_email(who)

    def any_email(self, who: Who) -> str:
        def ascii_word(identity: int) -> str:
            word = anyascii(self.words.labels[identity]).lower()
            return "".join(ch for ch in word if "a" <= ch <= "z")

        given, surname = ascii_word(who.name.given), ascii_word(who.name.surname)
        local = self.rng.choice(
            [f"{given}.{surname}", f"{given}{surname}", f"{given[:1]}{surname}", f"{given}"]
        )
        return f"{local}{self.rng.randrange(1, 999)}@{self.rng.choice(EMAIL_DOMAINS)}"

    def person(self, country: str, sex: str) -> Who:
        """A name drawn among those written in the script of the country's habits."""
        home = script_of_style(weighted(self.rng, styles_of(country)))
        return Who(sex, self.words.draw_name(self.rng, home, WITH_FATHER, sex.lower()))

    def given_like(self, other: Who, sex: str) -> int:
        """Another given name, for `sex` ("M"/"F"), from the same part of the world as
        `other`'s."""
        for script in (vocabulary.CYRILLIC, vocabulary.ARABIC, vocabulary.LATIN):
            if self.words.has(other.name.surname, script):
                break
        return self.words.draw_given(self.rng, script, sex.lower())

    def identity(self, number: int) -> Identity:
        country = self.country()
        who = self.person(country, self.rng.choice("MF"))
        return Identity(
            number,
            who,
            self.birth(),
            self.email(who),
            self.phone(country),
            country,
            self.rng.choice(COUNTRIES[country][1]),
        )

    def related(self, number: int, other: Identity) -> Identity | None:
        """A sibling, a brother or sister of the same given name, or a namesake of `other`."""
        rng = self.rng
        o = other.who
        roll = rng.random() * (SIBLING + UNISEX + NAMESAKE)
        if roll < SIBLING:
            sex = rng.choice("MF")
            father = o.name.father
            if father < 0:
                father = self.given_like(o, "M")
                o.name = Name(o.name.given, o.name.surname, father)
            who = Who(sex, Name(self.given_like(o, sex), o.name.surname, father))
            twin = rng.random() < 0.05 and other.birth is not None
            birth = other.birth if twin else self.birth()
            if birth is not None and other.birth is not None and not twin:
                apart = timedelta(days=rng.randrange(300, 5000))
                later = other.birth + apart
                birth = later if later <= LATEST and rng.random() < 0.5 else other.birth - apart
            return Identity(
                number,
                who,
                birth,
                other.email if rng.random() < 0.1 else self.email(who),
                other.phone if rng.random() < 0.4 else self.phone(other.country),
                other.country,
                other.city,
                kind="twin" if twin else "sibling",
                related=other.number,
            )
        if roll < SIBLING + UNISEX:
            surname = self.words.labels[o.name.surname]
            if feminine(surname) == surname:
                return None
            sex = "F" if o.sex == "M" else "M"
            father = o.name.father if rng.random() < 0.5 else -1
            who = Who(sex, Name(o.name.given, o.name.surname, father))
            country = self.country()
            return Identity(
                number,
                who,
                self.birth(),
                self.email(who),
                self.phone(country),
                country,
                rng.choice(COUNTRIES[country][1]),
                kind="unisex",
                related=other.number,
            )
        father = self.given_like(o, "M") if o.name.father >= 0 else -1
        who = Who(o.sex, Name(o.name.given, o.name.surname, father))
        country = self.country()
        return Identity(
            number,
            who,
            self.birth(),
            self.email(who),
            self.phone(country),
            country,
            rng.choice(COUNTRIES[country][1]),
            kind="namesake",
            related=other.number,
        )

    # -- writing a record ---------------------------------------------------------------

    def spelled(self, who: Who, country: str) -> tuple[str, str]:
        """(style, full name): the script and habits of the country's offices."""
        rng = self.rng
        habit = weighted(rng, styles_of(country))
        script, given, surname, father = self.words.written(
            rng, who.name, script_of_style(habit), female=who.sex == "F", patronymic=True
        )
        style = vocabulary.SCRIPTS[script]
        if rng.random() < 0.5:
            father = ""  # the father's name or not, office by office
        surname_first = rng.random() < SURNAME_FIRST[script]
        if " " in father:  # "Əli oğlu" closes the name: Məmmədov Rəşad Əli oğlu
            words = [surname, given, father] if surname_first else [given, surname, father]
        else:  # Алиевич, a middle name: Рашад Алиевич Мамедов, Мамедов Рашад Алиевич
            words = [given, father, surname] if father else [given, surname]
            if surname_first:
                words = [words[-1], *words[:-1]]
        if script == vocabulary.LATIN and habit == "passport_caps":
            words, style = [w.upper() for w in words], "latin+caps"
        elif script == vocabulary.LATIN and habit == "ascii_typed":
            words, style = [anyascii(w) for w in words], "latin+ascii"
        elif habit == "trap":
            at = words.index(surname)
            words[at], style = surname.upper(), f"{style}+trap"
            return style, "  ".join(words)
        return style, " ".join(words)

    def typo(self, name: str) -> str:
        rng = self.rng
        words = name.split(" ")
        long = [i for i, w in enumerate(words) if len(w) >= 4]
        if not long:
            return name
        i = rng.choice(long)
        word = words[i]
        at = rng.randrange(1, len(word) - 1)
        edit = rng.choice(("delete", "double", "swap", "replace"))
        if edit == "delete":
            word = word[:at] + word[at + 1 :]
        elif edit == "double":
            word = word[:at] + word[at] + word[at:]
        elif edit == "swap":
            word = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
        else:
            letters = [ch for ch in word.lower() if ch.isalpha()]
            word = word[:at] + rng.choice(letters) + word[at + 1 :]
        words[i] = word
        return " ".join(words)

    def repeat_birth(self, birth: date | None) -> date | None:
        rng = self.rng
        roll = rng.random()
        if birth is None or roll < 0.12:
            return None if roll < 0.12 or rng.random() < 0.7 else self.birth()
        if roll < 0.16:
            return birth + timedelta(days=rng.choice((-1, 1)))
        if roll < 0.19 and birth.day <= 12 and birth.day != birth.month:
            return birth.replace(month=birth.day, day=birth.month)
        if roll < 0.21:
            return birth.replace(year=birth.year + rng.choice((-1, 1)), day=min(birth.day, 28))
        return birth

    def repeat_contact(self, known: str, fresh: str) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            return known
        if roll < 0.6:
            return fresh
        return ""


def build(size: int, seed: int = SEED) -> Dataset:
    rng = random.Random(seed)
    maker = Maker(rng)
    organisations: list[tuple[str, str]] = []
    org_index: dict[tuple[str, str], list[int]] = {}
    for country, (_s, cities, *_rest) in COUNTRIES.items():
        for city in cities:
            for _n in range(3):  # a House, a society and a school in each city
                org_index.setdefault((country, city), []).append(len(organisations))
                organisations.append((country, city))

    identities: list[Identity] = []
    rows: list[tuple] = []  # (identity, country, city) per record, before spelling
    while len(rows) < size:
        number = len(identities) + 1
        made = None
        if identities and rng.random() < SIBLING + UNISEX + NAMESAKE:
            made = maker.related(number, rng.choice(identities))
        ident = made or maker.identity(number)
        identities.append(ident)
        rows.append((ident, ident.country, ident.city, True))
        if rng.random() < DUPLICATED:
            extra = weighted(rng, {str(k): v for k, v in EXTRA_RECORDS.items()})
            for _n in range(int(extra)):
                if rng.random() < 0.5:
                    country, city = ident.country, ident.city
                else:
                    country = maker.country()
                    city = rng.choice(COUNTRIES[country][1])
                rows.append((ident, country, city, False))
    rows = rows[:size]
    rng.shuffle(rows)
    records = []
    for rid, (ident, country, city, first) in enumerate(rows, start=1):
        style, name = maker.spelled(ident.who, country)
        birth, email, phone = ident.birth, ident.email, ident.phone
        if not first:
            if rng.random() < 0.12:
                name = maker.typo(name)
            birth = maker.repeat_birth(birth)
            email = maker.repeat_contact(email, maker.any_email(ident.who))
            phone = maker.repeat_contact(phone, maker.any_phone(country))
        records.append(
            Record(
                rid=rid,
                person=ident.number,
                kind=ident.kind,
                related=ident.related,
                style=style,
                full_name=name,
                sex=ident.who.sex.lower(),
                birth_date=birth,
                email=email,
                phone=phone,
                country=country,
                city=city,
                organisation=rng.choice(org_index[(country, city)]),
            )
        )
    # Registered organisation by organisation, in runs, so that ids follow `rid`.
    records.sort(key=lambda r: (r.organisation, r.rid))
    records = [Record(**{**r.__dict__, "rid": rid}) for rid, r in enumerate(records, start=1)]
    return Dataset(size, seed, records, organisations)


def dataset(size: int, seed: int = SEED) -> Dataset:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"data-v{DATA_VERSION}-{size}-{seed}.pickle"
    if path.exists():
        with path.open("rb") as handle:
            return pickle.load(handle)
    data = build(size, seed)
    with path.open("wb") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return data
