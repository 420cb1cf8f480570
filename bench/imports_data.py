"""The import benchmark's data: a registry to start from and member lists to import,
deterministic from a seed.

People are drawn as diaspora/demo_data/build.py draws them (country by community size,
sex; the country decides the script through the demo's mix of spelling styles), their
names from `bench/vocabulary.py` (real spellings in Latin, Cyrillic and Arabic script,
Zipf-drawn among the names written in the home country's script; a father's name for
60 %, written as a patronymic where the script's registries write one: oğlu / qızı,
оглы / кызы, -ович / -овна), each record a real spelling of the name in its script
(Latin when a word has none there; a woman's Slavic-pattern surname in its feminine
form). A member list row
carries given name, surname, father's name (when there is one), birth date in mixed Azerbaijani,
Russian and English forms, sex in several languages, email (45 %), phone (50 %,
international or national form), country (code or name in az/ru/en) and city (its
az/ru/en name). About 8 % of the rows are people of the registry spelled again
(another style most of the time, same birth date, their email or phone half of the
time), about 1 % repeat an earlier row of the same file in another spelling.

Needs Django set up (names of countries and months); touches no database.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from anyascii import anyascii

from bench import vocabulary
from bench.vocabulary import Name

SEED = 2026
DATA_VERSION = 4
WITH_FATHER = 0.6
HEADER = [
    "Soyad",
    "Ad",
    "Ata adı",
    "Doğum tarixi",
    "Cins",
    "E-poçt",
    "Telefon",
    "Ölkə",
    "Şəhər",
]
REGISTRY_SHARE = 0.08
REPEAT_SHARE = 0.01
SEX_WORDS = {
    "m": ["k", "kişi", "м", "муж", "m", "male"],
    "f": ["q", "qadın", "ж", "жен", "f", "female"],
}


@dataclass(frozen=True)
class Drawn:
    """One person as the lists know them: identity, country, city, birth date, contacts."""

    female: bool
    name: Name  # identities of the vocabulary
    country: str
    city: int  # index into the country's places
    born: date
    email_serial: int  # 0: no email
    phone_digits: str  # "": no phone


def month_names() -> dict[str, list[str]]:
    from babel import Locale

    return {
        code: [Locale.parse(code).months["format"]["wide"][m] for m in range(1, 13)]
        for code in ("az", "ru", "en")
    }


class Drawer:
    def __init__(self, rng: random.Random) -> None:
        from diaspora.demo_data.build import weights
        from diaspora.demo_data.geography import COUNTRIES

        self.rng = rng
        self.vocabulary = vocabulary.load()
        self.codes = list(COUNTRIES)
        self.cumulative = list(accumulate(weights(self.codes)))
        self.places = COUNTRIES

    def person(self, serial: int) -> Drawn:
        rng = self.rng
        code = self.codes[bisect(self.cumulative, rng.random() * self.cumulative[-1])]
        from diaspora.demo_data.build import style_for

        born = date(1945, 1, 1) + timedelta(days=rng.randrange(60 * 365))
        home = vocabulary.script_of_style(style_for(code, rng))
        female = rng.random() < 0.5
        return Drawn(
            female=female,
            name=self.vocabulary.draw_name(rng, home, WITH_FATHER, "f" if female else "m"),
            country=code,
            city=rng.randrange(min(4, len(self.places[code]))),
            born=born,
            email_serial=serial if rng.random() < 0.45 else 0,
            phone_digits=f"{rng.randrange(10**7):07d}" if rng.random() < 0.5 else "",
        )


@dataclass(frozen=True)
class Spelling:
    full_name: str
    given: str
    surname: str
    patronymic: str
    latin: tuple[str, str]  # the name's commonest Latin given name and surname, for emails


def spelled(drawn: Drawn, style: str, rng: random.Random) -> Spelling:
    """The person's name in the script of `style`, as one writer spells it."""
    words = vocabulary.load()
    _script, given, surname, father = words.written(
        rng, drawn.name, vocabulary.script_of_style(style), female=drawn.female, patronymic=True
    )
    order = (given, surname, father) if " " in father else (given, father, surname)
    full = " ".join(part for part in order if part)
    latin = (words.labels[drawn.name.given], words.labels[drawn.name.surname])
    return Spelling(full, given, surname, father, latin)


def phone_of(drawn: Drawn, *, national: bool) -> tuple[str, str]:
    """(as written in the list, E.164) for the person's phone, or ("", "")."""
    import phonenumbers

    if not drawn.phone_digits:
        return "", ""
    example = phonenumbers.example_number_for_type(
        drawn.country, phonenumbers.PhoneNumberType.MOBILE
    )
    if example is None:
        return "", ""
    digits = str(example.national_number)
    keep = max(len(digits) - 7, 1)
    number = phonenumbers.parse(
        f"+{example.country_code}{digits[:keep]}{drawn.phone_digits[-(len(digits) - keep) :]}"
    )
    form = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if national
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return (
        phonenumbers.format_number(number, form),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
    )


def email_of(spelling, drawn: Drawn) -> str:
    if not drawn.email_serial:
        return ""
    local = "".join(
        ch
        for ch in anyascii(f"{spelling.latin[0]}.{spelling.latin[1]}").lower()
        if ch.isascii() and (ch.isalnum() or ch == ".")
    ).strip(".")
    return f"{local or 'person'}{drawn.email_serial}@example.org"


def date_text(born: date, rng: random.Random, months: dict[str, list[str]]) -> str:
    roll = rng.random()
    if roll < 0.4:
        return born.strftime("%d.%m.%Y")
    if roll < 0.6:
        return born.isoformat()
    if roll < 0.7:
        return f"{born.day} {months['az'][born.month - 1]} {born.year}"
    if roll < 0.8:
        return f"{born.day} {months['ru'][born.month - 1]} {born.year} г."
    if roll < 0.9:
        return f"{months['en'][born.month - 1]} {born.day}, {born.year}"
    return born.strftime("%d/%m/%Y")


def country_text(code: str, rng: random.Random) -> str:
    from diaspora.localized import country_name

    roll = rng.random()
    if roll < 0.3:
        return code
    return country_name(code, "az" if roll < 0.55 else "ru" if roll < 0.8 else "en")


def registry(size: int, seed: int = SEED) -> list[tuple[Drawn, str]]:
    """The people on the registry before any list comes in, with their style."""
    from diaspora.demo_data.build import style_for

    rng = random.Random(seed)
    drawer = Drawer(rng)
    people = []
    for serial in range(1, size + 1):
        drawn = drawer.person(serial)
        people.append((drawn, style_for(drawn.country, rng)))
    return people


def registry_records(people: list[tuple[Drawn, str]], seed: int = SEED) -> list[dict]:
    """Field values of the registry's people, for `Person(**values)`."""
    rng = random.Random(seed + 1)
    records = []
    for drawn, style in people:
        spelling = spelled(drawn, style, rng)
        _written, phone = phone_of(drawn, national=False)
        records.append(
            {
                "full_name": spelling.full_name,
                "given_name": spelling.given,
                "surname": spelling.surname,
                "patronymic": spelling.patronymic,
                "birth_date": drawn.born,
                "sex": "f" if drawn.female else "m",
                "email": email_of(spelling, drawn),
                "phone": phone,
                "country_id": drawn.country,
            }
        )
    return records


def member_list(
    path: Path, rows: int, people: list[tuple[Drawn, str]], seed: int = SEED
) -> dict[str, int]:
    """Write a list of `rows` members to `path` (UTF-8 CSV, `;`); returns what it holds."""
    from diaspora.demo_data.build import style_for

    rng = random.Random(seed + 10 + rows)
    drawer = Drawer(rng)
    months = month_names()
    written: list[Drawn] = []
    kinds = {"fresh": 0, "registry": 0, "repeat": 0}
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(HEADER)
        for number in range(rows):
            roll = rng.random()
            if roll < REGISTRY_SHARE:
                drawn, _style = people[rng.randrange(len(people))]
                if rng.random() < 0.5:
                    drawn = Drawn(**{**drawn.__dict__, "email_serial": 0})
                if rng.random() < 0.5:
                    drawn = Drawn(**{**drawn.__dict__, "phone_digits": ""})
                kinds["registry"] += 1
            elif roll < REGISTRY_SHARE + REPEAT_SHARE and written:
                drawn = written[rng.randrange(len(written))]
                kinds["repeat"] += 1
            else:
                drawn = drawer.person(10_000_000 + number)
                kinds["fresh"] += 1
            written.append(drawn)
            style = style_for(drawn.country, rng)
            spelling = spelled(drawn, style, rng)
            surname, given = spelling.surname, spelling.given
            if rng.random() < 0.1:
                surname = surname.upper()
            phone, _e164 = phone_of(drawn, national=rng.random() < 0.5)
            place = drawer.places[drawn.country][drawn.city]
            writer.writerow(
                [
                    surname,
                    given,
                    spelling.patronymic,
                    date_text(drawn.born, rng, months),
                    rng.choice(SEX_WORDS["f" if drawn.female else "m"]),
                    email_of(spelling, drawn),
                    phone,
                    country_text(drawn.country, rng),
                    rng.choice((place.en, place.az, place.ru)),
                ]
            )
    partial.rename(path)
    return kinds
