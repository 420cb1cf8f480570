"""People out to CSV or XLSX, as the import reads them back.

A spreadsheet runs a cell that starts with = + - @ as a formula; a name or an
address typed that way must not (CSV injection). Such cells get a leading
apostrophe, except phone numbers and plain numbers, which are safe as they are."""

import csv
import io
import re
from collections.abc import Iterable

import xlsxwriter
from django.db.models import QuerySet

from diaspora.people.models import Person
from diaspora.people.services import PERSON_FIELDS

from .columns import FIELDS

# The person's own fields, as the import reads them back.
COLUMNS = [name for name in PERSON_FIELDS if name not in ("citizenships", "languages")]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HARMLESS = re.compile(r"[+-]?[\d\s().-]+")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not HARMLESS.fullmatch(text):
        return "'" + text
    return text


def header() -> list[str]:
    return [str(FIELDS[name]) for name in COLUMNS]


def rows(people: QuerySet[Person]) -> Iterable[list[str]]:
    for person in people.select_related("city").order_by("pk").iterator(chunk_size=2000):
        yield [safe_cell(cell(person, name)) for name in COLUMNS]


def cell(person: Person, name: str) -> str:
    if name == "birth_date":
        return person.birth_date.isoformat() if person.birth_date else ""
    if name == "country":
        return person.country_id or ""
    if name == "city":
        return person.city.name if person.city else ""
    return str(getattr(person, name) or "")


def to_csv(people: QuerySet[Person]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Cyrillic and ə right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    writer.writerows(rows(people))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(people: QuerySet[Person]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header())
    for number, values in enumerate(rows(people), start=1):
        for column, value in enumerate(values):
            sheet.write_string(number, column, value)
    book.close()
    return buffer.getvalue()
