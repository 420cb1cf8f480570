"""People out to CSV or XLSX, as the import reads them back; cells that a
spreadsheet would run as formulas are neutralised (see diaspora.csvsafe)."""

from collections.abc import Iterable

from django.db.models import QuerySet

from diaspora.accounts import audit
from diaspora.accounts.models import User
from diaspora.csvsafe import csv_bytes, safe_cell, xlsx_bytes
from diaspora.people.models import Person
from diaspora.people.services import PERSON_FIELDS

from .columns import FIELDS

# The person's own fields, as the import reads them back.
COLUMNS = [name for name in PERSON_FIELDS if name not in ("citizenships", "languages")]


def record_export(
    people: QuerySet[Person], *, by: User | None, query: dict[str, object], format: str
) -> None:
    """Every export is a bulk read of personal data: one audit entry with who, how
    many people and what was asked."""
    audit.record_read(
        actor=by,
        action="people.export",
        target_type=Person._meta.label_lower,
        count=people.count(),
        query={**query, "format": format},
    )


def header() -> list[str]:
    return [str(FIELDS[name]) for name in COLUMNS]


def rows(people: QuerySet[Person]) -> Iterable[list[str]]:
    for person in people.select_related("city").order_by("pk").iterator(chunk_size=2000):
        yield [safe_cell(cell(person, name)) for name in COLUMNS]


def cell(person: Person, name: str) -> str:
    """The field's value, or what a list gave for it that could not be read, as
    written (so that a list exported and imported again loses nothing)."""
    return value(person, name) or (person.unreadable or {}).get(name, "")


def value(person: Person, name: str) -> str:
    if name == "birth_date":
        return person.birth_date.isoformat() if person.birth_date else ""
    if name == "country":
        return person.country_id or ""
    if name == "city":
        return person.city.name if person.city else ""
    return str(getattr(person, name) or "")


def to_csv(people: QuerySet[Person]) -> bytes:
    return csv_bytes(header(), rows(people))


def to_xlsx(people: QuerySet[Person]) -> bytes:
    return xlsx_bytes(header(), rows(people))
