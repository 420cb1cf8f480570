"""The text an organisation is found by.

Both sides are folded in Python and the database does a plain substring match, so
SQLite and PostgreSQL agree: case, accents and the letters people type without an
Azerbaijani or Russian keyboard (Köln/Koln, Кёльн/Кельн, Qadınlar/qadinlar,
Azərbaycan/Azerbaycan) do not matter."""

import unicodedata

from .models import Organisation

# Letters with no decomposition that people type as another.
PLAIN = str.maketrans({"ə": "e", "ı": "i", "ø": "o", "ł": "l", "đ": "d"})


def searchable(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.translate(PLAIN).split())


def search_text(organisation: Organisation) -> str:
    parts = [organisation.name, *organisation.names.values()]
    if organisation.city is not None:
        parts += [organisation.city.name, *organisation.city.names.values()]
    return searchable(" ".join(dict.fromkeys(parts)))
