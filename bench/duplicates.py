"""A duplicate scan of the whole registry: ours against Splink (DuckDB), on one truth.

    .venv/bin/python -m bench.duplicates [--size 1000000] [--skip-load] [--rounds 2] [--report]
    make bench-duplicates

One run, each step in a child process of its own (so that its peak memory is its own
`ru_maxrss`, and Django reads DATABASE_URL once):

1. data     bench/duplicates_data.py: N records with a known truth (cached under /tmp).
2. load     a fresh SQLite registry (the default embedded database): migrate, the
            deployment's network, organisations and cities, then every record through
            `people.services.register_many`, organisation by organisation (the bulk
            path imports use: people, name words and pairs, memberships, consents,
            audit). Then the registry's people are exported to Parquet for Splink:
            id, full name and the parts the registry parsed, birth date, email, phone,
            city.
3. ours     `people.duplicates.scan()`, the code `manage.py find_duplicates` runs.
4. splink   Splink 5 on DuckDB over that Parquet file (bench/duplicates_splink.py),
            twice: names as stored (lowercased), and names through anyascii.
5. score    pairwise precision, recall and F1 against the truth; results to
            bench/results/duplicates.{json,md}.

How verdicts count: our scan keeps a pair either as "the same person" (the evidence
says so) or "review" (perhaps); both land in the office's review queue, so the headline
counts every pair the scan raises as predicted, and the table also shows "same" alone.
Splink scores every compared pair; the headline uses the threshold with the best F1 on
the truth (chosen with the answers: an upper bound for Splink), and the table also
shows the fixed threshold of probability 0.5.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import duplicates_data

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
WORK = duplicates_data.CACHE
CHUNK = 5000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def cpu_s() -> float:
    """Processor time of this process, all its threads: less moved by a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def database(size: int) -> Path:
    return WORK / f"registry-{size}.sqlite3"


def parquet(size: int) -> Path:
    return WORK / f"people-{size}.parquet"


def setup_django(size: int) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database(size)}"
    os.environ["DJANGO_DEBUG"] = "0"  # as in production: no query log
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-duplicates-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    # Development settings unless production's are set above (debug is off by default).
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()


# -- children --------------------------------------------------------------------------


def load(size: int) -> dict:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database(size)}{suffix}").unlink(missing_ok=True)
    data = duplicates_data.dataset(size)
    setup_django(size)
    from django.conf import settings
    from django.core.management import call_command

    from diaspora.directory import services as directory
    from diaspora.directory.models import Country, OrganisationKind
    from diaspora.people import services

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    root = directory.configure_network(directory.load_deployment(settings.DIASPORA_DEPLOYMENT))
    kinds = [OrganisationKind.objects.get(code=c) for c in ("house", "association", "school")]
    countries = {c.pk: c for c in Country.objects.all()}
    cities = {}
    organisations = []
    for number, (country, city) in enumerate(data.organisations):
        if (country, city) not in cities:
            cities[country, city] = directory.ensure_city(countries[country], name=city)
        organisations.append(
            directory.create_organisation(
                parent=root,
                kind=kinds[number % 3],
                name=f"{kinds[number % 3].code} {number} {city}",
                country=countries[country],
                city=cities[country, city],
            )
        )
    setup_s = time.perf_counter() - started
    started = time.perf_counter()
    records = data.records
    done = 0
    while done < len(records):
        organisation = records[done].organisation
        end = done
        while (
            end < len(records) and end - done < CHUNK and records[end].organisation == organisation
        ):
            end += 1
        batch = records[done:end]
        ids = services.register_many(
            [
                {
                    "full_name": r.full_name,
                    "sex": r.sex,
                    "birth_date": r.birth_date,
                    "email": r.email,
                    "phone": r.phone,
                    "country": countries[r.country],
                    "city": cities[r.country, r.city],
                }
                for r in batch
            ],
            by=None,
            organisation=organisations[organisation],
            roles=["member"] * len(batch),
            since=[None] * len(batch),
        )
        mismatched = [(pk, r.rid) for pk, r in zip(ids, batch, strict=True) if pk != r.rid]
        if mismatched:
            raise RuntimeError(f"ids do not follow the records: {mismatched[:5]}")
        done = end
        if done % 100_000 < CHUNK:
            log(f"    registered {done:,} in {time.perf_counter() - started:.0f} s")
    register_s = time.perf_counter() - started
    export_parquet(size)
    return {"setup_s": setup_s, "register_s": register_s, "peak_mb": peak_mb()}


def export_parquet(size: int) -> None:
    """The registry's people as Splink reads them (pyarrow: DuckDB's sqlite extension
    would be a download)."""
    import sqlite3

    import pyarrow as pa
    import pyarrow.parquet as pq

    connection = sqlite3.connect(database(size))
    rows = connection.execute(
        """SELECT p.id, p.full_name, p.given_name, p.surname, p.patronymic, p.birth_date,
                  nullif(p.email, ''), nullif(p.phone, ''), c.name
           FROM people_person p LEFT JOIN directory_city c ON c.id = p.city_id
           ORDER BY p.id"""
    ).fetchall()
    connection.close()
    columns = list(zip(*rows, strict=True))
    names = [
        "unique_id",
        "full_name",
        "given_name",
        "surname",
        "patronymic",
        "birth_date",
        "email",
        "phone",
        "city",
    ]
    table = pa.table(
        {
            name: pa.array(values, type=pa.string())
            if name != "unique_id"
            else pa.array(values, type=pa.int64())
            for name, values in zip(names, columns, strict=True)
        }
    )
    table = table.set_column(5, "birth_date", table["birth_date"].cast(pa.date32()))
    pq.write_table(table, parquet(size))


def ours(size: int) -> dict:
    setup_django(size)
    from diaspora.people import duplicates
    from diaspora.people.models import DuplicatePair

    DuplicatePair.objects.all()._raw_delete(DuplicatePair.objects.db)  # no cascade to collect
    started, cpu = time.perf_counter(), cpu_s()
    found = duplicates.scan()
    seconds, cpu = time.perf_counter() - started, cpu_s() - cpu
    memory = peak_mb()
    pairs = list(DuplicatePair.objects.values_list("first_id", "second_id", "same_person"))
    out = WORK / f"ours-{size}.json"
    out.write_text(json.dumps(pairs))
    return {
        "seconds": seconds,
        "cpu_s": cpu,
        "peak_mb": memory,
        "found": found,
        "pairs_file": str(out),
    }


def child(step: str, size: int, extra: list[str] | None = None) -> dict:
    out = WORK / f"step-{step}-{size}.json"
    out.unlink(missing_ok=True)
    module = "bench.duplicates_splink" if step.startswith("splink") else "bench.duplicates"
    command = [
        sys.executable,
        "-m",
        module,
        "--child",
        step,
        "--size",
        str(size),
        "--out",
        str(out),
    ]
    subprocess.run(command + (extra or []), check=True, cwd=ROOT)
    return json.loads(out.read_text())


# -- scoring ---------------------------------------------------------------------------


def scores(predicted: set[tuple[int, int]], truth: set[tuple[int, int]]) -> dict:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {
        "predicted": len(predicted),
        "true_positives": hits,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def best_threshold(scored: list[tuple[float, int, int]], truth: set[tuple[int, int]]) -> dict:
    """The threshold on a score with the best F1 (pairs at or above it are predicted)."""
    ordered = sorted(scored, reverse=True)
    best = {"f1": 0.0, "threshold": 1.0, "predicted": 0, "true_positives": 0}
    hits = 0
    for count, (score, a, b) in enumerate(ordered, start=1):
        hits += (a, b) in truth
        if count < len(ordered) and ordered[count][0] == score:
            continue  # ties go in together
        precision, recall = hits / count, hits / len(truth)
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        if f1 > best["f1"]:
            best = {
                "f1": f1,
                "threshold": score,
                "predicted": count,
                "true_positives": hits,
                "precision": precision,
                "recall": recall,
            }
    return best


def hard_negatives(data, predicted: set[tuple[int, int]]) -> dict[str, dict[str, int]]:
    """False positives among the labelled hard non-duplicates, by kind."""
    by_person: dict[int, list[int]] = {}
    kind_of: dict[int, tuple[str, int]] = {}
    for record in data.records:
        by_person.setdefault(record.person, []).append(record.rid)
        if record.kind:
            kind_of[record.person] = (record.kind, record.related)
    out: dict[str, dict[str, int]] = {}
    for person, (kind, related) in kind_of.items():
        pairs = {
            (min(a, b), max(a, b)) for a in by_person[person] for b in by_person.get(related, [])
        }
        entry = out.setdefault(kind, {"pairs": 0, "raised": 0})
        entry["pairs"] += len(pairs)
        entry["raised"] += len(pairs & predicted)
    return out


def evaluate(data, step: dict, truth: set[tuple[int, int]]) -> dict:
    if "pairs_file" in step:  # ours
        rows = json.loads(Path(step["pairs_file"]).read_text())
        everything = {(a, b) for a, b, _same in rows}
        same = {(a, b) for a, b, is_same in rows if is_same}
        return {
            "all": scores(everything, truth),
            "same": scores(same, truth),
            "hard": hard_negatives(data, everything),
        }
    import duckdb

    rows = duckdb.sql(
        f"SELECT match_probability, unique_id_l, unique_id_r FROM '{step['predictions']}'"
    ).fetchall()
    scored = [(p, min(a, b), max(a, b)) for p, a, b in rows]
    best = best_threshold(scored, truth)
    at_best = {(a, b) for p, a, b in scored if p >= best["threshold"]}
    half = {(a, b) for p, a, b in scored if p >= 0.5}
    return {
        "all": {**scores(at_best, truth), "threshold": best["threshold"]},
        "fixed": scores(half, truth),
        "hard": hard_negatives(data, at_best),
        "compared_pairs_kept": len(scored),
    }


# -- the run ---------------------------------------------------------------------------


def environment() -> dict:
    def run(*command: str) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return ""

    import duckdb
    import splink

    return {
        "git_commit": run("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD").strip(),
        "nproc": run("nproc").strip(),
        "python": platform.python_version(),
        "splink": splink.__version__,
        "duckdb": duckdb.__version__,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--skip-load", action="store_true", help="reuse the loaded registry")
    parser.add_argument("--only", default="ours,splink_raw,splink_anyascii")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each, the fastest kept")
    parser.add_argument(
        "--report", action="store_true", help="only write the .md again from the .json"
    )
    parser.add_argument("--child")
    parser.add_argument("--out")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.child:
        result = {"load": load, "ours": ours}[args.child](args.size)
        Path(args.out).write_text(json.dumps(result))
        return

    from bench import duplicates_report

    log(f"data: {args.size:,} records")
    data = duplicates_data.dataset(args.size)
    name = "duplicates" if args.size == 1_000_000 else f"duplicates-{args.size}"
    if args.report:
        run = json.loads((RESULTS / f"{name}.json").read_text())
        (RESULTS / f"{name}.md").write_text(duplicates_report.markdown(run, data))
        return
    truth = data.truth_pairs()
    log(f"    {len(truth):,} true duplicate pairs")
    run: dict = {"size": args.size, "truth_pairs": len(truth), "environment": environment()}
    if not args.skip_load:
        log("load: register_many into a fresh SQLite registry")
        run["load"] = child("load", args.size)
        log(f"    {run['load']}")
    elif (WORK / f"step-load-{args.size}.json").exists():  # the figures of that load
        run["load"] = json.loads((WORK / f"step-load-{args.size}.json").read_text())
    run["systems"] = {}
    systems = args.only.split(",")
    for round_number in range(1, args.rounds + 1):
        for system in systems:  # in turns, so that a busy minute of the machine hits all
            log(f"{system} (round {round_number})")
            step = child(system, args.size)
            log(
                f"    {step['seconds']:.0f} s ({step['cpu_s']:.0f} s CPU), {step['peak_mb']:.0f} MB"
            )
            earlier = run["systems"].get(system)
            times = (earlier["times"] if earlier else []) + [step["seconds"]]
            if earlier is None or step["seconds"] < earlier["seconds"]:
                run["systems"][system] = step
            run["systems"][system]["times"] = times
    for system, step in run["systems"].items():
        step["scores"] = evaluate(data, step, truth)
        log(f"{system}: {step['scores']['all']}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(run, indent=2, default=str))
    (RESULTS / f"{name}.md").write_text(duplicates_report.markdown(run, data))
    log(f"written: {RESULTS / name}.md")


if __name__ == "__main__":
    main()
