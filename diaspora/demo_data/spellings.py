"""How one demo compatriot's name comes out in each of the spellings the registry meets."""

import random
from dataclasses import dataclass

from .names import GivenName, Surname

# Turkish habits for Azerbaijani letters the Turkish alphabet lacks.
TURKISH = str.maketrans({"ə": "e", "Ə": "E", "x": "h", "X": "H", "q": "k", "Q": "K"})


@dataclass(frozen=True)
class Spelling:
    full_name: str
    given: str
    surname: str
    patronymic: str


def surname_form(surname: Surname, style: str, female: bool) -> str:
    base = {
        "latin_az": surname.az,
        "turkish": surname.az.translate(TURKISH),
        "passport": surname.passport,
        "cyrillic": surname.ru,
    }[style]
    if female and surname.gendered:
        return base + ("а" if style == "cyrillic" else "a")
    return base


def given_form(name: GivenName, style: str) -> str:
    return {
        "latin_az": name.az,
        "turkish": name.az.translate(TURKISH),
        "passport": name.passport,
        "cyrillic": name.ru,
    }[style]


def patronymic_form(father: GivenName, style: str, female: bool, rng: random.Random) -> str:
    if style == "cyrillic":
        stem = father.ru
        if rng.random() < 0.5 and stem[-1] not in "аеёиоуыэюяй":
            if stem.endswith("ь"):  # Рамиль → Рамилевич
                return stem[:-1] + ("евна" if female else "евич")
            return stem + ("овна" if female else "ович")
        return f"{stem} {'кызы' if female else 'оглы'}"
    if style in ("latin_az", "turkish"):
        return f"{given_form(father, style)} {'qızı' if female else 'oğlu'}"
    return ""


def spell(
    surname: Surname,
    given: GivenName,
    father: GivenName,
    *,
    female: bool,
    style: str,
    rng: random.Random,
) -> Spelling:
    last = surname_form(surname, style, female)
    first = given_form(given, style)
    with_patronymic = style in ("cyrillic", "latin_az") and rng.random() < 0.45
    patronymic = patronymic_form(father, style, female, rng) if with_patronymic else ""
    roll = rng.random()
    if style == "cyrillic" and roll < 0.5:
        full = " ".join(filter(None, [last.upper() if roll < 0.2 else last, first, patronymic]))
    elif style == "passport" and roll < 0.3:
        full = f"{last.upper()} {first}"
    elif style == "latin_az" and patronymic:
        full = f"{last} {first} {patronymic}"
    else:
        full = " ".join(filter(None, [first, patronymic, last]))
    return Spelling(full, first, last, patronymic)


def spell_persian(surname: tuple[str, str], given: tuple[str, str], *, latin: bool) -> Spelling:
    index = 1 if latin else 0
    return Spelling(f"{given[index]} {surname[index]}", given[index], surname[index], "")
