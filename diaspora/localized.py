"""Content that exists in several languages, picked for the reader.

Translated content (city names, organisation kinds, event titles) is stored as a
JSON object {language code: text}; the interface's own strings go through gettext.
"""

import unicodedata
from functools import cache

from babel import Locale
from django.conf import settings
from django.utils.translation import get_language


def current_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def pick(
    texts: dict[str, str] | None,
    fallback: str = "",
    language: str | None = None,
    *,
    fallback_first: bool = False,
) -> str:
    """The text in the reader's language, else the deployment's first language, else
    English, else any (or, with `fallback_first`, the fallback before any: a city's
    own name, not its Russian one, for an Azerbaijani reader)."""
    if not texts:
        return fallback
    for code in (language or current_language(), settings.LANGUAGE_CODE, "en"):
        if texts.get(code):
            return texts[code]
    if fallback_first and fallback:
        return fallback
    return next((text for text in texts.values() if text), fallback)


@cache
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(language).territories)
    except (ValueError, LookupError):
        return dict(Locale.parse("en").territories)


def country_name(code: str, language: str | None = None) -> str:
    return _territories(language or current_language()).get(code, code)


# Alphabetical order where it differs from Unicode's (Ə after E, Ç after C, Ё after Е).
ALPHABETS = {
    "az": "abcçdeəfgğhxıijkqlmnoöprsştuüvyz",
    "tr": "abcçdefgğhıijklmnoöprsştuüvyz",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
}


@cache
def _letter_order(language: str) -> dict[str, int]:
    return {letter: rank for rank, letter in enumerate(ALPHABETS.get(language, ""))}


def collation_key(text: str, language: str | None = None) -> list[tuple[int, int]]:
    """Sort key for text in the reader's alphabet; letters it lacks sort by their
    unaccented form (Åland beside Aland), anything else after the letters."""
    order = _letter_order(language or current_language())
    key = []
    for ch in text.replace("İ", "i").casefold():
        if ch in order:
            key.append((order[ch], 0))
        else:
            base = unicodedata.normalize("NFKD", ch)[:1] or ch
            key.append((order.get(base, 1000 + ord(base)), ord(ch)))
    return key
