"""Importing member lists: our pipeline against django-import-export, rows per second.

    .venv/bin/python -m bench.imports [--sizes 100000,1000000] [--databases sqlite,postgres]
                                      [--registry 200000] [--methods ours,theirs]

One run: bench/imports_data.py draws a registry (200,000 people by default) and member
lists of each size (UTF-8 CSV, `;`), deterministic from a seed and cached under /tmp.
For each database a template is made once: migrated, the deployment's network, the
demo geography (cities in three languages), one organisation to import into, and the
registry's people with their name words (our own services' code). Each measurement
starts from a fresh copy of that template (a file copy on SQLite, `CREATE DATABASE ...
TEMPLATE` on PostgreSQL, in a throwaway cluster from bench/pgcluster.py) in a child
process, and times one whole import of the file:

* ours    `diaspora.imports.services.commit(data, name, organisation=..., by=None)`, the
          call `manage.py import_people PATH --commit` makes: read, check every cell,
          match every row against the registry, then in one transaction register the
          new people (members, consent, audit, name words), give the matched ones their
          membership and queue the possible duplicates for review;
* theirs  django-import-export 4.4.3, `PersonResource.import_data` in bulk mode (see
          bench/imports_theirs.py for the resource and why it is written so).

When django-import-export would take too long on the largest file (more than
`--theirs-budget` seconds, projected from its rate on the smaller file), it imports the
first rows of that file only, as many as the budget allows; the report says how many.

Results: bench/results/imports.json and bench/results/imports.md. The machine is
shared (2 cores), so each ratio compares two runs of the same session.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pickle
import platform
import pstats
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
WORK = Path(os.environ.get("DIASPORA_BENCH_IMPORTS_WORK", "/tmp/diaspora-bench-imports"))
SLUG = "bench-house"
PG_SETTINGS = {
    "shared_buffers": "2GB",
    "maintenance_work_mem": "1GB",
    "work_mem": "64MB",
    "effective_cache_size": "8GB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "1h",
    "jit": "off",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    # Development settings unless production's are set above (debug is off by default).
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()


# ---------------------------------------------------------------------------------------
# Data (parent)
# ---------------------------------------------------------------------------------------


def prepare_data(sizes: list[int], registry_size: int) -> tuple[Path, dict[int, Path], dict]:
    from bench import imports_data

    WORK.mkdir(parents=True, exist_ok=True)
    tag = f"v{imports_data.DATA_VERSION}-{imports_data.SEED}-{registry_size}"
    registry_path = WORK / f"registry-{tag}.pickle"
    people = imports_data.registry(registry_size)
    if not registry_path.exists():
        started = time.perf_counter()
        records = imports_data.registry_records(people)
        with registry_path.with_suffix(".partial").open("wb") as out:
            pickle.dump(records, out, protocol=pickle.HIGHEST_PROTOCOL)
        registry_path.with_suffix(".partial").rename(registry_path)
        log(f"registry of {registry_size:,} drawn in {time.perf_counter() - started:.0f} s")
    files, kinds = {}, {}
    for size in sizes:
        path = WORK / f"members-{tag}-{size}.csv"
        meta = path.with_suffix(".json")
        if not path.exists() or not meta.exists():
            started = time.perf_counter()
            kinds[size] = imports_data.member_list(path, size, people)
            meta.write_text(json.dumps(kinds[size]))
            log(f"list of {size:,} rows written in {time.perf_counter() - started:.0f} s")
        kinds[size] = json.loads(meta.read_text())
        files[size] = path
    return registry_path, files, kinds


# ---------------------------------------------------------------------------------------
# Children: seed a template, run one import
# ---------------------------------------------------------------------------------------


def seed(registry_path: Path) -> dict:
    """Migrate, configure the network, load the registry with its name words."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from diaspora.demo_data.build import load_geography
    from diaspora.directory import services as directory
    from diaspora.directory.models import City, Country, OrganisationKind
    from diaspora.people import name_words
    from diaspora.people.models import Person

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    root = directory.configure_network(directory.load_deployment(settings.DIASPORA_DEPLOYMENT))
    load_geography()
    kind = OrganisationKind.objects.get(code="house")
    directory.create_organisation(
        parent=root,
        kind=kind,
        name="Azerbaijan House in Berlin",
        country=Country.objects.get(code="DE"),
        city=City.objects.filter(country_id="DE").first(),
        slug=SLUG,
    )
    with registry_path.open("rb") as source:
        records = pickle.load(source)
    from diaspora.names import detect_script

    people = [Person(script=detect_script(values["full_name"]), **values) for values in records]
    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=5000)
        name_words.index_new((person.pk, person.full_name) for person in people)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"seed_s": time.perf_counter() - started, "registry": len(people)}


def table_counts() -> dict[str, int]:
    from diaspora.accounts.models import AuditEntry
    from diaspora.people.models import (
        Consent,
        DuplicatePair,
        Membership,
        Person,
        PersonNamePair,
        PersonNameWord,
    )

    return {
        model.__name__: model.objects.count()
        for model in (
            Person,
            Membership,
            Consent,
            AuditEntry,
            PersonNameWord,
            PersonNamePair,
            DuplicatePair,
        )
    }


def database_alone(newest_before: int) -> dict[str, float]:
    """Seconds PostgreSQL takes, with no Python in the loop, to store again the rows
    the import just wrote (its people under new ids, their name words and pairs,
    memberships, consents and audit entries, every index and foreign key checked as
    the import has them), in a transaction then undone: the database's share of the
    import, the least any importer writing these rows could take. By table, and
    "total"."""
    from django.db import connection, transaction
    from django.utils import timezone

    from diaspora.accounts import audit
    from diaspora.people.models import Consent, Membership, Person, PersonNamePair, PersonNameWord

    def columns(model) -> str:
        return ", ".join(f'"{f.column}"' for f in model._meta.concrete_fields if not f.primary_key)

    took: dict[str, float] = {}
    with connection.cursor() as cursor, transaction.atomic():
        cursor.execute("SELECT max(id) FROM people_person")
        given = {"shift": cursor.fetchone()[0], "before": newest_before}
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        person, names = Person._meta.db_table, columns(Person)
        started = time.perf_counter()
        cursor.execute(
            f'INSERT INTO "{person}" (id, {names}) SELECT id + %(shift)s, {names} '
            f'FROM "{person}" WHERE id > %(before)s',
            given,
        )
        took[Person.__name__] = time.perf_counter() - started
        for model in (PersonNameWord, PersonNamePair, Membership, Consent):
            table, names = model._meta.db_table, columns(model)
            values = names.replace('"person_id"', '"person_id" + %(shift)s')
            began = time.perf_counter()
            cursor.execute(
                f'INSERT INTO "{table}" ({names}) SELECT {values} FROM "{table}" '
                "WHERE person_id > %(before)s",
                given,
            )
            took[model.__name__] = time.perf_counter() - began
        began = time.perf_counter()
        cursor.execute(f'SELECT id FROM "{person}" WHERE id > %s', [given["shift"]])
        audit.record_created(
            actor=None,
            action="import",
            model=Person,
            rows=[{"id": pk} for (pk,) in cursor.fetchall()],
            extra={"organisation": [None, 0]},
            now=timezone.now(),
        )
        took["AuditEntry"] = time.perf_counter() - began
        took["total"] = time.perf_counter() - started
        transaction.set_rollback(True)
    return took


def run_import(method: str, path: Path, rows: int | None, profile: Path | None) -> dict:
    from django.db import connection

    data = path.read_bytes()
    if rows is not None:
        lines = data.split(b"\n")
        data = b"\n".join(lines[: rows + 1]) + b"\n"
    before = table_counts()
    from diaspora.people.models import Person

    newest_before = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    profiler = cProfile.Profile() if profile else None
    connection.ensure_connection()
    cpu = time.process_time()
    forked = resource.getrusage(resource.RUSAGE_CHILDREN)
    forked_before = forked.ru_utime + forked.ru_stime
    load = os.getloadavg()[0]
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    if method == "ours":
        from diaspora.directory.models import Organisation
        from diaspora.imports import services

        organisation = Organisation.objects.get(slug=SLUG)
        report = services.commit(data, path.name, organisation=organisation, by=None)
        counts = report.counts
        phases = {}
    else:
        from bench.imports_theirs import import_text

        counts = import_text(data.decode("utf-8"))
        phases = {}
    took = time.perf_counter() - started
    cpu = time.process_time() - cpu
    forked = resource.getrusage(resource.RUSAGE_CHILDREN)
    forked_cpu = forked.ru_utime + forked.ru_stime - forked_before
    if profiler:
        profiler.disable()
        with profile.open("w") as out:
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(60)
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(40)
    after = table_counts()
    alone = None
    if method == "ours" and connection.vendor == "postgresql":
        alone = database_alone(newest_before)
    return {
        "database_alone_s": alone,
        "seconds": took,
        "cpu_s": cpu,  # of this process (Python); the database server's comes on top
        "forked_cpu_s": forked_cpu,  # ours: of the processes that read the rows
        **phases,
        "loadavg": [load, os.getloadavg()[0]],
        "rows": counts["rows"],
        "rows_per_s": counts["rows"] / took,
        "counts": counts,
        "written": {name: after[name] - before[name] for name in after},
    }


def worker(args: argparse.Namespace) -> None:
    setup_django()
    if args.worker == "seed":
        result = seed(Path(args.registry_file))
    else:
        rows = args.rows or None
        profile = Path(args.profile_to) if args.profile_to else None
        result = run_import(args.worker, Path(args.file), rows, profile)
    Path(args.out).write_text(json.dumps(result, default=str))


def child(kind: str, url: str, out: Path, *extra: str) -> dict:
    command = [sys.executable, "-m", "bench.imports", "--worker", kind, "--out", str(out), *extra]
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",  # as in production: no query log
        "DJANGO_SECRET_KEY": "bench-imports-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    out.unlink(missing_ok=True)
    code = subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
    if code != 0:
        raise RuntimeError(f"{kind} ({url}) failed with {code}")
    return json.loads(out.read_text())


# ---------------------------------------------------------------------------------------
# Databases (parent)
# ---------------------------------------------------------------------------------------


class Sqlite:
    name = "sqlite"

    def __init__(self) -> None:
        self.template = WORK / "template.sqlite3"
        self.run_path = WORK / "run.sqlite3"

    def make_template(self, registry_path: Path) -> dict:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.template}{suffix}").unlink(missing_ok=True)
        return child(
            "seed",
            f"sqlite:///{self.template}",
            WORK / "seed.json",
            "--registry-path",
            str(registry_path),
        )

    def fresh(self) -> str:
        for suffix in ("-wal", "-shm"):
            Path(f"{self.run_path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.template, self.run_path)
        return f"sqlite:///{self.run_path}"

    def close(self) -> None:
        for path in (self.template, self.run_path):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


class Postgres:
    name = "postgres"

    def __init__(self) -> None:
        from bench.pgcluster import PgCluster

        self.cluster = PgCluster(settings=PG_SETTINGS, prefix="diaspora-bench-imports-pg.")
        self.cluster.start()

    def make_template(self, registry_path: Path) -> dict:
        self.cluster.create_database("template_registry")
        return child(
            "seed",
            self.cluster.url("template_registry"),
            WORK / "seed.json",
            "--registry-path",
            str(registry_path),
        )

    def fresh(self) -> str:
        with self.cluster.connect() as conn:
            conn.execute('DROP DATABASE IF EXISTS "run" WITH (FORCE)')
            conn.execute('CREATE DATABASE "run" TEMPLATE "template_registry"')
        return self.cluster.url("run")

    def version(self) -> str:
        return self.cluster.version()

    def close(self) -> None:
        self.cluster.stop()


# ---------------------------------------------------------------------------------------
# The run (parent)
# ---------------------------------------------------------------------------------------


def measure(args: argparse.Namespace) -> dict:
    sizes = sorted(int(size) for size in args.sizes.split(","))
    databases = args.databases.split(",")
    methods = args.methods.split(",")
    setup_django()
    began = time.perf_counter()
    registry_path, files, kinds = prepare_data(sizes, args.registry)
    report: dict = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "loadavg_start": os.getloadavg(),
        },
        "registry": args.registry,
        "files": {str(size): kinds[size] for size in sizes},
        "runs": [],
    }
    for database in databases:
        db = Sqlite() if database == "sqlite" else Postgres()
        try:
            if isinstance(db, Postgres):
                report["machine"]["postgres"] = db.version()
            seeded = db.make_template(registry_path)
            log(f"{database}: registry of {seeded['registry']:,} in {seeded['seed_s']:.0f} s")
            theirs_rate = None
            for size in sizes:
                # Taking turns to go first, so that neither always meets a warmer machine.
                order = methods if sizes.index(size) % 2 == 0 else methods[::-1]
                for method in order:
                    rows = None
                    if (
                        method == "theirs"
                        and theirs_rate
                        and size / theirs_rate > args.theirs_budget
                    ):
                        rows = int(theirs_rate * args.theirs_budget) // 10_000 * 10_000 or 10_000
                        rows = min(rows, size)
                    url = db.fresh()
                    extra = ["--file", str(files[size])]
                    if rows:
                        extra += ["--rows", str(rows)]
                    if args.profile:
                        extra += [
                            "--profile-to",
                            str(WORK / f"profile-{database}-{method}-{size}.txt"),
                        ]
                    result = child(method, url, WORK / "run.json", *extra)
                    result.update(database=database, size=size, method=method, subset=rows)
                    report["runs"].append(result)
                    if method == "theirs":
                        theirs_rate = result["rows_per_s"]
                    log(
                        f"{database} {size:,} {method}: {result['rows']:,} rows in "
                        f"{result['seconds']:.1f} s = {result['rows_per_s']:,.0f} rows/s "
                        f"{result['counts']}"
                    )
        finally:
            db.close()
    report["total_s"] = time.perf_counter() - began
    report["machine"]["loadavg_end"] = os.getloadavg()
    return report


def markdown(report: dict) -> str:
    runs = {(r["database"], r["size"], r["method"]): r for r in report["runs"]}
    lines = [
        "# Importing member lists: ours against django-import-export",
        "",
        "Written by `python -m bench.imports` (see bench/README.md). Rows per second of one",
        "whole import (read, check, match, write) of the same file into the same starting",
        f"registry of {report['registry']:,} people; both sides in one run, so read the ratios.",
        "",
        "| database | rows in file | ours rows/s | ours s | django-import-export rows/s | "
        "theirs s (rows) | ours / theirs |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for database, size in sorted({(r["database"], r["size"]) for r in report["runs"]}):
        ours = runs.get((database, size, "ours"))
        theirs = runs.get((database, size, "theirs"))
        ratio = f"{ours['rows_per_s'] / theirs['rows_per_s']:.1f}×" if ours and theirs else "–"
        theirs_rows = ""
        if theirs:
            theirs_rows = f"{theirs['seconds']:,.0f}"
            if theirs.get("subset"):
                theirs_rows += f" (first {theirs['rows']:,})"
        lines.append(
            f"| {database} | {size:,} | "
            + (f"{ours['rows_per_s']:,.0f} | {ours['seconds']:,.0f}" if ours else "– | –")
            + " | "
            + (f"{theirs['rows_per_s']:,.0f} | {theirs_rows}" if theirs else "– | –")
            + f" | {ratio} |"
        )
    lines += [
        "",
        "Each run: wall seconds, the CPU seconds of the importing Python process (for",
        "ours, + those of the processes it forks to read the rows; the database server",
        "works beside them), the load average before and after (the machine is shared),",
        "what it found and what it wrote:",
        "",
        "| database | rows | method | s | CPU s | load | verdicts | rows written |",
        "|---|---:|---|---:|---:|---|---|---|",
    ]
    for run in report["runs"]:
        counts = ", ".join(f"{k} {v:,}" for k, v in run["counts"].items() if k != "rows")
        written = ", ".join(f"{k} {v:,}" for k, v in run["written"].items() if v)
        load = "–".join(f"{value:.1f}" for value in run.get("loadavg", []))
        seconds = f"{run['seconds']:,.1f}"
        cpu = f"{run.get('cpu_s', 0):,.1f}"
        if run.get("forked_cpu_s"):
            cpu += f" + {run['forked_cpu_s']:,.1f}"
        lines.append(
            f"| {run['database']} | {run['rows']:,} | {run['method']} | {seconds} "
            f"| {cpu} | {load} | {counts} | {written} |"
        )
    alone = [run for run in report["runs"] if run.get("database_alone_s")]
    if alone:
        lines += [
            "",
            "The database's own share: after each of our PostgreSQL imports, the server",
            "stores the new people's rows again (under other ids: people, name words and",
            "pairs, memberships, consents, audit entries; every index and foreign key as in",
            "the import) by INSERT ... SELECT, no Python in the loop, then undoes it. No",
            "importer that writes these rows into this schema can be faster than that:",
            "",
            "| rows in file | PostgreSQL alone s | = rows/s at most | ours s | by table, s |",
            "|---:|---:|---:|---:|---|",
        ]
        for run in alone:
            took = run["database_alone_s"]
            tables = ", ".join(f"{k} {v:.1f}" for k, v in took.items() if k != "total")
            lines.append(
                f"| {run['rows']:,} | {took['total']:.1f} | {run['rows'] / took['total']:,.0f} "
                f"| {run['seconds']:.1f} | {tables} |"
            )
    files = report["files"]
    lines += [
        "",
        "The lists: "
        + "; ".join(
            f"{int(size):,} rows = {kinds['fresh']:,} new people, {kinds['registry']:,} "
            f"people of the registry spelled again, {kinds['repeat']:,} repeats within the file"
            for size, kinds in files.items()
        )
        + ".",
        "",
        f"Machine: {report['machine']['cpus']} CPUs (shared), Python "
        f"{report['machine']['python']}, {report['machine'].get('postgres', '')}; load "
        f"average {report['machine']['loadavg_start'][0]:.1f} at the start, "
        f"{report['machine']['loadavg_end'][0]:.1f} at the end; whole run "
        f"{report['total_s'] / 60:.0f} min.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--methods", default="ours,theirs")
    parser.add_argument("--registry", type=int, default=200_000)
    parser.add_argument("--theirs-budget", type=float, default=300.0, help="seconds")
    parser.add_argument("--profile", action="store_true", help="cProfile each import")
    parser.add_argument("--results", default=str(RESULTS / "imports"), help="path stem")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--registry-path", dest="registry_file", help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", help=argparse.SUPPRESS)
    args, _unknown = parser.parse_known_args()
    if args.worker:
        worker(args)
        return
    report = measure(args)
    stem = Path(args.results)
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2, default=str))
    stem.with_suffix(".md").write_text(markdown(report))
    log(f"results in {stem.with_suffix('.md')}")


if __name__ == "__main__":
    main()
