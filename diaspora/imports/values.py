"""Reading one cell of a member list: dates as people write them in Azerbaijani,
Russian and English, sex, roles, countries and cities by any of their names.

Each reader returns the value or raises `Unreadable` with the reason for the user."""

import re
import unicodedata
from datetime import date
from functools import cache

from babel import Locale
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from diaspora.directory import country_spellings
from diaspora.directory.models import Country
from diaspora.localized import country_name
from diaspora.people.models import Membership, Person


class Unreadable(ValueError):
    """A value that cannot be read; the message says why, for the user."""


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ə", "e"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ı", "i")


@cache
def month_numbers() -> dict[str, int]:
    """Month names and abbreviations in every interface language, any case or form
    (июль and июля, iyul, Jul.), folded."""
    numbers: dict[str, int] = {}
    for code in {code for code, _name in settings.LANGUAGES} | {"en"}:
        locale = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    numbers[plain(name).strip(".")] = number
    return numbers


YEAR_WORDS = re.compile(r"(?<![^\W\d_])(г|года|год|il|ci|cu)(?![^\W\d_])\.?|-(ci|cu)")
NUMERIC_DATE = re.compile(r"(\d{1,4})[./\-](\d{1,2})[./\-](\d{1,4})")
WORDS_DATE = re.compile(r"(\d{1,2})?\s*([^\W\d_]+)\.?\s*(\d{1,2})?,?\s*(\d{4})")


def read_date(text: str, *, month_first: bool = False) -> date:
    """ISO (1980-07-05), day first (05.07.1980, 5/7/1980) or, for a column that
    shows it, month first (07/25/1980); or with the month's name (5 iyul 1980,
    5 июля 1980 г., July 5, 1980)."""
    cleaned = " ".join(YEAR_WORDS.sub(" ", plain(text)).split())
    match = NUMERIC_DATE.fullmatch(cleaned)
    if match:
        first, second, third = (int(part) for part in match.groups())
        if len(match.group(1)) == 4:
            year, month, day = first, second, third
        elif month_first:
            month, day, year = first, second, third
        else:
            day, month, year = first, second, third
        if year < 100:
            raise Unreadable(_("Write the year in full (four digits)."))
        return checked(year, month, day)
    match = WORDS_DATE.fullmatch(cleaned)
    if match and match.group(2) in month_numbers():
        day = match.group(1) or match.group(3)
        if day:
            return checked(int(match.group(4)), month_numbers()[match.group(2)], int(day))
    raise Unreadable(_("This is not a date we can read; write it as 31.12.1980."))


def checked(year: int, month: int, day: int) -> date:
    try:
        value = date(year, month, day)
    except ValueError as error:
        raise Unreadable(_("There is no such day.")) from error
    if value > date.today():
        raise Unreadable(_("The date is in the future."))
    if value.year < 1900:
        raise Unreadable(_("The date is before 1900."))
    return value


def shows_month_first(texts: list[str]) -> bool:
    """Whether a date column is written month first (07/25/1980): some value has a
    second number above 12 and none has a first number above 12."""
    pairs = []
    for text in texts:
        match = NUMERIC_DATE.fullmatch(text.strip())
        if match and len(match.group(1)) <= 2:
            pairs.append((int(match.group(1)), int(match.group(2))))
    return any(second > 12 for _first, second in pairs) and all(first <= 12 for first, _s in pairs)


SEXES = {
    "m": [
        "m", "male", "man", "kisi", "k", "erkek", "м", "муж", "мужской", "мужчина",
        "männlich", "mann", "h", "homme", "masculin", "ч", "чол", "чоловіча", "чоловік",
    ],
    "f": [
        "f", "female", "woman", "qadin", "q", "kadin", "ж", "жен", "женский", "женщина",
        "w", "weiblich", "frau", "femme", "féminin", "жін", "жіноча", "жінка",
    ],
}  # fmt: skip
SEX_WORDS = {plain(word): sex for sex, words in SEXES.items() for word in words}


def read_sex(text: str) -> str:
    sex = SEX_WORDS.get(plain(text).strip("."))
    if sex is None:
        raise Unreadable(_("Write the sex as m or f."))
    return Person.Sex.MALE if sex == "m" else Person.Sex.FEMALE


ROLE_WORDS = {
    "member": ["member", "uzv", "член"],
    "board": ["board", "board member", "idare heyeti", "правление", "член правления"],
    "chair": ["chair", "chairman", "president", "sedr", "председатель", "президент"],
    "teacher": ["teacher", "muellim", "учитель", "преподаватель"],
    "pupil": ["pupil", "student", "sagird", "ученик", "ученица"],
    "volunteer": ["volunteer", "konullu", "волонтер", "доброволец"],
}
ROLES = {plain(word): role for role, words in ROLE_WORDS.items() for word in words}


def read_role(text: str) -> str:
    role = ROLES.get(plain(text))
    if role is None:
        known = ", ".join(str(label) for _value, label in Membership.Role.choices)
        raise Unreadable(_("Unknown role; the roles are: %(roles)s.") % {"roles": known})
    return role


def read_email(text: str) -> str:
    try:
        validate_email(text)
    except ValidationError as error:
        raise Unreadable(_("This is not an email address.")) from error
    return text.lower()


@cache
def country_names() -> dict[str, str]:
    """Every country's codes, its names in the interface languages, and the names
    lists write it by (Deutschland, Україна, UK, США: `country_spellings`), folded."""
    names: dict[str, str] = {}
    languages = {code for code, _name in settings.LANGUAGES} | {"en"}
    countries = list(Country.objects.values_list("code", "code3"))
    for code, code3 in countries:
        names[plain(code)] = names[plain(code3)] = code
        for language in languages:
            names.setdefault(plain(country_name(code, language)), code)
    for code, _code3 in countries:
        for spelling in country_spellings.spellings(code):
            names.setdefault(plain(spelling).strip("."), code)
    return names


def read_country(text: str) -> str:
    code = country_names().get(plain(text).strip("."))
    if code is None:
        raise Unreadable(_("Unknown country; write its name or its two-letter code."))
    return code
