"""The production server against the development server, in one run, on PostgreSQL.

    .venv/bin/python -m bench.serve [--clients 8] [--seconds 20] [--rounds 2]
                                    [--workers 2] [--people 20000]

One throwaway PostgreSQL cluster (bench/pgcluster.py), migrated, with the demo network
(`manage.py demo --people N`) and the static files collected (hashed names); the same
production settings for both servers (DJANGO_DEBUG=0, DATABASE_CONN_MAX_AGE=600,
JSON request logs written to /dev/null), so the ratio is the server's alone:

* gunicorn  `make serve`'s server: deploy/gunicorn.conf.py, `--workers` processes of
            gthread workers (4 threads each), keep-alive;
* runserver Django's development server (`make run`'s), threaded, --noreload.

Then `--clients` threads, each with its own keep-alive connection, send requests as
fast as they are answered for `--seconds`, a mix drawn at random per request:

* page      60 %: a public page, anonymous (start page, organisations, countries,
            events, eight organisations, four upcoming events), in English;
* search    25 %: GET /api/people?q=<a surname from the registry> with the demo
            Committee staff's bearer token (the whole network in reach);
* register  15 %: POST /api/events/{id}/registrations, a new address each time, to one
            of the demo's upcoming events (a new person in the registry, audit,
            a confirmation email enqueued; no worker runs).

The servers take turns, `--rounds` times, the order reversed every other round; the
figures pool the rounds. A request's latency is from sending it to reading the whole
answer; only 2xx answers count as done. The clients run on the same machine, which
other work shares: read the ratio (measured in the same run) more than the absolute
figures. Results: bench/results/serve.json and bench/results/serve.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from .events import free_port, percentile, wait_until_up
from .events_report import machine

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SERVERS = ("gunicorn", "runserver")
MIX = (("page", 0.60), ("search", 0.25), ("register", 0.15))


def app_env(database_url: str, workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DIASPORA_SITE_URL": "http://127.0.0.1",
        # Plain HTTP on the loopback, as behind the proxy that ends TLS.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "diaspora.settings",
        "DIASPORA_PROGRESS_LOCATION": str(workdir / "progress"),
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DIASPORA_VAR_DIR": str(workdir / "var"),
        "PYTHONPATH": str(ROOT),
    }


def server_command(name: str, port: int, workers: int) -> list[str]:
    if name == "gunicorn":
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "diaspora.wsgi:application",
        ]
    return [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]


# -- the load ---------------------------------------------------------------------


class Tally:
    """What one server answered, by kind of request."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {kind: [] for kind, _ in MIX}
        self.codes: dict[str, dict[int, int]] = {kind: {} for kind, _ in MIX}
        self.failures: list[str] = []
        self.broken = 0
        self.seconds = 0.0
        self.lock = threading.Lock()

    def record(self, kind: str, path: str, status: int, seconds: float, content: bytes) -> None:
        with self.lock:
            self.codes[kind][status] = self.codes[kind].get(status, 0) + 1
            if 200 <= status < 300:
                self.latencies[kind].append(seconds)
            elif len(self.failures) < 20:
                self.failures.append(f"{kind} {path} {status}: {content[:160]!r}")


def pick(rng: random.Random) -> str:
    draw, total = rng.random(), 0.0
    for kind, share in MIX:
        total += share
        if draw < total:
            return kind
    return MIX[-1][0]


def request_for(
    kind: str, setup: dict[str, Any], rng: random.Random, tag: str
) -> tuple[str, str, bytes | None, dict[str, str]]:
    anonymous = {"Accept-Language": "en"}
    with_token = {**anonymous, "Authorization": f"Bearer {setup['token']}"}
    if kind == "page":
        return "GET", rng.choice(setup["pages"]), None, anonymous
    if kind == "search":
        query = urlencode({"q": rng.choice(setup["words"]), "limit": 20})
        return "GET", f"/api/people?{query}", None, with_token
    body = {"given_name": "Aynur", "surname": "Məmmədova", "email": f"{tag}@example.org"}
    headers = {**with_token, "Content-Type": "application/json"}
    path = f"/api/events/{rng.choice(setup['events'])}/registrations"
    return "POST", path, json.dumps(body).encode(), headers


def drive(
    tally: Tally, setup: dict[str, Any], *, port: int, clients: int, seconds: float, run: str
) -> None:
    """`clients` threads, each on its own keep-alive connection, for `seconds`."""
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(index: int) -> None:
        rng = random.Random(f"{run}-{index}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        start.wait()
        n = 0
        while time.perf_counter() < deadline[0]:
            kind = pick(rng)
            method, path, body, headers = request_for(kind, setup, rng, f"{run}-{index}-{n}")
            n += 1
            began = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                content = response.read()
            except (OSError, http.client.HTTPException) as error:
                with tally.lock:
                    tally.broken += 1
                    if len(tally.failures) < 20:
                        tally.failures.append(f"{kind}: {type(error).__name__}: {error}")
                connection.close()
                time.sleep(0.05)
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            tally.record(kind, path, response.status, time.perf_counter() - began, content)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    tally.seconds += time.perf_counter() - began


def figures(latencies: list[float], seconds: float) -> dict[str, float]:
    return {
        "answered": len(latencies),
        "per_second": len(latencies) / seconds if seconds else 0.0,
        "p50_ms": 1000 * percentile(latencies, 0.50),
        "p95_ms": 1000 * percentile(latencies, 0.95),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "mean_ms": 1000 * statistics.fmean(latencies) if latencies else float("nan"),
    }


def summary(tally: Tally) -> dict[str, Any]:
    every = [value for values in tally.latencies.values() for value in values]
    return {
        "all": figures(every, tally.seconds),
        "kinds": {kind: figures(values, tally.seconds) for kind, values in tally.latencies.items()},
        "codes": {
            kind: {str(code): count for code, count in sorted(codes.items())}
            for kind, codes in tally.codes.items()
        },
        "broken_connections": tally.broken,
        "failures": tally.failures,
        "seconds": tally.seconds,
    }


# -- the run ----------------------------------------------------------------------


def start_server(name: str, env: dict[str, str], workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        server_command(name, port, workers),
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # both servers' request lines: written, not kept
    )
    wait_until_up(port, "/en/", server)
    return server, port


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    from .pgcluster import PgCluster

    cluster = PgCluster(prefix="diaspora-bench-serve-pg.").start()
    try:
        cluster.create_database("diaspora")
        env = app_env(cluster.url("diaspora"), workdir)
        print("== migrating, loading the demo network, collecting static files", flush=True)
        done = subprocess.run(
            [sys.executable, "-m", "bench.serve_app", "prepare", "--people", str(args.people)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        setup = json.loads(done.stdout.strip().splitlines()[-1])
        tallies = {name: Tally() for name in SERVERS}
        stamp = str(int(time.time()))
        for round_ in range(args.rounds):
            order = SERVERS if round_ % 2 == 0 else tuple(reversed(SERVERS))
            for name in order:
                print(f"   round {round_ + 1}: {name}", flush=True)
                server, port = start_server(name, env, args.workers)
                try:
                    # Warm-up, not counted: first requests load templates, translations
                    # and connections in every process.
                    drive(
                        Tally(),
                        setup,
                        port=port,
                        clients=args.clients,
                        seconds=3,
                        run=f"w{stamp}{name}{round_}",
                    )
                    drive(
                        tallies[name],
                        setup,
                        port=port,
                        clients=args.clients,
                        seconds=args.seconds,
                        run=f"{stamp}{name}{round_}",
                    )
                finally:
                    stop_server(server)
        engine = cluster.version().split(" on ")[0]
    finally:
        cluster.stop()
    results = {name: summary(tally) for name, tally in tallies.items()}
    ratio = {
        "per_second": results["gunicorn"]["all"]["per_second"]
        / max(results["runserver"]["all"]["per_second"], 1e-9),
        "p95": results["gunicorn"]["all"]["p95_ms"] / results["runserver"]["all"]["p95_ms"],
        "p99": results["gunicorn"]["all"]["p99_ms"] / results["runserver"]["all"]["p99_ms"],
    }
    return {
        "machine": machine(),
        "engine": engine,
        "people": setup["people"],
        "arguments": vars(args),
        "servers": results,
        "gunicorn_over_runserver": ratio,
    }


def markdown(report: dict[str, Any]) -> str:
    args, ratio = report["arguments"], report["gunicorn_over_runserver"]
    box = report["machine"]
    lines = [
        "# gunicorn against runserver",
        "",
        f"{box['when']}, commit {box['commit']}, {box['cpus']} CPUs "
        f"(load {box['load_average'][0]:.1f} at the end), "
        f"{report['engine']}, the demo network ({report['people']:,} people). "
        f"{args['clients']} keep-alive clients, {args['seconds']} s per server and round, "
        f"{args['rounds']} rounds; gunicorn with {args['workers']} workers × 4 threads. "
        "Mix: 60 % public pages, 25 % person search (API, token), 15 % registrations (API).",
        "",
        "| server | kind | requests/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name in SERVERS:
        result = report["servers"][name]
        for kind, numbers in [("all", result["all"]), *result["kinds"].items()]:
            lines.append(
                f"| {name} | {kind} | {numbers['per_second']:.1f} | {numbers['p50_ms']:.0f} "
                f"| {numbers['p95_ms']:.0f} | {numbers['p99_ms']:.0f} |"
            )
    lines += [
        "",
        f"gunicorn / runserver: {ratio['per_second']:.2f}× the requests per second, "
        f"p95 {ratio['p95']:.2f}×, p99 {ratio['p99']:.2f}× (below 1: faster).",
        "",
        "Non-2xx answers and broken connections: "
        + "; ".join(
            f"{name} {report['servers'][name]['codes']} broken "
            f"{report['servers'][name]['broken_connections']}"
            for name in SERVERS
        ),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--out", default=str(RESULTS / "serve"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="diaspora-bench-serve.") as workdir:
        report = run(args, Path(workdir))
    out = Path(args.out)
    out.with_suffix(".json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    out.with_suffix(".md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
