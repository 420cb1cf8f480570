"""A mapped table into rows of checked values, each problem named by row, column,
value and reason.

Only what would make a wrong or unusable record is a problem that refuses its row: no
name, a date that cannot be, an unknown country, a role or membership date we cannot
read. An optional field of the person we cannot read (a phone, an email, the sex, a
city the directory lacks) is a warning: the row is imported, the value kept as
written in the person's `unreadable` values for someone to correct."""

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import islice
from typing import Any

from django.db import connections
from django.utils import translation
from django.utils.translation import gettext as _

from diaspora import names
from diaspora.directory.queries import cities_by_name
from diaspora.people.name_words import NameFacts
from diaspora.people.services import PeopleError, complete_name, normalise_phone
from diaspora.people.unreadable import UNREADABLE, UNREADABLE_KEY

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
# The person's optional fields: a value we cannot read is a warning, kept as written.
WARNED = frozenset(UNREADABLE)


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
    problems: list[Problem] = field(default_factory=list)  # refuse the row
    warnings: list[Problem] = field(default_factory=list)  # the row goes in all the same

    @property
    def ok(self) -> bool:
        return not self.problems

    def keep_unread(self, name: str, column: str, text: str, why: str) -> None:
        """A value of an optional field we cannot read: kept as written on the person
        (see `people.unreadable`) and named in the report, the row still imported."""
        self.person.setdefault(UNREADABLE_KEY, {})[name] = text
        self.warnings.append(Problem(self.number, column, text, why))


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


PARALLEL_FROM = 50_000  # rows: below, forking costs more than it saves
MAX_WORKERS = 4
PART = 10_000  # rows per part


class RowReader:
    """Checks a table's rows. Everything it asks the database (countries, each
    country's cities) is asked when it is made, so that `read` is pure computing and
    can run in forked processes."""

    def __init__(self, table: Table, mapping: dict[int, str]) -> None:
        if not set(mapping.values()) & set(NAME_FIELDS):
            raise Rejected(
                _("No column holds the names: map one to “%(full)s” or to “%(surname)s”.")
                % {"full": FIELDS["full_name"], "surname": FIELDS["surname"]}
            )
        self.table = table
        self.overflowing = set(table.overflowing)
        self.language = translation.get_language()
        columns = self.columns = {name: index for index, name in mapping.items()}
        month_first = {
            name: shows_month_first([row[index] for row in table.rows])
            for name, index in columns.items()
            if name in ("birth_date", "member_since")
        }
        self.name_column = next(
            table.header[columns[name]] for name in NAME_FIELDS if name in columns
        )
        self.header = {name: table.header[index] for name, index in columns.items()}
        self.too_long = {
            name: _("Longer than %(limit)d characters.") % {"limit": limit}
            for name, limit in NAME_LIMITS.items()
        }
        self.name_cells = [
            (name, columns[name], NAME_LIMITS[name]) for name in NAME_LIMITS if name in columns
        ]
        self.clean = Remembered(names.clean)
        self.country = Remembered(read_country)
        readers: list[tuple[str, Callable[[str], tuple[Any, str]]]] = [
            (
                "birth_date",
                Remembered(partial(read_date, month_first=month_first.get("birth_date"))),
            ),
            ("sex", Remembered(read_sex)),
            ("email", Plain(read_email)),  # seldom repeated: read each time
            ("country", self.country),
        ]
        self.readers = [
            (name, "country_id" if name == "country" else name, columns[name], reader)
            for name, reader in readers
            if name in columns
        ]
        self.role = Remembered(read_role)
        self.since = Remembered(partial(read_date, month_first=month_first.get("member_since")))
        # Read each time (phones seldom repeat: remembering a million would cost
        # memory), in the country they fit, the residence's or the homeland's.
        self.phones = Plain(lambda key: normalise_phone(key[1], key[0]))
        # Each country's cities by name, for the countries the list names.
        self.cities: dict[str, dict[str, Any]] = {}
        if "country" in columns and "city" in columns:
            index = columns["country"]
            for text in {row[index] for row in table.rows if row[index]}:
                code = self.country(text)[0]
                if code is not None and code not in self.cities:
                    self.cities[code] = cities_by_name(code)

    def parts(self, facts: NameFacts) -> Iterator[list[Row]]:
        """The rows, checked, in parts of `PART` rows, in order. A long list is read by
        forked processes, several parts at once, while the caller works on the parts
        already read (matching them against the registry, say)."""
        count = len(self.table.rows)
        parts = [(start, min(start + PART, count)) for start in range(0, count, PART)]
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        if count < PARALLEL_FROM or workers < 2:
            for start, stop in parts:
                yield self.read(start, stop, facts)
            return
        global _reader  # what the forked processes inherit
        _reader = self
        gc.freeze()  # the children's collector would otherwise copy every page it visits
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, initializer=_start_worker) as pool:
                for part in pool.imap(_read_part, parts):
                    yield self.unpacked(part, facts)
        finally:
            _reader = None
            gc.unfreeze()

    def unpacked(self, part: tuple, facts: NameFacts) -> list[Row]:
        """Rows from what `_read_part` sent: plain tuples (a dataclass or a model
        instance costs ten times more to pass between processes), and the facts of the
        names that process had not met before."""
        plain, indexed, folded, scripts = part
        rows = [Row(*values) for values in plain]
        facts.indexed.update(indexed)
        facts.folded.update(folded)
        facts.scripts.update(scripts)
        return rows

    def read(self, start: int, stop: int, facts: NameFacts) -> list[Row]:
        with translation.override(self.language):
            return self._read(start, stop, facts)

    def _read(self, start: int, stop: int, facts: NameFacts) -> list[Row]:
        header, problems_of_name = self.header, self.too_long
        clean, role, since, phones = self.clean, self.role, self.since, self.phones
        columns = self.columns
        city_index, phone_index = columns.get("city"), columns.get("phone")
        country_index = columns.get("country")
        role_index, since_index = columns.get("role"), columns.get("member_since")
        city_of: dict[tuple[str, str], Any] = {}
        no_country = _("A city needs its country in the row; kept as written.")
        no_city = _("This city is not in the directory for that country; kept as written.")
        no_name = _("The name is missing.")
        beyond = _("The row has values beyond the named columns.")
        overflowing = self.overflowing
        rows = []
        for offset in range(start, stop):
            cells = self.table.rows[offset]
            row = Row(number=offset + 2)
            rows.append(row)
            problems = row.problems
            values = row.person
            for name, index, limit in self.name_cells:
                text = cells[index]
                if len(text) > limit:
                    problems.append(Problem(row.number, header[name], text, problems_of_name[name]))
                elif text:
                    values[name] = clean(text)[0]
            if not (values.get("full_name") or values.get("surname") or values.get("given_name")):
                problems.append(Problem(row.number, self.name_column, "", no_name))
            else:
                # Completed here, where the rows are read in parallel, as the people
                # services would complete it when writing.
                facts.learn(full_name(values))
                complete_name(values, facts.scripts)
                if len(values["full_name"]) > NAME_LIMITS["full_name"]:  # parts put together
                    problems.append(
                        Problem(
                            row.number,
                            self.name_column,
                            values["full_name"],
                            problems_of_name["full_name"],
                        )
                    )
            for name, key, index, reader in self.readers:
                text = cells[index]
                if text:
                    value, why = reader(text)
                    if not why:
                        values[key] = value
                    elif name in WARNED:
                        row.keep_unread(name, header[name], text, why)
                    else:
                        problems.append(Problem(row.number, header[name], text, why))
            country = values.get("country_id")
            country_given = country_index is not None and bool(cells[country_index])
            if city_index is not None and cells[city_index]:
                text = cells[city_index]
                if country is None:
                    if not country_given:  # a country we could not read refuses the row
                        row.keep_unread("city", header["city"], text, no_country)
                else:
                    key = (country, text)
                    if key not in city_of:
                        found = self.cities.get(country, {}).get(text)
                        city_of[key] = None if found is None else found.pk
                    city = city_of[key]
                    if city is None:
                        row.keep_unread("city", header["city"], text, no_city)
                    else:
                        values["city_id"] = city
            if phone_index is not None and cells[phone_index]:
                text = cells[phone_index]
                value, why = phones((country, text))
                if why:
                    row.keep_unread("phone", header["phone"], text, why)
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
            if row.number in overflowing:
                problems.append(Problem(row.number, "", "", beyond))
        return rows


_reader: RowReader | None = None
_facts: NameFacts | None = None  # in a reading process: of the names it has met


def _start_worker() -> None:
    """In a forked process: drop the parent's database connections without closing
    them (closing would end the parent's session); nothing here should query. The
    pool ends its readers with SIGTERM: a handler inherited from the parent (the
    task worker's only notes that it should stop) would leave them waiting forever."""
    global _facts
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    for connection in connections.all(initialized_only=True):
        connection.connection = None
    _facts = NameFacts()


def _read_part(part: tuple[int, int]) -> tuple[list[tuple], dict, dict, dict]:
    assert _reader is not None and _facts is not None
    facts, known = _facts, len(_facts.indexed)
    plain = [
        (row.number, row.person, row.role, row.member_since, row.problems, row.warnings)
        for row in _reader.read(*part, facts)
    ]
    # Only the names this process meets for the first time: the others were sent.
    learnt = list(islice(facts.indexed, known, None))
    return (
        plain,
        {name: facts.indexed[name] for name in learnt},
        {name: facts.folded[name] for name in learnt},
        {name: facts.scripts[name] for name in learnt},
    )


def full_name(values: dict) -> str:
    """The name as people.services completes it, so that both ask about one name."""
    return values.get("full_name") or " ".join(
        filter(None, (values.get(part) for part in ("given_name", "patronymic", "surname")))
    )


class Plain:
    """A cell reader for values seldom repeated (emails): read each time."""

    def __init__(self, reader: Callable[[str], Any]) -> None:
        self.reader = reader

    def __call__(self, text: Any) -> tuple[Any, str]:
        try:
            return self.reader(text), ""
        except (Unreadable, PeopleError) as error:
            return None, str(error)
