"""A mapped table into rows of checked values, each problem named by row, column,
value and reason. Rows with a problem are not imported; the others are."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from diaspora import names
from diaspora.directory.queries import cities_by_name
from diaspora.directory.search import searchable
from diaspora.people.services import PeopleError, normalise_phone

from .columns import FIELDS
from .readers import Rejected, Table
from .values import (
    Unreadable,
    read_country,
    read_date,
    read_email,
    read_role,
    read_sex,
    shows_month_first,
)

NAME_FIELDS = ("full_name", "surname", "given_name")
NAME_LIMITS = {"full_name": 255, "surname": 100, "given_name": 100, "patronymic": 100}


@dataclass(frozen=True)
class Problem:
    row: int  # as numbered in the file, the header being row 1
    column: str  # the column's header as written
    value: str
    reason: str


@dataclass
class Row:
    number: int
    person: dict[str, Any] = field(default_factory=dict)  # fields for people.services
    role: str = "member"
    member_since: date | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class Remembered:
    """A cell reader that reads each distinct text once per file: a million rows hold
    a few thousand distinct dates, countries and cities."""

    def __init__(self, reader: Callable[[str], Any]) -> None:
        self.reader = reader
        self.seen: dict[str, tuple[Any, str]] = {}

    def __call__(self, text: str) -> tuple[Any, str]:
        """(value, "") or (None, why it cannot be read)."""
        found = self.seen.get(text)
        if found is None:
            try:
                found = (self.reader(text), "")
            except (Unreadable, PeopleError) as error:
                found = (None, str(error))
            self.seen[text] = found
        return found


def read_rows(table: Table, mapping: dict[int, str]) -> list[Row]:
    if not set(mapping.values()) & set(NAME_FIELDS):
        raise Rejected(
            _("No column holds the names: map one to “%(full)s” or to “%(surname)s”.")
            % {"full": FIELDS["full_name"], "surname": FIELDS["surname"]}
        )
    columns = {name: index for index, name in mapping.items()}
    month_first = {
        name: shows_month_first([row[index] for row in table.rows])
        for name, index in columns.items()
        if name in ("birth_date", "member_since")
    }
    name_column = next(table.header[columns[name]] for name in NAME_FIELDS if name in columns)
    header = {name: table.header[index] for name, index in columns.items()}
    too_long = {
        name: _("Longer than %(limit)d characters.") % {"limit": limit}
        for name, limit in NAME_LIMITS.items()
    }
    name_cells = [
        (name, columns[name], NAME_LIMITS[name]) for name in NAME_LIMITS if name in columns
    ]
    clean = Remembered(names.clean)
    readers = [
        (name, "country_id" if name == "country" else name, columns[name], reader)
        for name, reader in (
            (
                "birth_date",
                Remembered(partial(read_date, month_first=month_first.get("birth_date"))),
            ),
            ("sex", Remembered(read_sex)),
            ("email", read_email),
            ("country", Remembered(read_country)),
        )
        if name in columns
    ]
    readers = [
        (name, key, index, reader if isinstance(reader, Remembered) else Plain(reader))
        for name, key, index, reader in readers
    ]
    city_index, phone_index = columns.get("city"), columns.get("phone")
    role_index, since_index = columns.get("role"), columns.get("member_since")
    cities: dict[str, dict[str, Any]] = {}
    city_of: dict[tuple[str, str], Any] = {}
    role = Remembered(read_role)
    since = Remembered(partial(read_date, month_first=month_first.get("member_since")))
    phones = Remembered(lambda text: normalise_phone(text, None))
    no_country = _("A city needs its country in the row.")
    no_city = _("This city is not in the directory for that country.")
    no_name = _("The name is missing.")
    rows = []
    for offset, cells in enumerate(table.rows):
        row = Row(number=offset + 2)
        rows.append(row)
        problems = row.problems
        values = row.person
        for name, index, limit in name_cells:
            text = cells[index]
            if len(text) > limit:
                problems.append(Problem(row.number, header[name], text, too_long[name]))
            elif text:
                values[name] = clean(text)[0]
        if not (values.get("full_name") or values.get("surname") or values.get("given_name")):
            problems.append(Problem(row.number, name_column, "", no_name))
        for name, key, index, reader in readers:
            text = cells[index]
            if text:
                value, why = reader(text)
                if why:
                    problems.append(Problem(row.number, header[name], text, why))
                else:
                    values[key] = value
        country = values.get("country_id")
        if city_index is not None and cells[city_index]:
            text = cells[city_index]
            if country is None:
                problems.append(Problem(row.number, header["city"], text, no_country))
            else:
                key = (country, text)
                if key not in city_of:
                    if country not in cities:
                        cities[country] = cities_by_name(country)
                    city_of[key] = cities[country].get(searchable(text))
                city = city_of[key]
                if city is None:
                    problems.append(Problem(row.number, header["city"], text, no_city))
                else:
                    values["city"] = city
        if phone_index is not None and cells[phone_index]:
            text = cells[phone_index]
            if country is None:
                value, why = phones(text)
            else:
                try:
                    value, why = normalise_phone(text, country), ""
                except PeopleError as error:
                    value, why = None, str(error)
            if why:
                problems.append(Problem(row.number, header["phone"], text, why))
            else:
                values["phone"] = value
        if role_index is not None and cells[role_index]:
            value, why = role(cells[role_index])
            if why:
                problems.append(Problem(row.number, header["role"], cells[role_index], why))
            else:
                row.role = value
        if since_index is not None and cells[since_index]:
            value, why = since(cells[since_index])
            if why:
                problems.append(
                    Problem(row.number, header["member_since"], cells[since_index], why)
                )
            else:
                row.member_since = value
    for number in table.overflowing:
        rows[number - 2].problems.append(
            Problem(number, "", "", _("The row has values beyond the named columns."))
        )
    return rows


class Plain:
    """A cell reader for values seldom repeated (emails): read each time."""

    def __init__(self, reader: Callable[[str], Any]) -> None:
        self.reader = reader

    def __call__(self, text: str) -> tuple[Any, str]:
        try:
            return self.reader(text), ""
        except Unreadable as error:
            return None, str(error)
