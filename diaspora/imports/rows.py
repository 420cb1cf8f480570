"""A mapped table into rows of checked values, each problem named by row, column,
value and reason. Rows with a problem are not imported; the others are."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from diaspora import names
from diaspora.people.services import PeopleError, normalise_phone

from .columns import FIELDS
from .readers import Rejected, Table
from .values import (
    Unreadable,
    cities_by_name,
    plain,
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
    cities: dict[str, dict[str, Any]] = {}
    rows = []
    for offset, cells in enumerate(table.rows):
        row = Row(number=offset + 2)
        rows.append(row)

        def cell(name: str, cells: list[str] = cells) -> str:
            return cells[columns[name]] if name in columns else ""

        def problem(name: str, reason: str, row: Row = row, cell=cell) -> None:
            row.problems.append(
                Problem(row.number, table.header[columns[name]], cell(name), reason)
            )

        values = row.person
        for name, limit in NAME_LIMITS.items():
            if len(cell(name)) > limit:
                problem(name, _("Longer than %(limit)d characters.") % {"limit": limit})
            elif cell(name):
                values[name] = names.clean(cell(name))
        if not any(values.get(name) for name in NAME_FIELDS):
            row.problems.append(Problem(row.number, name_column, "", _("The name is missing.")))
        readers = {
            "birth_date": lambda text: read_date(text, month_first=month_first["birth_date"]),
            "sex": read_sex,
            "email": read_email,
            "country": read_country,
        }
        for name, reader in readers.items():
            if cell(name):
                try:
                    values[name if name != "country" else "country_id"] = reader(cell(name))
                except Unreadable as error:
                    problem(name, str(error))
        country = values.get("country_id")
        if cell("city"):
            if country is None:
                problem("city", _("A city needs its country in the row."))
            else:
                known = cities.setdefault(country, cities_by_name(country))
                city = known.get(plain(cell("city")))
                if city is None:
                    problem("city", _("This city is not in the directory for that country."))
                else:
                    values["city"] = city
        if cell("phone"):
            try:
                values["phone"] = normalise_phone(cell("phone"), country)
            except PeopleError as error:
                problem("phone", str(error))
        if cell("role"):
            try:
                row.role = read_role(cell("role"))
            except Unreadable as error:
                problem("role", str(error))
        if cell("member_since"):
            try:
                row.member_since = read_date(
                    cell("member_since"), month_first=month_first["member_since"]
                )
            except Unreadable as error:
                problem("member_since", str(error))
    for number in table.overflowing:
        rows[number - 2].problems.append(
            Problem(number, "", "", _("The row has values beyond the named columns."))
        )
    return rows
