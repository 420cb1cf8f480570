"""The text an organisation is found by.

SQLite's LIKE folds ASCII case only, so both sides are case-folded in Python and
the database does a plain substring match; both databases then agree."""

from .models import Organisation


def searchable(text: str) -> str:
    return " ".join(text.casefold().split())


def search_text(organisation: Organisation) -> str:
    parts = [organisation.name, *organisation.names.values()]
    if organisation.city is not None:
        parts += [organisation.city.name, *organisation.city.names.values()]
    return searchable(" ".join(dict.fromkeys(parts)))
