"""Build bench/data/gold_names.csv: one person written many ways, for evaluating name matching.

    python -m bench.gold_names            # writes bench/data/gold_names.csv

Each row is one spelling of one person (a *cluster*): columns cluster, style, script,
sex, name. Everything here is independent of `diaspora.names` and of the demo data:

* Azerbaijani given names and surnames come from Faker's az_AZ person provider, with a
  short list of the most common surnames (Məmmədov, Əliyev, Hüseynov...) added, since
  Faker's list lacks several of them. Surnames are drawn with a Zipf-like weight, so
  many people share a surname (hard negatives).
* The spellings are made by converters written here from the transliteration facts in
  /work/shared/NAMES.md: Azerbaijani Cyrillic (1958), Russian-style Cyrillic (the
  Azerbaijani-Russian practical transcription, with its irregular stems), the Azerbaijani
  passport / English habit, Russian passports (iuliia's ICAO Doc 9303 and MVD schemes
  applied to the Russian-style Cyrillic), the Turkish habit, Latin typed without an
  Azerbaijani keyboard, and data-entry traps.
* Persian-script names come from a hand-curated table below.

The output is deterministic: a fixed seed, and Faker's static name lists (no Faker RNG).
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import iuliia
from faker.providers.person.az_AZ import Provider as AzNames

SEED = 20_240_917
N_PEOPLE = 1_500
PERSIAN_SHARE = 0.12  # of the people, Iranian Azerbaijanis and names written in Persian script
SIBLING_SHARE = 0.14  # people who are a sibling of someone already made
UNISEX_PAIRS = 40  # brother and sister with the same given name: Turan Əliyev / Turan Əliyeva
OUT = Path(__file__).resolve().parent / "data" / "gold_names.csv"
COLUMNS = ("cluster", "style", "script", "sex", "name")

# --------------------------------------------------------------------------------------
# Letters and case


def az_lower(text: str) -> str:
    return text.replace("İ", "i").replace("I", "ı").lower()


def az_upper(text: str) -> str:
    return text.replace("i", "İ").replace("ı", "I").upper()


def capitalize(word: str, *, az: bool = False) -> str:
    if not word:
        return word
    head = az_upper(word[0]) if az else word[0].upper()
    return head + word[1:]


def title(text: str, *, az: bool = False) -> str:
    """Each space- or hyphen-separated part capitalised; the rest left as it is."""
    return " ".join(
        "-".join(capitalize(part, az=az) for part in word.split("-")) for word in text.split(" ")
    )


LATIN_AZ_LETTERS = set("əƏıİğĞşŞçÇöÖüÜǝƎ")


def char_script(ch: str) -> str:
    if not ch.isalpha():
        return ""
    code = ord(ch)
    if 0x0400 <= code < 0x0530:
        return "cyrillic"
    if 0x0600 <= code < 0x0700 or 0xFB50 <= code < 0xFF00:
        return "arabic"
    return "latin"


def script_of(name: str) -> str:
    """latin_az (Latin with Azerbaijani or Turkish letters), latin (plain), cyrillic,
    arabic, or mixed (letters of more than one script, e.g. Cyrillic ә in a Latin name)."""
    scripts = {char_script(ch) for ch in name} - {""}
    if len(scripts) != 1:
        return "mixed"
    script = scripts.pop()
    if script == "latin" and any(ch in LATIN_AZ_LETTERS for ch in name):
        return "latin_az"
    return script


# --------------------------------------------------------------------------------------
# Converters. Each takes one lowercase Azerbaijani Latin word.

AZ_CYRILLIC = {
    "a": "а",
    "b": "б",
    "c": "ҹ",
    "ç": "ч",
    "d": "д",
    "e": "е",
    "ə": "ә",
    "f": "ф",
    "g": "ҝ",
    "ğ": "ғ",
    "h": "һ",
    "x": "х",
    "ı": "ы",
    "i": "и",
    "j": "ж",
    "k": "к",
    "q": "г",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "ö": "ө",
    "p": "п",
    "r": "р",
    "s": "с",
    "ş": "ш",
    "t": "т",
    "u": "у",
    "ü": "ү",
    "v": "в",
    "y": "ј",
    "z": "з",
}


def to_az_cyrillic(word: str) -> str:
    return "".join(AZ_CYRILLIC.get(ch, ch) for ch in word)


VOWELS = set("aeəıioöuü")
FRONT_FOR_SOFT_L = set("eəiöü")

# Russian-style stems that the letter rules would not give (facts of usage:
# Мамедов, Гусейнов, Гаджиев, Гасанов, Ибрагимов, Ахмедов, Аскеров, Алекперов...).
RU_PREFIXES = sorted(
    {
        "məhəmməd": "магомед",
        "məmməd": "мамед",
        "hüseyn": "гусейн",
        "hacı": "гаджи",
        "həci": "гаджи",
        "həsən": "гасан",
        "həmid": "гамид",
        "heydər": "гейдар",
        "hümbət": "гумбат",
        "hümmət": "гуммат",
        "ibrahim": "ибрагим",
        "rəhim": "рагим",
        "əhməd": "ахмед",
        "əsgər": "аскер",
        "ələkbər": "алекпер",
        "əkbər": "акпер",
        "kərim": "керим",
        "vəli": "вели",
        "bağır": "багир",
        "isgəndər": "искендер",
        "mehdi": "мехти",
    }.items(),
    key=lambda item: -len(item[0]),
)
RU_SUFFIXES = sorted(
    {
        "zadə": "заде",
        "bəyova": "бекова",
        "bəyov": "беков",
        "bəyli": "бейли",
        "qızı": "кызы",
        "oğlu": "оглу",
    }.items(),
    key=lambda item: -len(item[0]),
)
RU_PLAIN = {
    "a": "а",
    "b": "б",
    "d": "д",
    "f": "ф",
    "m": "м",
    "n": "н",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "v": "в",
    "z": "з",
    "k": "к",
    "g": "г",
    "x": "х",
    "h": "х",
    "ç": "ч",
    "ş": "ш",
    "j": "ж",
    "c": "дж",
    "ğ": "г",
    "ı": "ы",
    "i": "и",
    "o": "о",
    "u": "у",
}
RU_AFTER_Y = {"a": "я", "ə": "я", "u": "ю", "ü": "ю", "o": "ё", "ö": "ё", "e": "е", "i": "и"}


def russian_letters(word: str, prev: str, *, initial_q: str) -> str:
    """The letter rules, `prev` being the Azerbaijani letter before `word` ('' at the start)."""
    out: list[str] = []
    i = 0
    start = not prev
    while i < len(word):
        ch = word[i]
        p = word[i - 1] if i else prev
        n = word[i + 1] if i + 1 < len(word) else ""
        first = start and i == 0
        if ch == "y":
            if n == "y":  # Fəyyaz → Фаяз, Ruqiyyə → Ругия
                i += 1
                continue
            if p == "y":  # the second of yy: look past the first
                p = word[i - 2] if i >= 2 else prev
            if n in RU_AFTER_Y:
                if n == "ı":
                    out.append("и" if p in VOWELS else "ы")
                else:
                    soft = "ь" if p and p not in VOWELS and n in "aəuü" else ""
                    out.append(soft + RU_AFTER_Y[n])
                i += 2
                continue
            if n == "ı":  # İsmayıl → Исмаил
                out.append("и" if p in VOWELS else "ы")
                i += 2
                continue
            out.append("й")
        elif ch == "ı" and n == "y" and word[i + 2 : i + 3] in VOWELS:
            out.append("и")  # Nağıyev → Нагиев
        elif ch == "e":
            out.append("э" if first or p in VOWELS else "е")
        elif ch == "ə":
            out.append("я" if p in ("g", "k", "l") and not first else "а")
        elif ch == "ü":
            out.append("ю" if p in ("g", "k", "l") else "у")
        elif ch == "ö":
            out.append("ё" if p in ("g", "k") else "о")
        elif ch == "q":
            if first:
                out.append(initial_q)
            elif not n:
                out.append("к")  # Rafiq → Рафик
            else:
                out.append("г")
        elif ch == "l":
            soft = p in FRONT_FOR_SOFT_L and (not n or n not in VOWELS) and n != "l"
            out.append("ль" if soft else "л")
        else:
            out.append(RU_PLAIN.get(ch, ch))
        i += 1
    return "".join(out)


def to_russian(word: str, *, initial_q: str = "г") -> str:
    """Russian-style Cyrillic of an Azerbaijani word: Məmmədov → Мамедов, Əliyeva → Алиева,
    Hüseynzadə → Гусейнзаде, Cəfərov → Джафаров, Gülnarə → Гюльнара."""
    head, prev = "", ""
    for az, ru in RU_PREFIXES:
        if word.startswith(az):
            head, prev, word = ru, az[-1], word[len(az) :]
            break
    tail = ""
    for az, ru in RU_SUFFIXES:
        if word.endswith(az) and (head or len(word) > len(az)):
            tail, word = ru, word[: -len(az)]
            break
    if not word:
        return head + tail
    return head + russian_letters(word, prev, initial_q=initial_q) + tail


def russian_patronymic(father_ru: str, sex: str) -> str:
    """Алиевич, Рашадович, Гусейновна: the Russian patronymic from the father's Russian name."""
    ends_vowel = father_ru[-1] in "аеиоуыэюя"
    if father_ru.endswith("й"):
        stem, male, female = father_ru[:-1], "евич", "евна"
    elif ends_vowel:
        stem, male, female = father_ru, "евич", "евна"
    else:
        stem, male, female = father_ru, "ович", "овна"
    return stem + (male if sex == "M" else female)


PASSPORT = {
    "ə": "a",
    "ı": "i",
    "ş": "sh",
    "ç": "ch",
    "x": "kh",
    "q": "g",
    "c": "j",
    "ğ": "gh",
    "ü": "u",
    "ö": "o",
    "j": "zh",
}


def to_passport(word: str, *, gh: str = "gh") -> str:
    """Azerbaijani passport / English habit: Məmmədov → Mammadov, Xəlilov → Khalilov."""
    table = dict(PASSPORT, ğ=gh)
    return "".join(table.get(ch, ch) for ch in word)


TURKISH = {"ə": "e", "x": "h", "q": "k"}
TURKISH_WORDS = {
    "əli": "ali",
    "hüseyn": "hüseyin",
    "həsən": "hasan",
    "əhməd": "ahmet",
    "murad": "murat",
    "məhəmməd": "muhammed",
}


def to_turkish(word: str, *, habits: bool) -> str:
    """The Turkish habit (Məmmədov → Memmedov); with `habits`, Turkish forms of a few
    given names (Hüseyn → Hüseyin, Əhməd → Ahmet) and of the stem Hüseyn-."""
    if habits:
        if word in TURKISH_WORDS:
            return TURKISH_WORDS[word]
        if word.startswith("hüseyn"):
            word = "hüseyin" + word[len("hüseyn") :]
    return "".join(TURKISH.get(ch, ch) for ch in word)


ASCII_TYPED = {"ş": "s", "ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ü": "u"}


def to_ascii_typed(word: str, *, schwa: str) -> str:
    """Azerbaijani Latin typed without an Azerbaijani keyboard: ə → e (or a), ş → s..."""
    return "".join(schwa if ch == "ə" else ASCII_TYPED.get(ch, ch) for ch in word)


# --------------------------------------------------------------------------------------
# Names

FAKER_SLIPS = frozenset({"Yaqub"})

COMMON_SURNAMES = (  # the most common Azerbaijani surnames (male forms)
    "Məmmədov",
    "Əliyev",
    "Həsənov",
    "Hüseynov",
    "Quliyev",
    "İsmayılov",
    "Hacıyev",
    "Rzayev",
    "Cəfərov",
    "Abbasov",
    "Babayev",
    "Musayev",
    "Qasımov",
    "Vəliyev",
    "Nəsirov",
    "Orucov",
    "Mustafayev",
    "Kazımov",
    "Səfərov",
    "Bağırov",
    "Heydərov",
    "Əhmədov",
    "Kərimov",
    "Süleymanov",
    "İbrahimov",
    "Rəhimov",
    "Nağıyev",
    "Mehdiyev",
    "Əsgərov",
    "Ələkbərov",
)


@dataclass(frozen=True)
class Surname:
    male: str  # as a man writes it (Əliyev, Kərimli, Hüseynoğlu)
    gendered: bool  # -ov/-yev: a woman adds -a
    female_only: bool = False  # -qızı

    def form(self, sex: str) -> str:
        return self.male + "a" if self.gendered and sex == "F" else self.male


def clean_list(names: object) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:  # type: ignore[attr-defined]
        seen.setdefault(name.strip(), None)
    return [name for name in seen if name]


def surnames() -> list[Surname]:
    found: dict[str, Surname] = {}
    for name in COMMON_SURNAMES:
        found[name] = Surname(name, gendered=True)
    for name in clean_list(AzNames.last_names_male):
        if name.endswith(("ov", "ev")):
            found.setdefault(name, Surname(name, gendered=True))
        else:
            found.setdefault(name, Surname(name, gendered=False))
    for name in clean_list(AzNames.last_names_female):
        if name.endswith(("ova", "eva")):
            found.setdefault(name[:-1], Surname(name[:-1], gendered=True))
        elif name.endswith("qızı"):
            found.setdefault(name, Surname(name, gendered=False, female_only=True))
    for name in clean_list(AzNames.last_names_unisex):
        found.setdefault(name, Surname(name, gendered=False))
    return list(found.values())


# Persian script, Azerbaijani Latin, Persian-habit Latin forms, sex.
PERSIAN_GIVEN: tuple[tuple[tuple[str, ...], str, tuple[str, ...], str], ...] = (
    (("علی",), "Əli", ("Ali",), "M"),
    (("محمد",), "Məhəmməd", ("Mohammad", "Mohammed"), "M"),
    (("حسین",), "Hüseyn", ("Hossein", "Hosein"), "M"),
    (("حسن",), "Həsən", ("Hassan", "Hasan"), "M"),
    (("رضا",), "Rza", ("Reza",), "M"),
    (("جعفر",), "Cəfər", ("Jafar", "Jafar"), "M"),
    (("مهدی",), "Mehdi", ("Mahdi", "Mehdi"), "M"),
    (("عباس",), "Abbas", ("Abbas",), "M"),
    (("اکبر",), "Əkbər", ("Akbar",), "M"),
    (("یوسف",), "Yusif", ("Yousef", "Yousof"), "M"),
    (("ابراهیم",), "İbrahim", ("Ebrahim",), "M"),
    (("اسماعیل",), "İsmayıl", ("Esmaeil", "Esmail"), "M"),
    (("موسی",), "Musa", ("Mousa",), "M"),
    (("کریم",), "Kərim", ("Karim",), "M"),
    (("رحیم",), "Rəhim", ("Rahim",), "M"),
    (("صمد",), "Səməd", ("Samad",), "M"),
    (("بهروز",), "Bəhruz", ("Behrouz", "Behruz"), "M"),
    (("فرهاد",), "Fərhad", ("Farhad",), "M"),
    (("جواد",), "Cavad", ("Javad",), "M"),
    (("قاسم",), "Qasım", ("Ghasem", "Qasem"), "M"),
    (("بابک",), "Babək", ("Babak",), "M"),
    (("ستار",), "Səttar", ("Sattar",), "M"),
    (("باقر",), "Bağır", ("Bagher", "Baqer"), "M"),
    (("حمید",), "Həmid", ("Hamid",), "M"),
    (("مجید",), "Məcid", ("Majid",), "M"),
    (("نادر",), "Nadir", ("Nader",), "M"),
    (("آیدین",), "Aydın", ("Aydin",), "M"),
    (("یاشار",), "Yaşar", ("Yashar",), "M"),
    (("رسول",), "Rəsul", ("Rasoul", "Rasul"), "M"),
    (("داوود", "داود"), "Davud", ("Davoud",), "M"),
    (("امیر",), "Əmir", ("Amir",), "M"),
    (("فاطمه",), "Fatimə", ("Fatemeh", "Fatima"), "F"),
    (("زهرا",), "Zəhra", ("Zahra",), "F"),
    (("مریم",), "Məryəm", ("Maryam",), "F"),
    (("لیلا",), "Leyla", ("Leila", "Leyla"), "F"),
    (("سکینه",), "Səkinə", ("Sakineh",), "F"),
    (("زینب",), "Zeynəb", ("Zeynab", "Zainab"), "F"),
    (("معصومه",), "Məsumə", ("Masoumeh", "Masoomeh"), "F"),
    (("طاهره",), "Tahirə", ("Tahereh",), "F"),
    (("پروین",), "Pərvin", ("Parvin",), "F"),
    (("نسرین",), "Nəsrin", ("Nasrin",), "F"),
    (("شهلا",), "Şəhla", ("Shahla",), "F"),
    (("سیما",), "Sima", ("Sima",), "F"),
    (("ثریا",), "Sürəyya", ("Soraya",), "F"),
    (("رقیه",), "Ruqiyyə", ("Roghayeh", "Roqayeh"), "F"),
    (("خدیجه",), "Xədicə", ("Khadijeh",), "F"),
    (("گلنار",), "Gülnar", ("Golnar",), "F"),
    (("شیرین",), "Şirin", ("Shirin",), "F"),
    (("ژاله",), "Jalə", ("Zhaleh", "Jaleh"), "F"),
    (("سولماز",), "Solmaz", ("Solmaz",), "F"),
    (("آیتن",), "Aytən", ("Ayten",), "F"),
    (("آیسل",), "Aysel", ("Aysel",), "F"),
    (("نرگس",), "Nərgiz", ("Narges",), "F"),
)

ZWNJ = "\u200c"
# Persian script (male; female for the Soviet-style ones), Azerbaijani Latin (male),
# Persian-habit Latin, kind ("persian": -zadeh, -i, -lou, the same for both sexes;
# "soviet": -ov/-yev as Iranian Azerbaijanis write the surnames of the Republic).
PERSIAN_SURNAMES: tuple[tuple[tuple[str, ...], tuple[str, ...], str, tuple[str, ...], str], ...] = (
    ((f"حسین{ZWNJ}زاده",), (), "Hüseynzadə", ("Hosseinzadeh", "Hosseinzade"), "persian"),
    ((f"علی{ZWNJ}زاده",), (), "Əlizadə", ("Alizadeh",), "persian"),
    (("محمدزاده",), (), "Məhəmmədzadə", ("Mohammadzadeh",), "persian"),
    ((f"تقی{ZWNJ}زاده",), (), "Tağızadə", ("Taghizadeh",), "persian"),
    ((f"حسن{ZWNJ}زاده",), (), "Həsənzadə", ("Hassanzadeh", "Hasanzadeh"), "persian"),
    (("قاسمی",), (), "Qasımi", ("Ghasemi", "Qasemi"), "persian"),
    (("رضایی", "رضائی"), (), "Rzayi", ("Rezaei", "Rezaee"), "persian"),
    (("جعفری",), (), "Cəfəri", ("Jafari",), "persian"),
    (("کریمی",), (), "Kərimi", ("Karimi",), "persian"),
    (("عباسی",), (), "Abbasi", ("Abbasi",), "persian"),
    (("اکبری",), (), "Əkbəri", ("Akbari",), "persian"),
    (("تبریزی",), (), "Təbrizi", ("Tabrizi",), "persian"),
    (("اردبیلی",), (), "Ərdəbili", ("Ardabili",), "persian"),
    (("صمدی",), (), "Səmədi", ("Samadi",), "persian"),
    (("باقری",), (), "Bağıri", ("Bagheri",), "persian"),
    (("نجفی",), (), "Nəcəfi", ("Najafi",), "persian"),
    (("رحیمی",), (), "Rəhimi", ("Rahimi",), "persian"),
    (("موسوی",), (), "Musəvi", ("Mousavi", "Musavi"), "persian"),
    (("شهریاری",), (), "Şəhriyari", ("Shahriari",), "persian"),
    (("حیدری",), (), "Heydəri", ("Heidari", "Heydari"), "persian"),
    (("ابراهیمی",), (), "İbrahimi", ("Ebrahimi",), "persian"),
    (("جوادی",), (), "Cavadi", ("Javadi",), "persian"),
    (("خلیلی",), (), "Xəlili", ("Khalili",), "persian"),
    (("شاملو",), (), "Şamlı", ("Shamlou",), "persian"),
    (("سلطانلو",), (), "Sultanlı", ("Soltanlou",), "persian"),
    (("جعفروف",), ("جعفروا",), "Cəfərov", ("Jafarov",), "soviet"),
    ((f"علی{ZWNJ}یف", f"علی{ZWNJ}اف"), (f"علی{ZWNJ}یوا",), "Əliyev", ("Aliyev", "Aliev"), "soviet"),
    (("محمدوف", "مامدوف", "ممدوف"), ("محمدوا", "مامدوا"), "Məmmədov", ("Mammadov",), "soviet"),
    (("حسینوف", f"حسین{ZWNJ}اف"), ("حسینوا",), "Hüseynov", ("Huseynov",), "soviet"),
    (("قاسموف",), ("قاسموا",), "Qasımov", ("Gasimov", "Ghasimov"), "soviet"),
    (("نریمانوف",), ("نریمانوا",), "Nərimanov", ("Narimanov",), "soviet"),
    (("رحیموف",), ("رحیموا",), "Rəhimov", ("Rahimov",), "soviet"),
    (("ابراهیموف",), ("ابراهیموا",), "İbrahimov", ("Ibrahimov", "Ebrahimov"), "soviet"),
    (("کریموف",), ("کریموا",), "Kərimov", ("Karimov",), "soviet"),
    (("عباسوف",), ("عباسوا",), "Abbasov", ("Abbasov",), "soviet"),
)


@dataclass
class Persian:
    given_fa: tuple[str, ...]
    given_latin: tuple[str, ...]
    surname_fa: tuple[str, ...]
    surname_latin: tuple[str, ...]
    kind: str


@dataclass
class Person:
    cluster: str
    sex: str
    given: str  # Azerbaijani Latin
    surname: str  # Azerbaijani Latin, in the form for this sex
    father: str = ""  # Azerbaijani Latin given name, for the patronymic
    persian: Persian | None = None
    variant: dict[str, str] = field(default_factory=dict)  # per-person spelling choices


# --------------------------------------------------------------------------------------
# Spellings


def words_of(name: str) -> list[str]:
    return az_lower(name).split()


def assemble(
    given: str, surname: str, patronymic: str, *, surname_first: bool, caps_surname: bool = False
) -> str:
    if caps_surname:
        surname = surname.upper()
    parts = [surname, given, patronymic] if surname_first else [given, patronymic, surname]
    return " ".join(part for part in parts if part)


class Speller:
    """All the spellings of one person, a random choice of layout for each."""

    def __init__(self, person: Person, rng: random.Random) -> None:
        self.p = person
        self.rng = rng

    # Layout choices -------------------------------------------------------------------
    def surname_first(self) -> bool:
        return self.rng.random() < 0.4

    def with_patronymic(self) -> bool:
        return bool(self.p.father) and self.rng.random() < 0.55

    # Styles -----------------------------------------------------------------------------
    def az_latin(self) -> str:
        p = self.p
        patronymic = ""
        if self.with_patronymic():
            patronymic = f"{p.father} {'oğlu' if p.sex == 'M' else 'qızı'}"
        return assemble(p.given, p.surname, patronymic, surname_first=self.surname_first())

    def az_cyrillic(self) -> str:
        p = self.p

        def conv(name: str) -> str:
            return title(" ".join(to_az_cyrillic(w) for w in words_of(name)))

        patronymic = ""
        if self.with_patronymic():
            patronymic = f"{conv(p.father)} {'оғлу' if p.sex == 'M' else 'гызы'}"
        return assemble(
            conv(p.given), conv(p.surname), patronymic, surname_first=self.surname_first()
        )

    def russian_parts(self) -> tuple[str, str, str]:
        p = self.p
        q = p.variant.get("initial_q", "г")

        def conv(name: str) -> str:
            return title(" ".join(to_russian(w, initial_q=q) for w in words_of(name)))

        patronymic = ""
        if self.with_patronymic():
            father = conv(p.father)
            if self.rng.random() < 0.5:
                patronymic = f"{father} {'оглы' if p.sex == 'M' else 'кызы'}"
            else:
                patronymic = russian_patronymic(father, p.sex)
        return conv(p.given), conv(p.surname), patronymic

    def ru_cyrillic(self) -> str:
        given, surname, patronymic = self.russian_parts()
        surname_first = self.surname_first()
        caps = surname_first and self.rng.random() < 0.25  # АЛИЕВ Рашад Алиевич
        return assemble(given, surname, patronymic, surname_first=surname_first, caps_surname=caps)

    def ru_passport(self, schema: iuliia.Schema) -> str:
        given, surname, _patronymic = self.russian_parts()
        name = assemble(
            schema.translate(given),
            schema.translate(surname),
            "",
            surname_first=self.surname_first(),
        )
        return name.upper() if self.rng.random() < 0.6 else name

    def ru_icao(self) -> str:
        return self.ru_passport(iuliia.ICAO_DOC_9303)

    def ru_mvd(self) -> str:
        schema = iuliia.MVD_310 if self.rng.random() < 0.5 else iuliia.MVD_782
        return self.ru_passport(schema)

    def passport_parts(self) -> tuple[str, str]:
        gh = self.p.variant.get("gh", "gh")

        def conv(name: str) -> str:
            return title(" ".join(to_passport(w, gh=gh) for w in words_of(name)))

        return conv(self.p.given), conv(self.p.surname)

    def passport(self) -> str:
        given, surname = self.passport_parts()
        return assemble(given, surname, "", surname_first=self.surname_first())

    def passport_caps(self) -> str:
        given, surname = self.passport_parts()
        return assemble(given, surname, "", surname_first=self.rng.random() < 0.6).upper()

    def turkish(self) -> str:
        habits = self.rng.random() < 0.6

        def conv(name: str) -> str:
            return title(" ".join(to_turkish(w, habits=habits) for w in words_of(name)), az=True)

        return assemble(conv(self.p.given), conv(self.p.surname), "", surname_first=False)

    def ascii_typed(self) -> str:
        schwa = "e" if self.rng.random() < 0.7 else "a"

        def conv(name: str) -> str:
            return title(" ".join(to_ascii_typed(w, schwa=schwa) for w in words_of(name)))

        p = self.p
        patronymic = ""
        if self.with_patronymic():
            patronymic = f"{conv(p.father)} {'oglu' if p.sex == 'M' else 'qizi'}"
        return assemble(
            conv(p.given), conv(p.surname), patronymic, surname_first=self.surname_first()
        )

    def trap(self) -> str:
        """Azerbaijani Latin with one or two data-entry traps."""
        p = self.p
        given, surname = p.given, p.surname
        traps = ["schwa_cyrillic", "schwa_turned", "double_space", "hyphen", "caps", "reversed"]
        if "ə" not in az_lower(given + surname):
            traps = [t for t in traps if not t.startswith("schwa")]
        chosen = self.rng.sample(traps, k=1 if self.rng.random() < 0.6 else 2)
        surname_first = self.surname_first()
        if "hyphen" in chosen and surname.endswith("zadə") and len(surname) > 6:
            surname = surname[:-4] + self.rng.choice(["-zadə", " zadə", " - zadə"])
            chosen.remove("hyphen")
        if "reversed" in chosen:
            name = f"{az_upper(surname)} {given}"
        else:
            name = assemble(given, surname, "", surname_first=surname_first)
        if "hyphen" in chosen:
            first, _, rest = name.partition(" ")
            name = f"{first}{self.rng.choice([' - ', '-', ' -'])}{rest}"
        if "caps" in chosen:
            name = name.upper() if self.rng.random() < 0.5 else az_upper(name)
        if "double_space" in chosen:
            spaces = [i for i, ch in enumerate(name) if ch == " "]
            where = self.rng.choice(spaces) if spaces else len(name)
            name = name[:where] + "  " + name[where:]
            if self.rng.random() < 0.3:
                name = " " + name + " "
        if "schwa_cyrillic" in chosen:
            name = name.replace("ə", "\u04d9").replace("Ə", "\u04d8")
        if "schwa_turned" in chosen:
            name = name.replace("ə", "\u01dd").replace("Ə", "\u018e")
        return name

    # Persian ------------------------------------------------------------------------------
    def persian(self) -> str:
        fa = self.p.persian
        assert fa is not None
        return f"{self.rng.choice(fa.given_fa)} {self.rng.choice(fa.surname_fa)}"

    def persian_variant(self) -> str:
        """Arabic yeh and kaf for the Persian ones, the ZWNJ dropped or made a space."""
        name = self.persian()
        name = name.replace("ی", "\u064a").replace("ک", "\u0643")
        return name.replace(ZWNJ, self.rng.choice(["", " "]))

    def persian_latin(self) -> str:
        fa = self.p.persian
        assert fa is not None
        given = self.rng.choice(fa.given_latin)
        surname = self.rng.choice(fa.surname_latin)
        if fa.kind == "soviet" and self.p.sex == "F":
            surname += "a"
        name = assemble(given, surname, "", surname_first=self.rng.random() < 0.25)
        return name.upper() if self.rng.random() < 0.2 else name


STYLES = {  # style: weight among the spellings of a person from the Republic
    "az_latin": 3.0,
    "az_cyrillic": 1.0,
    "ru_cyrillic": 2.0,
    "passport": 2.0,
    "passport_caps": 1.0,
    "ru_icao": 1.0,
    "ru_mvd": 1.0,
    "turkish": 1.0,
    "ascii_typed": 1.5,
    "trap": 1.5,
}
PERSIAN_STYLES = {  # and of a person written in Persian script
    "persian": 3.0,
    "persian_variant": 1.0,
    "persian_latin": 3.0,
    "az_latin": 2.0,
    "passport": 1.0,
    "ascii_typed": 0.5,
    "turkish": 0.5,
    "trap": 0.5,
}
SOVIET_EXTRA = {"ru_cyrillic": 1.5, "ru_icao": 0.5, "ru_mvd": 0.5}
SPELLINGS_PER_PERSON = {2: 0.25, 3: 0.35, 4: 0.25, 5: 0.15}


def spellings(person: Person, rng: random.Random) -> list[tuple[str, str]]:
    """2 to 5 distinct spellings of a person as (style, name)."""
    speller = Speller(person, rng)
    if person.persian is None:
        weights = dict(STYLES)
    else:
        weights = dict(PERSIAN_STYLES)
        if person.persian.kind == "soviet":
            weights.update(SOVIET_EXTRA)
    wanted = rng.choices(list(SPELLINGS_PER_PERSON), weights=list(SPELLINGS_PER_PERSON.values()))[0]
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    if person.persian is not None:  # always once in Persian script
        name = speller.persian()
        out.append(("persian", name))
        seen.add(name)
    for _attempt in range(30):
        if len(out) >= wanted or not weights:
            break
        style = rng.choices(list(weights), weights=list(weights.values()))[0]
        name = getattr(speller, style)()
        if " ".join(name.split()) in {" ".join(s.split()) for s in seen} and style != "trap":
            weights.pop(style)  # this style writes this person like another style did
            continue
        if name in seen:
            continue
        if style not in ("trap", "persian", "persian_latin", "persian_variant"):
            weights.pop(style)  # at most one of each ordinary style
        else:
            weights[style] /= 3
        out.append((style, name))
        seen.add(name)
    return out


# --------------------------------------------------------------------------------------
# People


def zipf_weights(n: int, s: float = 0.9, offset: float = 3.0) -> list[float]:
    return [1.0 / (rank + offset) ** s for rank in range(n)]


def identity_key(given: str, surname: str) -> str:
    """Two people whose passport spellings agree are one name: we never make both."""
    return " ".join(to_passport(w) for w in words_of(f"{given} {surname}"))


def make_people(rng: random.Random) -> list[Person]:
    male = clean_list(AzNames.first_names_male)
    # Faker lists Yaqub (a man's name) among the women's: leave it out there.
    female = [name for name in clean_list(AzNames.first_names_female) if name not in FAKER_SLIPS]
    unisex = sorted(set(male) & set(female))
    all_surnames = surnames()
    rng.shuffle(all_surnames)
    # The common ones at the head of the Zipf curve.
    all_surnames.sort(key=lambda s: s.male not in COMMON_SURNAMES)
    surname_weights = zipf_weights(len(all_surnames))
    fathers = male

    people: list[Person] = []
    taken: set[str] = set()

    def add(person: Person) -> bool:
        key = identity_key(person.given, person.surname)
        if key in taken:
            return False
        taken.add(key)
        person.variant = {
            "initial_q": "к" if rng.random() < 0.3 else "г",  # Кулиев as often as Гулиев
            "gh": "g" if rng.random() < 0.3 else "gh",  # Bagirov beside Baghirov
        }
        people.append(person)
        return True

    def pick_surname(sex: str) -> Surname:
        while True:
            surname = rng.choices(all_surnames, weights=surname_weights)[0]
            if surname.female_only and sex == "M":
                continue
            if surname.male.endswith("oğlu") and sex == "F" and rng.random() < 0.5:
                continue  # fewer women with -oğlu
            return surname

    def new_person(sex: str) -> Person:
        given = rng.choice(male if sex == "M" else female)
        father = rng.choice(fathers) if rng.random() < 0.35 else ""
        return Person("", sex, given, pick_surname(sex).form(sex), father=father)

    n_persian = round(N_PEOPLE * PERSIAN_SHARE)
    n_unisex = UNISEX_PAIRS * 2
    n_republic = N_PEOPLE - n_persian - n_unisex

    # Brothers and sisters with the same given name: only the surname's gender tells them apart.
    gendered = [s for s in all_surnames if s.gendered]
    while len(people) < n_unisex:
        given = rng.choice(unisex)
        surname = rng.choice(gendered)
        # Two unrelated people (a family does not give one name twice): fathers apart.
        father_a, father_b = rng.sample(fathers, 2)
        a = Person("", "M", given, surname.form("M"), father=father_a if rng.random() < 0.4 else "")
        b = Person("", "F", given, surname.form("F"), father=father_b if rng.random() < 0.4 else "")
        if identity_key(a.given, a.surname) in taken or identity_key(b.given, b.surname) in taken:
            continue
        add(a)
        add(b)

    base = len(people)
    while len(people) - base < n_republic:
        if people and rng.random() < SIBLING_SHARE:
            # A sibling: the same father and family, another given name.
            elder = rng.choice(people[base:] or people)
            if elder.persian is not None:
                continue
            sex = rng.choice("MF")
            surname = next(s for s in all_surnames if elder.surname in (s.male, s.form("F")))
            if surname.female_only and sex == "M":
                continue
            if not elder.father:
                elder.father = rng.choice(fathers)
            given = rng.choice(male if sex == "M" else female)
            add(Person("", sex, given, surname.form(sex), father=elder.father))
        else:
            add(new_person(rng.choice("MF")))

    given_by_sex = {sex: [g for g in PERSIAN_GIVEN if g[3] == sex] for sex in "MF"}
    base = len(people)
    while len(people) - base < n_persian:
        sex = rng.choice("MF")
        fa_given, az_given, latin_given, _sex = rng.choice(given_by_sex[sex])
        fa_male, fa_female, az_surname, latin_surname, kind = rng.choice(PERSIAN_SURNAMES)
        soviet_woman = kind == "soviet" and sex == "F"
        persian = Persian(
            given_fa=fa_given,
            given_latin=latin_given,
            surname_fa=fa_female if soviet_woman else fa_male,
            surname_latin=latin_surname,
            kind=kind,
        )
        surname = az_surname + "a" if soviet_woman else az_surname
        add(Person("", sex, az_given, surname, persian=persian))

    rng.shuffle(people)
    for number, person in enumerate(people, start=1):
        person.cluster = f"p{number:04d}"
    return people


def build() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    rows: list[dict[str, str]] = []
    owner: dict[str, str] = {}
    for person in make_people(rng):
        for style, name in spellings(person, rng):
            if owner.setdefault(name, person.cluster) != person.cluster:
                continue  # the very same string for two people would be unanswerable
            rows.append(
                {
                    "cluster": person.cluster,
                    "style": style,
                    "script": script_of(name),
                    "sex": person.sex,
                    "name": name,
                }
            )
    # A person left with one spelling (its others taken by someone else) is no test.
    count = Counter(row["cluster"] for row in rows)
    return [row for row in rows if count[row["cluster"]] >= 2]


def main() -> None:
    rows = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    clusters = {row["cluster"] for row in rows}
    print(f"{len(rows)} names of {len(clusters)} people -> {OUT}")
    for column in ("style", "script", "sex"):
        counts = Counter(row[column] for row in rows)
        print(f"  {column}: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))


if __name__ == "__main__":
    main()
