"""The report of bench/events.py: bench/results/events.md from the run's JSON.

python -m bench.events_report [results/events.json]   # rewrites the .md beside it
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PHASES = ("read", "spread", "hot", "hot-full")


def machine() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "commit": commit,
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def markdown(report: dict[str, Any]) -> str:
    args = report["arguments"]
    lines = [
        "# Event registrations under load",
        "",
        f"`{report.get('command', 'make bench-events')}`, {report['machine']['when']},"
        f" commit {report['machine']['commit']}, {report['machine']['cpus']} CPUs shared with"
        f" other work (load average {report['machine']['load_average'][0]:.1f} at the start).",
        f"{args['clients']} client threads with keep-alive connections on the same machine;"
        f" the app in {args['workers']} processes of Django's threaded server"
        " (bench/wsgi_server.py), DJANGO_DEBUG=0, one database connection per thread;"
        f" {args['seconds']:g} s per phase × {args['rounds']} rounds, phases taking turns."
        f" {args['people']:,} people in the registry beforehand; every registration is a"
        " new person. Rates count answers 200/201 per second;"
        " latency is per request, from sending to the whole answer.",
        "",
    ]
    for result in report["databases"]:
        phases = result["phases"]
        read, spread = phases["read"], phases["spread"]
        lines += [
            f"## {result['database']} — {result['engine']}",
            "",
            "| phase | answered | per second | × read | × spread | p50 ms | p95 ms | p99 ms |"
            " errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name in PHASES:
            phase = phases[name]
            errors = sum(c for code, c in phase["codes"].items() if int(code) >= 400)
            errors += phase["broken_connections"]
            lines.append(
                f"| {name} | {phase['answered']:,} | {phase['per_second']:.0f} |"
                f" {phase['per_second'] / read['per_second']:.2f} |"
                f" {phase['per_second'] / spread['per_second']:.2f} |"
                f" {phase['p50_ms']:.1f} | {phase['p95_ms']:.1f} | {phase['p99_ms']:.1f} |"
                f" {errors} |"
            )
        check = result["correctness"]
        full = check["hot_full"]
        lines += [
            "",
            f"After the run, the full event ({full['capacity']} places):"
            f" {full['confirmed_rows']} confirmed, {full['waitlisted_rows']:,} on the waiting"
            f" list, {full['rows']:,} rows for as many 201 answers; counters equal to the rows:"
            f" {'yes' if not check['problems'] else 'NO'};"
            f" the confirmed are the first {full['confirmed_rows']} to come:"
            f" {'yes' if full['first_come_first_served'] else 'NO'}."
            f" Errors (4xx, 5xx, broken connections) over all phases: {check['errors']}.",
        ]
        if check["problems"]:
            lines += ["", "Problems:", ""] + [f"* {problem}" for problem in check["problems"]]
        failures = [f for phase in phases.values() for f in phase["failures"]]
        if failures:
            lines += ["", "First failures:", ""] + [f"* `{f}`" for f in failures[:5]]
        lines.append("")
    by_name = {result["database"]: result for result in report["databases"]}
    if {"postgresql", "sqlite"} <= set(by_name):
        pg, lite = by_name["postgresql"], by_name["sqlite"]
        lines += ["## PostgreSQL against SQLite, same run", ""]
        lines += ["| phase | PostgreSQL / SQLite per second | p99 PostgreSQL / SQLite |"]
        lines += ["|---|---:|---:|"]
        for name in PHASES:
            a, b = pg["phases"][name], lite["phases"][name]
            lines.append(
                f"| {name} | {a['per_second'] / b['per_second']:.2f} |"
                f" {a['p99_ms'] / b['p99_ms']:.2f} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench/results/events.json")
    source.with_suffix(".md").write_text(markdown(json.loads(source.read_text())))


if __name__ == "__main__":
    main()
