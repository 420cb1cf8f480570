"""Event registrations under load, through HTTP, on PostgreSQL and SQLite.

    .venv/bin/python -m bench.events [--databases postgresql,sqlite] [--clients 16]
                                     [--seconds 12] [--rounds 2] [--workers 2]
                                     [--people 200000] [--capacity 100]

For each database, in one run: a fresh database (a throwaway PostgreSQL cluster from
bench/pgcluster.py, or a SQLite file with the settings' WAL and IMMEDIATE
transactions), migrated, with `--people` bare records in the registry (a registration
looks its address up there), the deployment's network, a manager with an API token
and the events below; the app served by bench/wsgi_server.py (pre-forked processes of
Django's threaded server, keep-alive, DJANGO_DEBUG=0, one database connection per
thread kept between requests); then `--clients` threads, each with its own keep-alive
connection and the bearer token, send requests as fast as they are answered for
`--seconds` per phase:

* read       GET /api/events/{id}, the baseline: the same server, token and event
             row, no write;
* spread     POST /api/events/{id}/registrations, each to one of 32 unlimited events
             drawn at random: the registration's own cost, with its lock rarely waited for;
* hot        POST registrations all to one unlimited event: one row lock for all;
* hot-full   POST registrations all to one event of `--capacity` places (100), full
             after the first ones: the waiting list's path under the same lock.

Every registration is a new address: a new person in the registry (name words,
consents, audit) and a confirmation email enqueued as a task on commit (no worker
runs, so the queue grows; sending is not measured). Phases take turns, `--rounds`
times, the order reversed every other round; figures pool the rounds. A request's
latency is from sending it to reading the whole answer. After the run the database
is checked: for each event the counters equal the rows, nobody is confirmed beyond
the capacity, the confirmed are the first to have come, and every 201 answer is a row.

The machine is shared and the clients run on it too: read the ratios (registrations
per second against reads per second, hot against spread, measured in the same run)
more than the absolute figures. PostgreSQL runs with fsync off, as the test cluster
does. Results: bench/results/events.json and bench/results/events.md. The steps inside
the app (prepare, verify) are bench/events_app.py, the report bench/events_report.py.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from .events_report import PHASES, machine, markdown

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


# -- the load ---------------------------------------------------------------------


class Phase:
    """What one phase sends, and what came back."""

    def __init__(self, name: str, events: dict[str, Any], run: str) -> None:
        self.name = name
        self.events = events
        self.run = run
        self.latencies: list[float] = []
        self.codes: dict[int, int] = {}
        self.answers: dict[str, int] = {}  # confirmed / waitlisted
        self.created: dict[int, int] = {}  # event id → 201 answers
        self.failures: list[str] = []  # the first few, to show
        self.broken = 0  # connections that failed: no answer at all
        self.seconds = 0.0
        self.lock = threading.Lock()

    def request(self, client: int, n: int, rng: random.Random) -> tuple[str, str, bytes | None]:
        if self.name == "read":
            return "GET", f"/api/events/{self.events['hot-full']}", None
        if self.name == "spread":
            event = rng.choice(self.events["spread"])
        else:
            event = self.events[self.name]
        body = {
            "given_name": f"Aynur {client}",
            "surname": f"Məmmədova {n}",
            "email": f"{self.run}-{self.name}-{client}-{n}@example.org",
        }
        return "POST", f"/api/events/{event}/registrations", json.dumps(body).encode()

    def record(self, status: int, seconds: float, answer: dict[str, Any] | None) -> None:
        with self.lock:
            self.codes[status] = self.codes.get(status, 0) + 1
            if status in (200, 201):
                self.latencies.append(seconds)
            if status == 201 and answer is not None:
                self.answers[answer["status"]] = self.answers.get(answer["status"], 0) + 1
                self.created[answer["event"]] = self.created.get(answer["event"], 0) + 1


def drive(phase: Phase, *, port: int, token: str, clients: int, seconds: float) -> None:
    """`clients` threads, each on its own keep-alive connection, for `seconds`."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept-Language": "en",
    }
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(index: int) -> None:
        rng = random.Random(index)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        start.wait()
        n = 0
        while time.perf_counter() < deadline[0]:
            method, path, body = phase.request(index, n, rng)
            n += 1
            began = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                content = response.read()
            except (OSError, http.client.HTTPException) as error:
                with phase.lock:
                    phase.broken += 1
                    if len(phase.failures) < 20:
                        phase.failures.append(f"{type(error).__name__}: {error}")
                connection.close()
                time.sleep(0.05)
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            took = time.perf_counter() - began
            answer = json.loads(content) if response.status == 201 else None
            if response.status >= 400 and len(phase.failures) < 20:
                with phase.lock:
                    phase.failures.append(f"{response.status}: {content[:200]!r}")
            phase.record(response.status, took, answer)
        connection.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    phase.seconds += time.perf_counter() - began


# -- one database -----------------------------------------------------------------


def app_env(database_url: str, workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "diaspora.settings",
        "DIASPORA_PROGRESS_LOCATION": str(workdir / "progress"),
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "PYTHONPATH": str(ROOT),
    }


def child(env: dict[str, str], *args: str) -> Any:
    """Run `python -m bench.events_app <args>` with the app's environment; its JSON answer."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.events_app", *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def wait_until_up(port: int, path: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {server.returncode})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not answer within a minute")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_database(database: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    cluster = None
    if database == "postgresql":
        from .pgcluster import PgCluster

        cluster = PgCluster(prefix="diaspora-bench-events-pg.").start()
        cluster.create_database("diaspora")
        url = cluster.url("diaspora")
        engine = cluster.version().split(" on ")[0]
    else:
        import sqlite3

        url = f"sqlite:///{workdir / 'diaspora.sqlite3'}"
        engine = f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL, IMMEDIATE)"
    server = None
    try:
        env = app_env(url, workdir)
        print(f"== {database}: migrating and preparing", flush=True)
        events = child(
            env, "prepare", "--capacity", str(args.capacity), "--people", str(args.people)
        )
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "bench.wsgi_server", "--port", str(port)]
            + ["--workers", str(args.workers)],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        wait_until_up(port, f"/api/events/{events['hot']}", server)
        run = f"{database[:2]}{int(time.time())}"
        # Warm-up, not reported: each process's first requests load translations,
        # URL patterns and connections. Its registrations are checked like the rest.
        warm_ups = [Phase(name, events, run + "w") for name in ("read", "spread")]
        for phase in warm_ups:
            drive(phase, port=port, token=events["token"], clients=args.clients, seconds=2)
        phases = {name: Phase(name, events, run) for name in PHASES}
        for round_ in range(args.rounds):
            order = PHASES if round_ % 2 == 0 else tuple(reversed(PHASES))
            for name in order:
                print(f"   round {round_ + 1}: {name}", flush=True)
                drive(
                    phases[name],
                    port=port,
                    token=events["token"],
                    clients=args.clients,
                    seconds=args.seconds,
                )
        checked = child(
            env,
            "verify",
            *map(str, [events["hot"], events["hot-full"], *events["spread"]]),
        )
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
        if cluster is not None:
            cluster.stop()
    return {
        "database": database,
        "engine": engine,
        "phases": {name: summary(phase) for name, phase in phases.items()},
        "correctness": correctness([*warm_ups, *phases.values()], events, checked),
    }


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(phase: Phase) -> dict[str, Any]:
    done = len(phase.latencies)
    return {
        "requests": sum(phase.codes.values()) + phase.broken,
        "answered": done,
        "per_second": done / phase.seconds if phase.seconds else 0.0,
        "p50_ms": 1000 * percentile(phase.latencies, 0.50),
        "p95_ms": 1000 * percentile(phase.latencies, 0.95),
        "p99_ms": 1000 * percentile(phase.latencies, 0.99),
        "mean_ms": 1000 * statistics.fmean(phase.latencies) if done else float("nan"),
        "codes": {str(code): count for code, count in sorted(phase.codes.items())},
        "answers": phase.answers,
        "broken_connections": phase.broken,
        "failures": phase.failures[:20],
        "seconds": phase.seconds,
    }


def correctness(
    phases: list[Phase], events: dict[str, Any], checked: dict[str, Any]
) -> dict[str, Any]:
    created: dict[int, int] = {}
    for phase in phases:
        for event, count in phase.created.items():
            created[event] = created.get(event, 0) + count
    rows = checked["events"]
    full = rows[str(events["hot-full"])]
    problems = []
    for event_id, row in rows.items():
        if row["confirmed_count"] != row["confirmed_rows"]:
            problems.append(f"event {event_id}: confirmed counter ≠ rows")
        if row["waitlisted_count"] != row["waitlisted_rows"]:
            problems.append(f"event {event_id}: waiting list counter ≠ rows")
        if row["capacity"] is not None and row["confirmed_rows"] > row["capacity"]:
            problems.append(f"event {event_id}: overbooked")
        if not row["first_come_first_served"]:
            problems.append(f"event {event_id}: someone queued before someone confirmed")
        if created.get(int(event_id), 0) != row["rows"]:
            problems.append(
                f"event {event_id}: {created.get(int(event_id), 0)} answers 201, {row['rows']} rows"
            )
    errors = sum(
        count for phase in phases for code, count in phase.codes.items() if code >= 400
    ) + sum(phase.broken for phase in phases)
    return {
        "hot_full": full,
        "hot_rows": rows[str(events["hot"])]["rows"],
        "spread_rows": sum(rows[str(pk)]["rows"] for pk in events["spread"]),
        "errors": errors,
        "problems": problems,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=12)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--capacity", type=int, default=100)
    parser.add_argument("--people", type=int, default=200_000, help="records in the registry")
    parser.add_argument("--output", default="events", help="results/<output>.{json,md}")
    args = parser.parse_args()

    options = " ".join(sys.argv[1:])
    report: dict[str, Any] = {
        "command": f".venv/bin/python -m bench.events {options}"
        if options
        else "make bench-events",
        "arguments": {
            name: getattr(args, name)
            for name in (
                "databases",
                "clients",
                "seconds",
                "rounds",
                "workers",
                "capacity",
                "people",
            )
        },
        "machine": machine(),
        "databases": [],
    }
    with tempfile.TemporaryDirectory(prefix="diaspora-bench-events.") as tmp:
        for database in args.databases.split(","):
            workdir = Path(tmp) / database
            workdir.mkdir()
            report["databases"].append(bench_database(database, args, workdir))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.output}.json").write_text(json.dumps(report, indent=1) + "\n")
    (RESULTS / f"{args.output}.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
