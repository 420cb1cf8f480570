"""Content that exists in several languages, picked for the reader.

Translated content (city names, organisation kinds, event titles) is stored as a
JSON object {language code: text}; the interface's own strings go through gettext.
"""

from functools import cache

from babel import Locale
from django.conf import settings
from django.utils.translation import get_language


def current_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def pick(texts: dict[str, str] | None, fallback: str = "", language: str | None = None) -> str:
    """The text in the reader's language, else the deployment's first language, else any."""
    if not texts:
        return fallback
    for code in (language or current_language(), settings.LANGUAGE_CODE, "en"):
        if texts.get(code):
            return texts[code]
    return next((text for text in texts.values() if text), fallback)


@cache
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(language).territories)
    except (ValueError, LookupError):
        return dict(Locale.parse("en").territories)


def country_name(code: str, language: str | None = None) -> str:
    return _territories(language or current_language()).get(code, code)
