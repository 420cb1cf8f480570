"""Writing many rows at once, for imports of a million: ids reserved from the table's
own sequence, then the rows streamed in (COPY on PostgreSQL, executemany on SQLite),
without a model instance per row. Callers hold a transaction; values are given as the
database stores them (see `db_value`)."""

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from itertools import islice
from operator import itemgetter
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import F, Lookup
from django.db.models.lookups import In

CHUNK = 50_000  # rows per executemany call on SQLite, per COPY write of numbers


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys no other writer will use. On PostgreSQL they come from the
    table's sequence; on SQLite the caller's transaction holds the write lock, so the
    ids above the highest ever given are free."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("reserve_ids needs a transaction on SQLite")
        cursor.execute(f'SELECT max("{model._meta.pk.column}") FROM "{table}"')  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        highest = max(highest, found[0] if found else 0)
    return list(range(highest + 1, highest + 1 + count))


def db_value(value: Any) -> Any:
    """A Python value as both databases take it in a row: dicts and lists as JSON text,
    dates and datetimes as ISO text on SQLite."""
    return converter(connection.vendor, value)(value)


def converter(vendor: str, sample: Any) -> Callable[[Any], Any]:
    if isinstance(sample, dict | list):
        return json_text
    if vendor == "sqlite" and isinstance(sample, datetime):
        return connection.ops.adapt_datetimefield_value
    if vendor == "sqlite" and isinstance(sample, date):
        return date.isoformat
    return same


def json_text(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def same(value: Any) -> Any:
    return value


def insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    numbers: bool = False,
) -> int:
    """Insert rows (tuples in the order of `columns`, column names as in the table);
    returns how many. JSON and SQLite datetimes must already be text (`db_value`).
    `numbers`: the rows hold integers and booleans only (index rows, millions of them),
    so that on PostgreSQL their COPY text is put together here, a chunk at a time, for
    a fraction of the driver's work row by row."""
    table = model._meta.db_table
    names = ", ".join(f'"{column}"' for column in columns)
    rows = iter(rows)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                if numbers:
                    while chunk := list(islice(rows, CHUNK)):
                        # str(True) is "True", which PostgreSQL reads as true.
                        copy.write("".join("\t".join(map(str, row)) + "\n" for row in chunk))
                        count += len(chunk)
                else:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            return count
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(["%s"] * len(columns))})'  # noqa: S608
        while chunk := list(islice(rows, CHUNK)):
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def plain_rows(
    model: type[models.Model],
    records: Iterable[dict[str, Any]],
    *,
    now: datetime,
    with_pk: bool = False,
    fixed: dict[str, Any] | None = None,
) -> tuple[list[str], Iterable[tuple]]:
    """Columns and rows for `insert` from dicts of attname (`country_id`) → value: a
    missing field takes `fixed`'s value or its default, auto_now fields `now`. The
    primary key is left to the database unless `with_pk`. JSON (and, on SQLite,
    dates) become what the database takes; other values pass as they are."""
    vendor = connection.vendor
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    defaults: dict[str, Any] = {}
    converted = []  # (position, attname, how) of the values given that need converting
    for position, field in enumerate(fields):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.primary_key:
            value = None
        else:
            value = field.get_default()
        value = (fixed or {}).get(field.attname, value)
        defaults[field.attname] = db_value(value)
        if isinstance(field, models.JSONField):
            converted.append((position, field.attname, json_text))
        elif vendor == "sqlite" and isinstance(field, models.DateTimeField):
            converted.append((position, field.attname, connection.ops.adapt_datetimefield_value))
        elif vendor == "sqlite" and isinstance(field, models.DateField):
            converted.append((position, field.attname, optional_iso))
    take = itemgetter(*(field.attname for field in fields))

    def rows() -> Iterable[tuple]:
        for record in records:
            row = take(defaults | record)
            if converted:
                row = list(row)
                for position, attname, how in converted:
                    if attname in record:
                        row[position] = how(row[position])
            yield row

    return [field.column for field in fields], rows()


def optional_iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


class OneOf(Lookup):
    """`column IN (values)` for thousands of values. On PostgreSQL the values go as one
    array, `column = ANY(%s)`: a list of thousands of placeholders costs the driver
    ~10 ms to parse per query. Elsewhere it is Django's IN."""

    lookup_name = "one_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return compiler.compile(In(self.lhs, self.rhs))

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def one_of(field: str, values: Iterable[Any]) -> OneOf:
    """A filter: `Person.objects.filter(bulk.one_of("pk", ids))`."""
    return OneOf(F(field), list(values))
