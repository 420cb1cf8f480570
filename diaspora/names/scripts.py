"""Which script a name is written in, and the clean-up every name gets first.

Real registries mix look-alike letters (Latin ə, Cyrillic ә, ǝ), type the
Azerbaijani dotted İ in ways Python lowercases into two code points, and carry
stray spaces, hyphens and Persian presentation forms. `clean` undoes all of that
without changing which script a word is in."""

import re
import unicodedata
from functools import lru_cache

LATIN_AZ_ONLY = frozenset("əƏıİğĞ")
LATIN_AZ_OR_TURKISH = frozenset("şŞçÇöÖüÜ")

# Cyrillic letters that look like Latin ones, and back: a word mostly in one
# script gets the other's look-alikes replaced.
CYRILLIC_TO_LATIN = str.maketrans("аеорсхуіјәӘАЕОРСХКМТВНІЈ", "aeopcxyijəƏAEOPCXKMTBHIJ")
LATIN_TO_CYRILLIC = str.maketrans("aeopcxyəƏAEOPCXKMTBH", "аеорсхуәӘАЕОРСХКМТВН")

# The other code points seen for ə, and Arabic letters whose Persian forms differ.
SUBSTITUTES = str.maketrans(
    {
        "\u01dd": "ə",  # ǝ turned e
        "\u018e": "Ə",  # Ǝ reversed E
        "\u0400": "Е",
        "\u0450": "е",
        "\u064a": "ی",  # Arabic yeh
        "\u0649": "ی",  # alef maksura
        "\u0643": "ک",  # Arabic kaf
        "\u0629": "ه",  # teh marbuta
        "\u06c1": "ه",  # Urdu heh goal
        "\u06be": "ه",  # heh doachashmee
        "\u06c0": "ه",  # heh with yeh above
        "\u06d5": "ه",  # Kurdish ae
        "\u06d2": "ی",  # Urdu yeh barree
        "\u06d0": "ی",  # Uyghur e
        "\u06ce": "ی",  # Kurdish yeh with v
        "\u06cd": "ی",  # Pashto yeh with tail
        "\u06c7": "و",  # Uyghur u
        "\u06c8": "ۆ",  # Uyghur ü
        "\u0671": "ا",  # alef wasla
        "\u0640": None,  # tatweel
        "\u200c": None,  # zero-width non-joiner: Persian joins the parts of a name
        "\u200d": None,
        "\u200b": None,
        "\ufeff": None,
        "\u00ad": None,  # soft hyphen
        "\u2019": "'",
        "\u02bc": "'",
        "`": "'",
    }
)
ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670]")  # short-vowel marks: rarely written
SEPARATORS = re.compile(r"[\s,;/_.()\[\]\"«»]+")
LOOSE_HYPHENS = re.compile(r"\s*[-‐‑‒–—]+\s*")


def letter_script(ch: str) -> str:
    """'latin', 'cyrillic', 'arabic' or '' for one character."""
    if not ch.isalpha():
        return ""
    code = ord(ch)
    if code < 0x0250 or 0x1E00 <= code < 0x1F00 or ch in "əƏ":
        return "latin"
    if 0x0400 <= code < 0x0530:
        return "cyrillic"
    if 0x0600 <= code < 0x0700 or 0xFB50 <= code < 0xFF00 or 0x0750 <= code < 0x0780:
        return "arabic"
    return ""


@lru_cache(maxsize=262_144)
def unify_word(word: str) -> str:
    """Replace look-alikes that stray into a word written mostly in the other script."""
    latin = sum(letter_script(ch) == "latin" for ch in word)
    cyrillic = sum(letter_script(ch) == "cyrillic" for ch in word)
    if latin and cyrillic:
        table = CYRILLIC_TO_LATIN if latin >= cyrillic else LATIN_TO_CYRILLIC
        return word.translate(table)
    return word


@lru_cache(maxsize=262_144)  # lists repeat their names; a call costs ~5 µs
def clean(text: str) -> str:
    """The name as written, with the traps of data entry undone: one kind of ə,
    no invisible characters, single spaces, hyphens only inside words."""
    text = unicodedata.normalize("NFKC", text).translate(SUBSTITUTES)
    text = unicodedata.normalize("NFC", ARABIC_MARKS.sub("", text))
    text = LOOSE_HYPHENS.sub(lambda m: "-" if m.group(0) == m.group(0).strip() else " ", text)
    words = [unify_word(word.strip("-'")) for word in SEPARATORS.split(text)]
    return " ".join(word for word in words if word)


def lower(text: str) -> str:
    """Lowercase without Python's two-code-point 'i̇' for İ; capital I stays i,
    because in passports and Russian-style lists it is the English letter."""
    return text.replace("İ", "i").lower()


@lru_cache(maxsize=262_144)
def detect_script(text: str) -> str:
    """The script of a name as written: 'latin_az', 'latin', 'cyrillic', 'arabic',
    'mixed' (words in more than one), or '' when it has no letters."""
    scripts: set[str] = set()
    azerbaijani = False
    for word in clean(text).split(" "):
        found, letters = word_scripts(word)
        scripts |= found
        azerbaijani = azerbaijani or letters
    if len(scripts) > 1:
        return "mixed"
    if not scripts:
        return ""
    script = scripts.pop()
    return "latin_az" if script == "latin" and azerbaijani else script


@lru_cache(maxsize=262_144)
def word_scripts(word: str) -> tuple[frozenset[str], bool]:
    """The scripts of a word's letters, and whether it has a letter only Azerbaijani
    (or Turkish) Latin writes."""
    found = frozenset(letter_script(ch) for ch in word) - {""}
    return found, any(ch in LATIN_AZ_ONLY or ch in LATIN_AZ_OR_TURKISH for ch in word)
