"""Person search at registry scale: ours against two baselines, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.search [--sizes 1000000,10000000] [--databases sqlite,postgres]
                                     [--queries 300]

For each database and size, in one run:

* ours        `diaspora.people.search.search_people(q, Person.objects.all(), limit=10)`;
* baseline 1  every query word as a substring: on PostgreSQL
              `unaccent_immutable(full_name) ILIKE unaccent_immutable('%word%') AND ...
              LIMIT 10` with a pg_trgm GIN index on `unaccent_immutable(full_name)`
              (an IMMUTABLE wrapper of `unaccent`); on SQLite `LIKE '%word%'` on a
              Python-lowercased copy of full_name (SQLite has no unaccent);
* baseline 2  (PostgreSQL only) pg_trgm over whole full names: GIN trigram index,
              `WHERE full_name % q ORDER BY similarity(full_name, q) DESC LIMIT 10`
              with pg_trgm.similarity_threshold = 0.3.

Data: bench/search_data.py (deterministic): people named from bench/vocabulary.py, some
370,000 real spellings of 167,000 names in Latin, Cyrillic and Arabic script (the shared
Wikidata set ../shared/names-realworld/pairs.tsv, read at run time; Faker's locales; the
demo's Azerbaijani names at the head) on a Zipf curve, each person stored in one script
(Latin 55 %, Cyrillic 35 %, Arabic 10 %) with 2 or 3 words; name words by the app's own
code. Loaded with COPY (PostgreSQL) or executemany (SQLite) into the app's own tables of
a database that Django migrated; indexes are dropped for the load and rebuilt after,
then ANALYZE. PostgreSQL runs in a throwaway cluster (bench/pgcluster.py), deleted at
the end.

Queries: drawn from stored records (so each query's identity is stored), each spelled as
another person would spell that name: in another script with the real spellings of it
(`latin→cyrillic`, `cyrillic→latin`, `latin→arabic`...), or another real Latin spelling
(`latin→latin`), sometimes in ALL CAPS or with the words in another order. A result is
relevant when its record has the query's name identity (given name and surname, in any
spelling). recall@10: share of queries with a relevant record among the 10 results;
precision@10: relevant results / min(10, relevant records stored), averaged. Latencies
are wall-clock per query after a warm-up, the methods interleaved query by query; the
machine is shared, so read the ratios.

Each (database, size) runs in a child process (Django reads DATABASE_URL once);
results go to bench/results/search.json and bench/results/search.md.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
WORK = Path("/tmp/diaspora-bench-search")
LIMIT = 10
TARGET_P95_MS = 50.0
TARGET_RECALL = 0.95
TARGET_SIZE = 10_000_000
PG_SETTINGS = {
    "shared_buffers": "4GB",
    "maintenance_work_mem": "2GB",
    "work_mem": "64MB",
    "effective_cache_size": "16GB",
    "max_wal_size": "16GB",
    "checkpoint_timeout": "1h",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_parallel_maintenance_workers": "2",
    "autovacuum": "off",  # the benchmark runs VACUUM ANALYZE itself
    "jit": "off",
}
TABLES = (
    "people_person",
    "people_nameword",
    "people_namewordkey",
    "people_personnameword",
    "people_personnamepair",
)
CREATED_AT = "2025-01-01 00:00:00+00"
METHODS = {
    "postgres": ("ours", "ours_current", "ilike_unaccent", "trgm_full_name"),
    "sqlite": ("ours", "ours_current", "like_lower"),
}
LABELS = {
    "ours": "ours: search_people(q, Person.objects.all())",
    "ours_current": "ours: search_people(q, current_people())",
    "ilike_unaccent": "B1: unaccent ILIKE per word (trgm GIN)",
    "trgm_full_name": "B2: pg_trgm % on full_name (GIN), by similarity",
    "like_lower": "B1: LIKE per word on lowercased column (no unaccent in SQLite)",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def percentile(values: list[float], share: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measured_queries(data) -> list:
    return data.queries[data.warmup : len(data.queries) - data.fresh]


def fresh_queries(data) -> list:
    return data.queries[len(data.queries) - data.fresh :] if data.fresh else []


def latency_summary(latency: list[float]) -> dict:
    return {
        "p50_ms": percentile(latency, 0.50),
        "p95_ms": percentile(latency, 0.95),
        "p99_ms": percentile(latency, 0.99),
        "mean_ms": statistics.fmean(latency),
        "max_ms": max(latency),
    }


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    import django

    django.setup()


# ---------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------


def used_words(data, size: int) -> list[int]:
    """The ids of the name words the first `size` people hold."""
    forms = set(data.person_given[:size]) | set(data.person_surname[:size])
    forms |= {f - 1 for f in data.person_father[:size] if f}
    found = {w for f in forms for w, _p in data.form_words[f]}
    for person, words in data.exact_words.items():
        if person < size:
            found.update(w for w, _p in words)
    return sorted(found)


# The NameWord table as the benchmark fills it: one row per distinct word, from
# `nameword_row` alone (the columns of a new migration go here and nowhere else).
NAMEWORD_COLUMNS = ("id", "base", "skeleton", "readings")


def nameword_row(data, word: int) -> tuple:
    from diaspora.names import lookup

    base, skeleton = data.words[word - 1]
    readings = " ".join(lookup.readings_in(data.word_keys[word - 1]))[:255]
    return (word, base, skeleton, readings)


def key_rows(data, size: int):
    """(id, key, word id) of the further keys of the words the first `size` people hold."""
    row = 0
    for word in used_words(data, size):
        for key in sorted(data.word_keys[word - 1]):
            row += 1
            yield (row, key, word)


def copy_text_chunks(lines, every: int = 200_000):
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= every:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def check_copy_safe(text: str) -> str:
    if any(ch in text for ch in "\t\n\r\\"):
        raise ValueError(f"name needs COPY escaping: {text!r}")
    return text


def copy_value(value) -> str:
    """One value of a row in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return check_copy_safe(str(value))


def person_row(data, person: int) -> tuple:
    """(full_name, script, given_name, surname, patronymic, sex) of one person."""
    full, given, surname, patronymic = data.name(person)
    return (full, data.script(person), given, surname, patronymic, "")


def person_lines(data, size: int):
    tail = f"\t\t\t[]\t{{}}\t{CREATED_AT}\t{CREATED_AT}\n"
    for person in range(size):
        fields = "\t".join(check_copy_safe(field) for field in person_row(data, person))
        yield f"{person + 1}\t{fields}{tail}"


def word_lines(data, size: int):
    row = 0
    for person in range(size):
        for word, patronymic in data.person_words(person):
            row += 1
            yield f"{row}\t{person + 1}\t{word}\t{'t' if patronymic else 'f'}\n"


def pair_lines(data, size: int):
    from diaspora.people.name_words import pairs_of

    row = 0
    for person in range(size):
        for pair in sorted(pairs_of([word for word, _p in data.person_words(person)])):
            row += 1
            yield f"{row}\t{person + 1}\t{pair}\n"


def load_postgres(data, size: int, url: str) -> dict:
    """COPY the first `size` people into the migrated database, indexes rebuilt after."""
    import psycopg

    timings: dict[str, float] = {}
    rows: dict[str, int] = {}
    with psycopg.connect(url, autocommit=True) as conn:
        constraints = conn.execute(
            """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
               FROM pg_constraint
               WHERE contype IN ('p', 'u', 'f')
                 AND (conrelid = ANY(%(t)s::regclass[])
                      OR (contype = 'f' AND confrelid = ANY(%(t)s::regclass[])))
               ORDER BY contype = 'f', conname""",
            {"t": list(TABLES)},
        ).fetchall()
        constraint_names = {name for _t, name, _d, _c in constraints}
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [list(TABLES)],
        ).fetchall()
        indexes = [(name, ddl) for name, ddl in indexes if name not in constraint_names]
        started = time.perf_counter()
        with conn.transaction():
            for table, name, _ddl, _kind in sorted(constraints, key=lambda c: c[3] != "f"):
                conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _ddl in indexes:
                conn.execute(f'DROP INDEX "{name}"')
            conn.execute(f"TRUNCATE {', '.join(TABLES)}")
            cursor = conn.cursor()
            copies = (
                (
                    f"people_nameword ({', '.join(NAMEWORD_COLUMNS)})",
                    (
                        "\t".join(copy_value(v) for v in nameword_row(data, w)) + "\n"
                        for w in used_words(data, size)
                    ),
                ),
                (
                    "people_namewordkey (id, key, word_id)",
                    (
                        f"{row}\t{check_copy_safe(key)}\t{word}\n"
                        for row, key, word in key_rows(data, size)
                    ),
                ),
                (
                    "people_person (id, full_name, script, given_name, surname, patronymic, "
                    "sex, email, phone, languages, unreadable, created_at, updated_at)",
                    person_lines(data, size),
                ),
                (
                    "people_personnameword (id, person_id, word_id, patronymic)",
                    word_lines(data, size),
                ),
                ("people_personnamepair (id, person_id, pair)", pair_lines(data, size)),
            )
            for target, lines in copies:
                began = time.perf_counter()
                with cursor.copy(f"COPY {target} FROM STDIN (FREEZE)") as copy:
                    for chunk in copy_text_chunks(lines):
                        copy.write(chunk)
                table = target.split(" ")[0]
                rows[table] = cursor.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                log(
                    f"    COPY {table}: {rows[table]:,} rows in {time.perf_counter() - began:.0f} s"
                )
            for table in TABLES:
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
        timings["copy_s"] = time.perf_counter() - started
        started = time.perf_counter()
        for table, name, ddl, kind in constraints:
            if kind != "f":
                began = time.perf_counter()
                conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {ddl}')
                log(f"    {name}: {time.perf_counter() - began:.0f} s")
        for name, ddl in indexes:
            began = time.perf_counter()
            conn.execute(ddl)
            log(f"    {name}: {time.perf_counter() - began:.0f} s")
        for table, name, ddl, kind in constraints:
            if kind == "f":
                began = time.perf_counter()
                conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {ddl}')
                log(f"    {name}: {time.perf_counter() - began:.0f} s")
        timings["indexes_s"] = time.perf_counter() - started
        started = time.perf_counter()
        for table in TABLES:
            conn.execute(f"VACUUM (ANALYZE) {table}")
        timings["analyze_s"] = time.perf_counter() - started
    return {"timings": timings, "rows": rows}


def setup_postgres_baselines(url: str) -> dict:
    """unaccent + an IMMUTABLE wrapper, and the two GIN trigram indexes of the baselines."""
    import psycopg

    timings = {}
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.execute(
            """CREATE OR REPLACE FUNCTION unaccent_immutable(text) RETURNS text
               LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
               AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$"""
        )
        for name, ddl in (
            (
                "bench_person_unaccent_trgm",
                "CREATE INDEX bench_person_unaccent_trgm ON people_person "
                "USING gin (unaccent_immutable(full_name) gin_trgm_ops)",
            ),
            (
                "bench_person_full_name_trgm",
                "CREATE INDEX bench_person_full_name_trgm ON people_person "
                "USING gin (full_name gin_trgm_ops)",
            ),
        ):
            began = time.perf_counter()
            conn.execute(ddl)
            timings[name + "_s"] = time.perf_counter() - began
            log(f"    {name}: {timings[name + '_s']:.0f} s")
        conn.execute("ANALYZE people_person")
    return timings


def postgres_sizes(url: str) -> dict:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        database = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        tables = {
            table: {
                "table_bytes": conn.execute("SELECT pg_table_size(%s)", [table]).fetchone()[0],
                "indexes_bytes": conn.execute("SELECT pg_indexes_size(%s)", [table]).fetchone()[0],
            }
            for table in TABLES
        }
        indexes = dict(
            conn.execute(
                """SELECT indexrelname, pg_relation_size(indexrelid) FROM pg_stat_user_indexes
                   WHERE relname = ANY(%s) ORDER BY 2 DESC""",
                [list(TABLES)],
            ).fetchall()
        )
    return {"database_bytes": database, "tables": tables, "indexes": indexes}


def load_sqlite(data, size: int, path: Path) -> dict:
    timings: dict[str, float] = {}
    rows: dict[str, int] = {}
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-2000000")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("ALTER TABLE people_person ADD COLUMN bench_lower text NOT NULL DEFAULT ''")
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(TABLES))})",
        TABLES,
    ).fetchall()
    started = time.perf_counter()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    batch = 200_000

    def people():
        for person in range(size):
            full, script, given, surname, patr, sex = person_row(data, person)
            yield (
                person + 1,
                full,
                script,
                given,
                surname,
                patr,
                sex,
                "",
                "",
                "[]",
                "{}",
                CREATED_AT,
                CREATED_AT,
                full.lower(),
            )

    def words():
        row = 0
        for person in range(size):
            for word, patronymic in data.person_words(person):
                row += 1
                yield (row, person + 1, word, patronymic)

    def pairs():
        from diaspora.people.name_words import pairs_of

        row = 0
        for person in range(size):
            for pair in sorted(pairs_of([word for word, _p in data.person_words(person)])):
                row += 1
                yield (row, person + 1, pair)

    inserts = (
        (
            f"INSERT INTO people_nameword ({', '.join(NAMEWORD_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(NAMEWORD_COLUMNS))})",
            (nameword_row(data, w) for w in used_words(data, size)),
        ),
        (
            "INSERT INTO people_namewordkey (id, key, word_id) VALUES (?, ?, ?)",
            key_rows(data, size),
        ),
        (
            "INSERT INTO people_person (id, full_name, script, given_name, surname, patronymic,"
            " sex, email, phone, languages, unreadable, created_at, updated_at, bench_lower)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            people(),
        ),
        (
            "INSERT INTO people_personnameword (id, person_id, word_id, patronymic)"
            " VALUES (?, ?, ?, ?)",
            words(),
        ),
        ("INSERT INTO people_personnamepair (id, person_id, pair) VALUES (?, ?, ?)", pairs()),
    )
    for sql, values in inserts:
        began = time.perf_counter()
        conn.execute("BEGIN")
        while True:
            chunk = [row for _i, row in zip(range(batch), values, strict=False)]
            if not chunk:
                break
            conn.executemany(sql, chunk)
        conn.execute("COMMIT")
        table = sql.split()[2]
        rows[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        log(f"    INSERT {table}: {rows[table]:,} rows in {time.perf_counter() - began:.0f} s")
    timings["copy_s"] = time.perf_counter() - started
    started = time.perf_counter()
    for name, sql in indexes:
        began = time.perf_counter()
        conn.execute(sql)
        log(f"    {name}: {time.perf_counter() - began:.0f} s")
    for table in TABLES:
        conn.execute(
            "INSERT OR REPLACE INTO sqlite_sequence (name, seq) "
            f"SELECT '{table}', coalesce(max(id), 0) FROM {table}"
        )
    timings["indexes_s"] = time.perf_counter() - started
    started = time.perf_counter()
    conn.execute("ANALYZE")
    timings["analyze_s"] = time.perf_counter() - started
    conn.close()
    return {"timings": timings, "rows": rows}


def sqlite_sizes(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        stats = dict(
            conn.execute(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
            ).fetchall()
        )
    except sqlite3.OperationalError:  # no dbstat in this build
        stats = {}
    conn.close()
    wal = path.with_name(path.name + "-wal")
    return {
        "database_bytes": path.stat().st_size + (wal.stat().st_size if wal.exists() else 0),
        "objects": dict(list(stats.items())[:20]),
    }


# ---------------------------------------------------------------------------------------
# The methods
# ---------------------------------------------------------------------------------------


class Timeout(Exception):
    pass


def like_pattern(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


OURS = ("ours", "ours_current")
QUERYSETS = {"ours": "`Person.objects.all()`", "ours_current": "`current_people()`"}


def runs_and_variants(report: dict) -> list[tuple[dict, str]]:
    return [(run, v) for run in report["runs"] for v in OURS if f"{v}_diagnostics" in run]


def people_for(name: str):
    """The queryset each of our variants searches within: the brief's
    `Person.objects.all()`, and `current_people()` (every record not merged away),
    what the app passes for someone who may see everyone."""
    from diaspora.people.models import Person

    if name == "ours_current":
        from diaspora.people.queries import current_people

        return current_people()
    return Person.objects.all()


def make_methods(vendor: str, url_or_path: str, timeout_s: float) -> dict:
    from diaspora.people.search import search_people

    def ours_within(name: str):
        def ours(query: str) -> list[int]:
            return [found.person.pk for found in search_people(query, people_for(name), limit=10)]

        return ours

    methods = {name: ours_within(name) for name in OURS}
    if vendor == "postgres":
        import psycopg

        conn = psycopg.connect(url_or_path, autocommit=True, cursor_factory=psycopg.ClientCursor)
        conn.execute(f"SET statement_timeout = {int(timeout_s * 1000)}")
        conn.execute("SET pg_trgm.similarity_threshold = 0.3")

        def run(sql: str, params: list) -> list[int]:
            try:
                return [row[0] for row in conn.execute(sql, params).fetchall()]
            except psycopg.errors.QueryCanceled as error:
                raise Timeout from error

        def ilike_unaccent(query: str) -> list[int]:
            words = query.split()
            where = " AND ".join(
                ["unaccent_immutable(full_name) ILIKE unaccent_immutable(%s)"] * len(words)
            )
            return run(
                f"SELECT id FROM people_person WHERE {where} LIMIT {LIMIT}",
                [like_pattern(word) for word in words],
            )

        def trgm_full_name(query: str) -> list[int]:
            return run(
                "SELECT id FROM people_person WHERE full_name %% %s "
                f"ORDER BY similarity(full_name, %s) DESC LIMIT {LIMIT}",
                [query, query],
            )

        methods["ilike_unaccent"] = ilike_unaccent
        methods["trgm_full_name"] = trgm_full_name
        methods["_explain"] = lambda sql: "\n".join(
            row[0] for row in conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql).fetchall()
        )
    else:
        conn = sqlite3.connect(url_or_path)
        deadline = [0.0]

        def check_deadline() -> int:
            return 1 if time.perf_counter() > deadline[0] else 0

        conn.set_progress_handler(check_deadline, 10_000)

        def like_lower(query: str) -> list[int]:
            words = query.lower().split()
            where = " AND ".join(["bench_lower LIKE ? ESCAPE '\\'"] * len(words))
            deadline[0] = time.perf_counter() + timeout_s
            try:
                rows = conn.execute(
                    f"SELECT id FROM people_person WHERE {where} LIMIT {LIMIT}",
                    [like_pattern(word) for word in words],
                ).fetchall()
            except sqlite3.OperationalError as error:
                if "interrupted" in str(error):
                    raise Timeout from error
                raise
            return [row[0] for row in rows]

        methods["like_lower"] = like_lower
        methods["_explain"] = lambda sql: "\n".join(
            str(row[-1]) for row in conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
        )
    return methods


# ---------------------------------------------------------------------------------------
# Measuring (in the child process)
# ---------------------------------------------------------------------------------------


def rotated(names: tuple[str, ...], turn: int) -> tuple[str, ...]:
    """The methods in turn order: each goes first, second... equally often."""
    shift = turn % len(names)
    return names[shift:] + names[:shift]


def measure(data, size: int, methods: dict, names: tuple[str, ...], timeout_s: float) -> dict:
    identity = data.person_identity
    stored = Counter(identity[:size])
    queries = measured_queries(data)
    for query in data.queries:
        if stored[query.identity] == 0:
            raise AssertionError(f"query identity not stored: {query}")
    log(f"  warm-up: {data.warmup} queries x {len(names)} methods")
    for query in data.queries[: data.warmup]:
        for name in names:
            with contextlib.suppress(Timeout):
                methods[name](query.text)
    # Ours on its own, over a second query set: first touch, no baseline in between.
    alone: dict = {}
    # The variants take turns going first: the second to run a query finds its rows
    # in the cache.
    if data.fresh:
        log(f"  ours alone: {data.fresh} fresh queries x {len(OURS)} variants")
        timed: dict[str, list[float]] = {variant: [] for variant in OURS}
        found: dict[str, list[bool]] = {variant: [] for variant in OURS}
        for number, query in enumerate(fresh_queries(data)):
            for variant in rotated(OURS, number):
                started = time.perf_counter()
                ids = methods[variant](query.text)
                timed[variant].append((time.perf_counter() - started) * 1000)
                found[variant].append(any(identity[pk - 1] == query.identity for pk in ids))
        for variant in OURS:
            alone[variant] = {
                **latency_summary(timed[variant]),
                "queries": len(timed[variant]),
                "recall_at_10": statistics.fmean(found[variant]),
            }
    per: dict[str, dict] = {
        name: {"latency_ms": [], "hit": [], "precision": [], "returned": [], "timeouts": 0}
        for name in names
    }
    results: dict[str, list[list[int]]] = {name: [] for name in names}
    began = time.perf_counter()
    for number, query in enumerate(queries, 1):
        for name in rotated(names, number):
            started = time.perf_counter()
            try:
                ids = methods[name](query.text)
            except Timeout:
                ids = None
            elapsed = (time.perf_counter() - started) * 1000
            stats = per[name]
            if ids is None:
                stats["timeouts"] += 1
                ids = []
            relevant = sum(1 for pk in ids if identity[pk - 1] == query.identity)
            stats["latency_ms"].append(elapsed)
            stats["hit"].append(relevant > 0)
            stats["precision"].append(relevant / min(LIMIT, stored[query.identity]))
            stats["returned"].append(len(ids))
            results[name].append(ids)
        if number % 50 == 0:
            log(f"  {number}/{len(queries)} queries ({time.perf_counter() - began:.0f} s)")
    summary = {}
    for name, stats in per.items():
        latency = stats["latency_ms"]
        by_style: dict[str, list[bool]] = defaultdict(list)
        for query, hit in zip(queries, stats["hit"], strict=True):
            for group in style_groups(query.style):
                by_style[group].append(hit)
        summary[name] = {
            "label": LABELS[name],
            **latency_summary(latency),
            "recall_at_10": statistics.fmean(stats["hit"]),
            "precision_at_10": statistics.fmean(stats["precision"]),
            "mean_returned": statistics.fmean(stats["returned"]),
            "timeouts": stats["timeouts"],
            "recall_by_style": {
                style: {"queries": len(hits), "recall_at_10": statistics.fmean(hits)}
                for style, hits in sorted(by_style.items())
            },
            "latency_ms": [round(value, 3) for value in latency],
        }
    relevant_counts = [stored[q.identity] for q in queries]
    return {
        "methods": summary,
        "ours_alone_fresh_queries": alone,
        "results": results,
        "relevant_records_per_query": {
            "min": min(relevant_counts),
            "median": statistics.median(relevant_counts),
            "max": max(relevant_counts),
        },
    }


def style_groups(style: str) -> list[str]:
    """The rows of the recall table a query counts in: its scripts (`latin→cyrillic`),
    cross- or same-script, and each of its marks (`+caps`, `+reordered`...)."""
    scripts, *marks = style.split("+")
    stored, query = scripts.split("→")
    return [scripts, "cross-script" if stored != query else "same-script"] + [
        f"+{mark}" for mark in marks
    ]


def diagnose_ours(data, size: int, measured: dict, methods: dict, variant: str) -> dict:
    """Where our time goes (SQL vs Python, statements per query), EXPLAIN of the SQL of
    the slowest queries, and every query whose 10 results hold no relevant record."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from diaspora.people.search import search_people

    queries = measured_queries(data)
    ours = measured["methods"][variant]
    identity = data.person_identity
    spent: list[float] = []

    def timer(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append((time.perf_counter() - began) * 1000)

    statements, sql_ms, total_ms = [], [], []
    with connection.execute_wrapper(timer):
        for query in queries:
            spent.clear()
            began = time.perf_counter()
            search_people(query.text, people_for(variant), limit=10)
            total_ms.append((time.perf_counter() - began) * 1000)
            statements.append(len(spent))
            sql_ms.append(sum(spent))
    slowest = sorted(range(len(queries)), key=lambda i: -ours["latency_ms"][i])[:5]
    explained = []
    for index in slowest:
        query = queries[index]
        with connection.execute_wrapper(timer), CaptureQueriesContext(connection) as captured:
            spent.clear()
            began = time.perf_counter()
            search_people(query.text, people_for(variant), limit=10)
            took = (time.perf_counter() - began) * 1000
        plans = []
        for statement, statement_ms in zip(captured.captured_queries, spent, strict=True):
            try:
                plan = methods["_explain"](statement["sql"])
            except Exception as error:  # noqa: BLE001 - a diagnostic, never fatal
                plan = f"(EXPLAIN failed: {error})"
            plans.append({"sql": statement["sql"], "time_ms": statement_ms, "plan": plan})
        explained.append(
            {
                "query": query.text,
                "style": query.style,
                "measured_ms": ours["latency_ms"][index],
                "rerun_ms": took,
                "statements": plans,
            }
        )
    stored = Counter(identity[:size])
    misses = []
    for index, query in enumerate(queries):
        ids = measured["results"][variant][index]
        if any(identity[pk - 1] == query.identity for pk in ids):
            continue
        with CaptureQueriesContext(connection) as captured:
            found = search_people(query.text, people_for(variant), limit=10)
        pair_statements = []
        for statement in captured.captured_queries:
            if '"people_personnamepair"' in statement["sql"]:
                pair_statements.append(
                    {
                        **pair_breakdown(statement["sql"], identity, query.identity),
                        "plan": methods["_explain"](statement["sql"]),
                    }
                )
        misses.append(
            {
                "query": query.text,
                "style": query.style,
                "stored_style": query.stored_style,
                "expected": data.identity_label(query.identity),
                "stored_record": data.stored_records[query.person],
                "relevant_stored": stored[query.identity],
                "results": [
                    {
                        "full_name": item.person.full_name,
                        "identity": data.identity_label(identity[item.person.pk - 1]),
                        "score": item.score,
                    }
                    for item in found
                ],
                "pair_lookups": pair_statements,
            }
        )
    python_ms = [t - s for t, s in zip(total_ms, sql_ms, strict=True)]
    return {
        "repeat_hot": latency_summary(total_ms),
        "statements_per_query": {
            "mean": statistics.fmean(statements),
            "max": max(statements),
        },
        "sql_share_of_time": sum(sql_ms) / sum(total_ms),
        "sql_ms_p50": percentile(sql_ms, 0.5),
        "sql_ms_p95": percentile(sql_ms, 0.95),
        "python_ms_p50": percentile(python_ms, 0.5),
        "python_ms_p95": percentile(python_ms, 0.95),
        "profile": profile_ours(queries[:50], variant),
        "slowest": explained,
        "misses": misses,
    }


# The pairs asked, as the logged statement shows them: an IN list (SQLite), the array
# unnested (PostgreSQL's shares) or one pair.
PAIR_LIST = re.compile(r'"pair" IN \(([\d, ]+)\)|unnest\(\'\{([\d,]+)\}\'|"pair" = (\d+)')
PAIR_LIMIT = re.compile(r"LIMIT (\d+)\s*$")


def pair_breakdown(sql: str, identity, expected: int) -> dict:
    """For one of ours' lookups of the holders of word pairs (a `pair IN (...)` with
    each pair's share, or one pair): every pair asked with its holders and how many of
    them are relevant, and what the statement actually took."""
    from django.db import DatabaseError, connection

    from diaspora.people.models import NameWord

    asked = [
        int(n)
        for match in PAIR_LIST.finditer(sql)
        for group in match.groups()
        if group
        for n in group.split(",")
    ]
    limit = PAIR_LIMIT.search(sql)
    if not asked or limit is None:
        return {"sql": sql[:500], "error": "not a pair lookup"}
    limit = int(limit.group(1))
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                'SELECT "pair", "person_id" FROM "people_personnamepair" WHERE "pair" IN '
                f'({",".join(map(str, asked))}) ORDER BY "pair", "person_id"'
            )
            rows = cursor.fetchall()
            cursor.execute(sql)
            taken = {row[0] for row in cursor.fetchall()}
    except DatabaseError as error:  # a statement whose logged form does not run again
        return {"sql": sql[:500], "error": str(error)}
    per_pair: dict[int, dict] = {}
    for pair, person in rows:
        entry = per_pair.setdefault(
            pair, {"holders": 0, "relevant": 0, "taken": 0, "relevant_taken": 0}
        )
        relevant = identity[person - 1] == expected
        entry["holders"] += 1
        entry["relevant"] += relevant
        if person in taken:
            entry["taken"] += 1
            entry["relevant_taken"] += relevant
    word_ids = {w for pair in per_pair for w in (pair >> 32, pair & 0xFFFFFFFF)}
    bases = dict(NameWord.objects.filter(pk__in=word_ids).values_list("pk", "base"))
    pairs = [
        {"pair": pair, "words": f"{bases[pair >> 32]}+{bases[pair & 0xFFFFFFFF]}", **entry}
        for pair, entry in sorted(per_pair.items())
    ]
    return {
        "limit": limit,
        "pairs_in_list": len(per_pair),
        "rows_without_limit": len(rows),
        "relevant_without_limit": sum(p["relevant"] for p in pairs),
        "rows_taken": len(taken),
        "relevant_taken": sum(p["relevant_taken"] for p in pairs),
        "pairs": [p for p in pairs if p["holders"]],
    }


def profile_ours(queries: list, variant: str) -> list[dict]:
    """Cumulative time of the functions ours spends its time in (cProfile, so the
    shares, not the absolute times, are what to read)."""
    import cProfile
    import pstats

    from diaspora.people.search import search_people

    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries:
        search_people(query.text, people_for(variant), limit=10)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for _cc, _nc, tt, _ct, _callers in stats.values())
    wanted = {
        ("people/search.py", "search_people"),
        ("people/search.py", "similar_words"),
        ("people/search.py", "candidate_ids"),
        ("names/index.py", "match_score"),
        ("names/similarity.py", "matched_words"),
        ("names/folding.py", "index_words"),
        ("django/db/models/base.py", "from_db"),
        ("django/db/models/query.py", "__iter__"),
        ("django/db/backends/utils.py", "execute"),
        ("django/db/models/sql/compiler.py", "as_sql"),
        ("django/db/models/sql/compiler.py", "results_iter"),
    }
    found = []
    for (path, line, function), (_cc, calls, _tt, cumulative, _callers) in stats.items():
        for suffix, name in wanted:
            if function == name and path.endswith(suffix):
                found.append(
                    {
                        "function": qualified_name(path, line, name),
                        "where": f"{suffix}:{line}",
                        "calls": calls,
                        "share_of_time": cumulative / total,
                    }
                )
    return sorted(found, key=lambda item: -item["share_of_time"])


def worker(args: argparse.Namespace) -> None:
    """One database and size: migrate, load, measure, write args.out."""
    from bench import search_data

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    size, vendor = args.size, args.database
    log(f"{vendor} {size:,}: loading data {args.data}")
    data = search_data.load(Path(args.data))
    result: dict = {"database": vendor, "size": size, "git_commit": machine()["git_commit"]}
    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    result["migrate_s"] = time.perf_counter() - began
    connection.close()
    log(f"{vendor} {size:,}: migrated; loading")
    if vendor == "postgres":
        url = os.environ["DATABASE_URL"]
        result["load"] = load_postgres(data, size, url)
        log(f"{vendor} {size:,}: baseline indexes")
        result["load"]["baseline_indexes"] = setup_postgres_baselines(url)
        result["sizes"] = postgres_sizes(url)
        target = url
    else:
        path = Path(os.environ["DATABASE_URL"].removeprefix("sqlite:///"))
        result["load"] = load_sqlite(data, size, path)
        result["sizes"] = sqlite_sizes(path)
        target = str(path)
    log(f"{vendor} {size:,}: loaded {result['load']['timings']}")
    # Keep only what measuring needs: millions of tuples in this process would make the
    # garbage collector's full passes (set off by the ORM's allocations) cost ours
    # 100-250 ms now and then.
    data.stored_records = {q.person: data.name(q.person)[0] for q in data.queries}
    data.forms = data.form_scripts = data.words = data.form_words = []
    data.exact_words = {}
    data.person_given = data.person_surname = data.person_father = data.form_identity = []
    gc.collect()
    gc.freeze()
    methods = make_methods(vendor, target, args.timeout)
    names = METHODS[vendor]
    measured = measure(data, size, methods, names, args.timeout)
    result.update(
        {k: v for k, v in measured.items() if k != "results"},
    )
    for variant in OURS:
        log(f"{vendor} {size:,}: diagnosing {variant}")
        result[f"{variant}_diagnostics"] = diagnose_ours(data, size, measured, methods, variant)
    result["loadavg_after"] = os.getloadavg()
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1))
    log(f"{vendor} {size:,}: done")


# ---------------------------------------------------------------------------------------
# The run (parent process)
# ---------------------------------------------------------------------------------------


def machine() -> dict:
    def run(*command: str) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return ""

    return {
        "git_commit": run("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD").strip(),
        "diaspora_uncommitted": run(
            "git", "-C", str(ROOT), "status", "--porcelain", "--", "diaspora"
        ).splitlines(),
        "nproc": run("nproc").strip(),
        "free_g": run("free", "-g").rstrip(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "loadavg_start": os.getloadavg(),
    }


def run_child(database: str, size: int, data_path: Path, env_url: str, args) -> dict:
    out = WORK / f"result-{database}-{size}.json"
    out.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "bench.search",
        "--worker",
        "--database",
        database,
        "--size",
        str(size),
        "--data",
        str(data_path),
        "--out",
        str(out),
        "--timeout",
        str(args.timeout),
    ]
    env = {
        **os.environ,
        "DATABASE_URL": env_url,
        "DATABASE_CONN_MAX_AGE": "600",
        # As in production: under DEBUG every SQL statement is also logged and formatted
        # (on SQLite by an extra query quoting its parameters).
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-search-not-a-secret",
    }
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    child = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        code = child.wait()
    finally:
        if child.poll() is None:
            child.terminate()
            child.wait(30)
    if code != 0:
        raise RuntimeError(f"{database} {size}: worker failed with {code}")
    return json.loads(out.read_text())


def mb(value: float) -> str:
    return f"{value / 1e6:,.0f} MB"


def fmt_ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def qualified_name(path: str, line: int, name: str) -> str:
    """'ModelIterable.__iter__' for a method (its class read from the source, upwards
    from the line), 'search.search_people' for a module's function."""
    source = Path(path)
    if source.exists():
        lines = source.read_text().splitlines()[:line]
        if lines and lines[-1][:1] in (" ", "\t"):
            for text in reversed(lines):
                if text.startswith("class "):
                    return f"{text[6:].split('(')[0].split(':')[0]}.{name}"
    return f"{source.stem}.{name}"


def three(stats: dict) -> str:
    if not stats:
        return "—"
    return " / ".join(fmt_ms(stats[k]) for k in ("p50_ms", "p95_ms", "p99_ms"))


def variants(run: dict) -> list[str]:
    return [v for v in OURS if f"{v}_diagnostics" in run]


def miss_lines(run: dict, variant: str) -> list[str]:
    out = []
    for miss in run[f"{variant}_diagnostics"]["misses"]:
        got = Counter(item["identity"] for item in miss["results"]).most_common(2)
        text = (
            f"- `{miss['query']}` ({miss['style']}; expected {miss['expected']}, "
            f"{miss['relevant_stored']:,} stored) → "
            + (", ".join(f"{name} ×{n}" for name, n in got) or "nothing")
        )
        for lookup in miss.get("pair_lookups", []):
            if "pairs" not in lookup or not lookup["pairs_in_list"]:
                continue
            filled = [p for p in lookup["pairs"] if p["taken"]]
            text += (
                f"; pair lookup LIMIT {lookup['limit']}: {lookup['pairs_in_list']} pairs, "
                f"{lookup['rows_without_limit']:,} rows ({lookup['relevant_without_limit']:,} "
                f"of the expected identity) → the LIMIT took {lookup['rows_taken']} from "
                + ", ".join(f"{p['words']} ({p['taken']})" for p in filled[:3])
                + ("…" if len(filled) > 3 else "")
                + f", {lookup['relevant_taken']} of them relevant"
            )
        out.append(text)
    return out


def query_mix(styles: dict[str, int]) -> dict[str, int]:
    """Query counts by stored script → query script."""
    mix: Counter[str] = Counter()
    for style, count in styles.items():
        mix[style.split("+")[0]] += count
    return dict(mix.most_common())


def write_report(report: dict, command: str) -> str:
    lines = [
        "# Person search at scale: ours against ILIKE and pg_trgm baselines",
        "",
        f"Command: `{command}` · run took {report['took_s'] / 60:.1f} min · "
        f"{report['queries']} queries (+{report['warmup']} warm-up) · seed {report['seed']} · "
        f"code at commit {report['machine']['git_commit']}"
        + (
            f" with uncommitted changes in diaspora/: {report['machine']['diaspora_uncommitted']}"
            if report["machine"]["diaspora_uncommitted"]
            else ""
        )
        + ".",
        "",
        "Machine: "
        f"`nproc` = {report['machine']['nproc']}, Python {report['machine']['python']}, "
        f"SQLite {report['machine']['sqlite']}, "
        f"{report['machine'].get('postgres', 'no PostgreSQL')}.",
        "",
        "```",
        report["machine"]["free_g"],
        "```",
        "",
        "A result is relevant when its record has the query's name identity (given name and "
        "surname, in any spelling). recall@10: share of queries with a relevant record in the 10 "
        "results. precision@10: relevant results / min(10, relevant records stored), averaged. "
        "Latencies in ms, per query, methods interleaved query by query after a warm-up "
        "(taking turns at going first, as the second to run a query finds its rows cached); "
        "ratios are baseline / ours. Timed-out queries count as misses at the timeout "
        f"({report['timeout_s']:.0f} s), so their percentiles are lower bounds.",
        "",
        "| size | database | method | p50 | p95 | p99 | recall@10 | precision@10 "
        "| p50 ratio | p95 ratio | timeouts |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in report["runs"]:
        ours = run["methods"]["ours"]
        for name, stats in run["methods"].items():
            ratio50 = stats["p50_ms"] / ours["p50_ms"]
            ratio95 = stats["p95_ms"] / ours["p95_ms"]
            lines.append(
                f"| {run['size']:,} | {run['database']} | {stats['label']} "
                f"| {fmt_ms(stats['p50_ms'])} | {fmt_ms(stats['p95_ms'])} "
                f"| {fmt_ms(stats['p99_ms'])} | {stats['recall_at_10']:.3f} "
                f"| {stats['precision_at_10']:.3f} "
                f"| {'—' if name == 'ours' else f'{ratio50:.1f}×'} "
                f"| {'—' if name == 'ours' else f'{ratio95:.1f}×'} | {stats['timeouts']} |"
            )
    lines += [
        "",
        "### Ours, three ways",
        "",
        "The table's ours is the measured set with the baselines run in between. *Alone*: "
        "a second, fresh query set with our two variants only (taking turns at going "
        "first), right after the warm-up. *Repeat*: the measured set again, one variant "
        "after the other (pages hot). Since commit 6dd8ec3 both querysets take the same "
        "path (no scope join), so their difference is noise and cache order.",
        "",
        "| size | database | queryset | interleaved p50 / p95 / p99 "
        "| alone (fresh set) p50 / p95 / p99 | alone recall@10 | repeat p50 / p95 / p99 |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for run in report["runs"]:
        for variant in variants(run):
            ours = run["methods"][variant]
            alone = (run.get("ours_alone_fresh_queries") or {}).get(variant, {})
            hot = run[f"{variant}_diagnostics"]["repeat_hot"]
            lines.append(
                f"| {run['size']:,} | {run['database']} | {QUERYSETS[variant]} | {three(ours)} "
                f"| {three(alone)} | {alone.get('recall_at_10', float('nan')):.3f} "
                f"| {three(hot)} |"
            )
    lines += ["", "## Target", ""]
    for line in report["target"]:
        lines.append(f"- {line}")
    lines += [
        "",
        "## Load",
        "",
        "Data generated once for the largest size (smaller sizes are its prefix): "
        f"{report['generate_s']:.0f} s"
        + (" (cached from an earlier run)" if report["generate_cached"] else "")
        + f". Vocabulary (`bench/vocabulary.py`): {report['vocabulary']}; the "
        f"{report['data_size']:,} people use {report['spellings_used']:,} of these "
        f"spellings, {report['distinct_words']:,} distinct name words (NameWord rows; "
        "each size's own count is in the table below); "
        f"{report['people_indexed_whole']:,} people's words depend on their neighbours "
        "(a patronymic suffix, a marker) and were indexed whole. Stored: "
        + ", ".join(f"{k} {v / report['data_size']:.0%}" for k, v in report["styles"].items())
        + ". Queries (stored script → query script): "
        + ", ".join(f"{k} {v}" for k, v in query_mix(report["query_styles"]).items())
        + "; of them "
        + ", ".join(
            f"{sum(v for k, v in report['query_styles'].items() if mark in k)} {label}"
            for mark, label in (
                ("+caps", "in capitals"),
                ("+reordered", "in another word order"),
                ("+as-stored", "spelled as stored (no other spelling of the name)"),
            )
        )
        + ".",
        "",
        "| size | database | people | name words | name-word rows | pair rows "
        "| load (COPY/INSERT) | app indexes + FKs | VACUUM ANALYZE | baseline GIN indexes "
        "| database size |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in report["runs"]:
        timings = run["load"]["timings"]
        rows = run["load"]["rows"]
        baseline = run["load"].get("baseline_indexes", {})
        baseline_text = " + ".join(f"{v:.0f} s" for v in baseline.values()) if baseline else "—"
        lines.append(
            f"| {run['size']:,} | {run['database']} | {rows['people_person']:,} "
            f"| {rows['people_nameword']:,} "
            f"| {rows['people_personnameword']:,} | {rows['people_personnamepair']:,} "
            f"| {timings['copy_s']:.0f} s | {timings['indexes_s']:.0f} s "
            f"| {timings['analyze_s']:.0f} s | {baseline_text} "
            f"| {mb(run['sizes']['database_bytes'])} |"
        )
    lines += ["", "### Sizes (PostgreSQL: table + its indexes)", ""]
    for run in report["runs"]:
        if run["database"] != "postgres":
            continue
        parts = ", ".join(
            f"{table} {mb(s['table_bytes'])} + {mb(s['indexes_bytes'])}"
            for table, s in run["sizes"]["tables"].items()
        )
        gin = ", ".join(
            f"{name} {mb(value)}"
            for name, value in run["sizes"]["indexes"].items()
            if name.startswith("bench_")
        )
        lines.append(f"- {run['size']:,}: {parts}; baseline indexes: {gin}.")
    lines += ["", "## recall@10 by query style", ""]
    for run in report["runs"]:
        styles = sorted(run["methods"]["ours"]["recall_by_style"])
        lines += [
            f"### {run['database']}, {run['size']:,}",
            "",
            "| style | queries | " + " | ".join(run["methods"]) + " |",
            "|---|---:|" + "---:|" * len(run["methods"]),
        ]
        for style in styles:
            count = run["methods"]["ours"]["recall_by_style"][style]["queries"]
            cells = " | ".join(
                f"{stats['recall_by_style'][style]['recall_at_10']:.3f}"
                for stats in run["methods"].values()
            )
            lines.append(f"| {style} | {count} | {cells} |")
        lines.append("")
    lines += ["## Where ours spends its time", ""]
    for run, variant in runs_and_variants(report):
        d = run[f"{variant}_diagnostics"]
        lines.append(
            f"- {run['database']} {run['size']:,} {QUERYSETS[variant]}: "
            f"{d['statements_per_query']['mean']:.1f} SQL "
            f"statements per query (max {d['statements_per_query']['max']}); SQL "
            f"{d['sql_share_of_time']:.0%} of the time; SQL p50/p95 "
            f"{d['sql_ms_p50']:.1f}/{d['sql_ms_p95']:.1f} ms, Python p50/p95 "
            f"{d['python_ms_p50']:.1f}/{d['python_ms_p95']:.1f} ms; "
            f"{len(d['misses'])} misses. Slowest: "
            + "; ".join(f"`{s['query']}` {s['measured_ms']:.0f} ms" for s in d["slowest"][:3])
        )
    lines += [
        "",
        "Profile of ours (cProfile over 50 queries; cumulative share of the time):",
        "",
    ]
    for run, variant in runs_and_variants(report):
        profile = run[f"{variant}_diagnostics"].get("profile", [])
        lines.append(
            f"- {run['database']} {run['size']:,} {QUERYSETS[variant]}: "
            + ", ".join(
                f"{item['function']} {item['share_of_time']:.0%}"
                for item in profile
                if item["share_of_time"] >= 0.03
            )
        )
    lines += ["", "## Ours' misses (no relevant record in the 10 results)", ""]
    for run, variant in runs_and_variants(report):
        lines += [f"### {run['database']}, {run['size']:,}, {QUERYSETS[variant]}", ""]
        lines += miss_lines(run, variant) or ["- none"]
        lines.append("")
    lines += [
        "",
        "EXPLAIN (ANALYZE, BUFFERS) of the slowest queries and every miss are in "
        "`bench/results/search.json` (`runs[].ours_diagnostics`, "
        "`runs[].ours_current_diagnostics`).",
    ]
    for note in report.get("notes", []):
        lines += ["", note]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000000,10000000",
        help="people, comma-separated (e.g. 100000 for a quick look); smaller sizes are "
        "prefixes of the largest",
    )
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument(
        "--fresh", type=int, default=300, help="a second query set, for ours on its own"
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="per baseline query, s")
    parser.add_argument(
        "--sqlite-max", type=int, default=1_000_000, help="larger sizes skip SQLite"
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite files")
    parser.add_argument("--no-report", action="store_true", help="do not write results/")
    # The child process measuring one database and size:
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args)
        return

    command = "python -m bench.search " + " ".join(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'unused.sqlite3'}")
    setup_django()
    from bench import search_data

    log(f"data: {max(sizes):,} people, {args.queries} queries from the first {min(sizes):,}")
    data, data_path, generate_s = search_data.load_or_generate(
        max(sizes),
        queries=args.queries,
        warmup=args.warmup,
        fresh=args.fresh,
        query_pool=min(sizes),
        log=log,
    )
    report: dict = {
        "command": command,
        "machine": machine(),
        "seed": data.seed,
        "queries": len(measured_queries(data)),
        "warmup": data.warmup,
        "fresh": data.fresh,
        "timeout_s": args.timeout,
        "data_size": data.size,
        "generate_s": generate_s or sum(data.timings.values()),
        "generate_cached": generate_s == 0,
        "data_timings": data.timings,
        "vocabulary": data.vocabulary,
        "spellings_used": sum(1 for words in data.form_words if words),
        "people_indexed_whole": len(data.exact_words),
        "distinct_words": len(data.words),
        "styles": dict(sorted(data.style_counts.items(), key=lambda kv: -kv[1])),
        "query_styles": dict(Counter(q.style for q in measured_queries(data))),
        "queries_sample": [q.text for q in measured_queries(data)[:20]],
        "runs": [],
        "notes": [],
    }
    del data
    cluster = None
    try:
        if "postgres" in databases:
            from bench.pgcluster import PgCluster

            cluster = PgCluster(settings=PG_SETTINGS).start()
            report["machine"]["postgres"] = cluster.version().split(",")[0]
            log(f"PostgreSQL cluster at {cluster.dir}: {report['machine']['postgres']}")
        for size in sizes:
            for database in databases:
                if database == "sqlite" and size > args.sqlite_max:
                    note = f"SQLite {size:,}: skipped (--sqlite-max {args.sqlite_max:,})."
                    report["notes"].append(note)
                    log(note)
                    continue
                if database == "postgres":
                    name = f"bench_search_{size}"
                    cluster.create_database(name)
                    try:
                        report["runs"].append(
                            run_child(database, size, data_path, cluster.url(name), args)
                        )
                    finally:
                        cluster.drop_database(name)
                else:
                    path = WORK / f"sqlite-{size}.sqlite3"
                    for stale in WORK.glob(f"sqlite-{size}.sqlite3*"):
                        stale.unlink()
                    try:
                        report["runs"].append(
                            run_child(database, size, data_path, f"sqlite:///{path}", args)
                        )
                    finally:
                        if not args.keep:
                            for stale in WORK.glob(f"sqlite-{size}.sqlite3*"):
                                stale.unlink()
    finally:
        if cluster is not None:
            cluster.stop()

    report["took_s"] = time.perf_counter() - started
    moved = {run["git_commit"] for run in report["runs"]} - {report["machine"]["git_commit"]}
    if moved:
        report["notes"].append(
            "The code moved during the run: runs measured at "
            + ", ".join(f"{r['database']} {r['size']:,}: {r['git_commit']}" for r in report["runs"])
            + "."
        )
    report["target"] = targets(report["runs"])
    report["notes"].append(
        "SQLite has no unaccent: its baseline lowercases with Python's str.lower() "
        "(stored in an added column, `bench_lower`) and matches each query word with LIKE."
    )
    markdown = write_report(report, command)
    print(markdown)
    if not args.no_report:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "search.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
        (RESULTS / "search.md").write_text(markdown)
        log(f"wrote {RESULTS / 'search.md'} and search.json")
    if shutil.disk_usage("/tmp").free < 5e9:
        log("warning: less than 5 GB free in /tmp")


def targets(runs: list[dict]) -> list[str]:
    out = []
    checked = [r for r in runs if r["database"] == "postgres" and r["size"] == TARGET_SIZE]
    if not checked:
        largest = [r for r in runs if r["database"] == "postgres"]
        out.append(
            f"Target is set at {TARGET_SIZE:,} on PostgreSQL, not measured in this run"
            + (f"; largest PostgreSQL size measured: {largest[-1]['size']:,}" if largest else "")
        )
        checked = largest[-1:]
    for run in checked:
        for variant in OURS:
            ours = run["methods"].get(variant)
            if ours is None:
                continue
            fast = ours["p95_ms"] <= TARGET_P95_MS
            found = ours["recall_at_10"] >= TARGET_RECALL
            out.append(
                f"PostgreSQL {run['size']:,}, ours within {QUERYSETS[variant]}: p95 "
                f"{ours['p95_ms']:.1f} ms (target ≤ {TARGET_P95_MS:.0f} ms): "
                f"{'PASS' if fast else 'FAIL'}; recall@10 {ours['recall_at_10']:.3f} "
                f"(target ≥ {TARGET_RECALL}): {'PASS' if found else 'FAIL'}"
            )
    return out


if __name__ == "__main__":
    main()
