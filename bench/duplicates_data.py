"""The duplicate benchmark's data: N person records with a known truth, deterministic.

Each record is one organisation's registration of a person. Most people are registered
once; a share (`DUPLICATED`) are registered again by another organisation, which writes
the name its own way: the style follows the organisation's country (Russian-style
Cyrillic in Russia, Kazakhstan or Ukraine; the Turkish habit in Turkey; passport or
ASCII-typed Latin in Western Europe and America; Azerbaijani Latin or Cyrillic;
Persian script or Persian-habit Latin for Iranian Azerbaijanis), with the converters of
`bench/gold_names.py` (built from /work/shared/NAMES.md, independent of
`diaspora.names`). A repeat registration may also carry a typo, the surname first, the
patronymic or not, the birth date missing, a day off, day and month swapped or the year
off by one, another or no email and phone, another city.

Hard non-duplicates, labelled so that their false positives can be counted:

* `sibling`  the same surname, father (patronymic), city, often the family's phone or
             email; 1 in 20 is a twin (the same birth date);
* `unisex`   a brother and a sister with the same given name (Turan Əliyev / Əliyeva);
* `namesake` another person given an existing person's given name and surname (a
             different father, birth date, city). Common names make many more
             namesakes by chance (Zipf surnames, common given names).

The truth: records of one `person` are one person; every other pair is not.
"""

from __future__ import annotations

import pickle
import random
from bisect import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from faker.providers.person.az_AZ import Provider as AzNames

from bench import gold_names as g

DATA_VERSION = 2
SEED = 20_251_125
CACHE = Path("/tmp/diaspora-bench-duplicates")

DUPLICATED = 0.025  # of the people, registered more than once
EXTRA_RECORDS = {1: 0.8, 2: 0.15, 3: 0.05}  # how many more times
SIBLING = 0.06
UNISEX = 0.004
NAMESAKE = 0.02
PERSIAN = 0.08
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
PERSIAN_ABROAD = {"persian_latin": 4, "az_latin": 2, "passport": 1, "persian": 1}
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
class Identity:
    number: int
    who: g.Person
    birth: date | None
    email: str
    phone: str
    country: str
    city: str
    kind: str = ""
    related: int = 0


def zipf_picker(items: list, rng: random.Random, s: float = 1.0, offset: float = 2.0):
    cumulative = list(accumulate(1.0 / (rank + offset) ** s for rank in range(len(items))))
    total = cumulative[-1]
    return lambda: items[bisect(cumulative, rng.random() * total)]


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Maker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        male = g.clean_list(AzNames.first_names_male)
        female = [n for n in g.clean_list(AzNames.first_names_female) if n not in g.FAKER_SLIPS]
        rng.shuffle(male)
        rng.shuffle(female)
        self.given = {"M": zipf_picker(male, rng), "F": zipf_picker(female, rng)}
        self.father = zipf_picker(male, rng)
        self.unisex = sorted(set(male) & set(female))
        surnames = g.surnames()
        self.surname_of = {form: s for s in surnames for form in (s.male, s.form("F"))}
        rng.shuffle(surnames)
        surnames.sort(key=lambda s: s.male not in g.COMMON_SURNAMES)
        self.surname = zipf_picker(surnames, rng, s=0.9, offset=3.0)
        self.gendered = [s for s in surnames if s.gendered]
        self.persian_given = {
            sex: [x for x in g.PERSIAN_GIVEN if x[3] == sex] for sex in ("M", "F")
        }
        self.countries = list(COUNTRIES)
        self.country_weights = [COUNTRIES[c][0] for c in self.countries]

    def country(self, persian: bool) -> str:
        if persian and self.rng.random() < 0.7:
            return "IR"
        while True:
            code = self.rng.choices(self.countries, weights=self.country_weights)[0]
            if code != "IR" or persian:
                return code

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

    def email(self, who: g.Person) -> str:
        if self.rng.random() >= EMAIL_KNOWN:
            return ""
        return self.any_email(who)

    def any_email(self, who: g.Person) -> str:
        def ascii_word(name: str) -> str:
            word = g.to_passport(g.az_lower(name).replace(" ", ""))
            return "".join(ch for ch in word if "a" <= ch <= "z")

        given, surname = ascii_word(who.given), ascii_word(who.surname)
        local = self.rng.choice(
            [f"{given}.{surname}", f"{given}{surname}", f"{given[:1]}{surname}", f"{given}"]
        )
        return f"{local}{self.rng.randrange(1, 999)}@{self.rng.choice(EMAIL_DOMAINS)}"

    def person(self, number: int, sex: str) -> g.Person:
        rng = self.rng
        if rng.random() < PERSIAN:
            given_fa, az_given, latin_given, _sex = rng.choice(self.persian_given[sex])
            fa_male, fa_female, az_surname, latin_surname, kind = rng.choice(g.PERSIAN_SURNAMES)
            woman = kind == "soviet" and sex == "F"
            persian = g.Persian(
                given_fa=given_fa,
                given_latin=latin_given,
                surname_fa=fa_female if woman else fa_male,
                surname_latin=latin_surname,
                kind=kind,
            )
            surname = az_surname + "a" if woman else az_surname
            return self.variant(g.Person(str(number), sex, az_given, surname, persian=persian))
        while True:
            surname = self.surname()
            if not (surname.female_only and sex == "M"):
                break
        father = self.father() if rng.random() < 0.85 else ""
        return self.variant(
            g.Person(str(number), sex, self.given[sex](), surname.form(sex), father=father)
        )

    def variant(self, who: g.Person) -> g.Person:
        who.variant = {
            "initial_q": "к" if self.rng.random() < 0.3 else "г",
            "gh": "g" if self.rng.random() < 0.3 else "gh",
        }
        return who

    def identity(self, number: int) -> Identity:
        who = self.person(number, self.rng.choice("MF"))
        country = self.country(who.persian is not None)
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
        if o.persian is not None:
            return None
        surname = self.surname_of.get(o.surname)
        if surname is None:
            return None
        if roll < SIBLING:
            sex = rng.choice("MF")
            if surname.female_only and sex == "M":
                return None
            father = o.father or self.father()
            o.father = father
            who = self.variant(g.Person(str(number), sex, self.given[sex](), surname.form(sex)))
            who.father = father
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
            if not surname.gendered or o.given not in self.unisex:
                return None
            sex = "F" if o.sex == "M" else "M"
            who = self.variant(g.Person(str(number), sex, o.given, surname.form(sex)))
            who.father = self.father() if rng.random() < 0.5 else ""
            country = self.country(False)
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
        who = self.variant(g.Person(str(number), o.sex, o.given, o.surname))
        who.father = self.father() if o.father else ""
        country = self.country(False)
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

    def spelled(self, who: g.Person, country: str) -> tuple[str, str]:
        if who.persian is not None:
            styles = dict(PERSIAN_IN_IRAN if country == "IR" else PERSIAN_ABROAD)
            if who.persian.kind == "soviet" and country not in ("IR",):
                styles.update(g.SOVIET_EXTRA)
        else:
            styles = COUNTRIES[country][4]
        style = weighted(self.rng, styles)
        name = getattr(g.Speller(who, self.rng), style)()
        return style, " ".join(name.split()) or name

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
                    country = maker.country(ident.who.persian is not None)
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
