"""Files built to stop the spreadsheet reader: how fast each is refused, and the
peak memory of the process that refuses it, against the reader given the same
file unchecked, in the same run.

    .venv/bin/python -m bench.file_bombs [--rows 100000] [--unchecked-limit-gb 3]

Each measurement runs in a fresh process (`--one`), so that its peak resident
memory (getrusage ru_maxrss) is its own: `ours` is `read_table(data)`, the call an
import makes; `unchecked` hands the file straight to python-calamine, in a process
whose address space is bounded (--unchecked-limit-gb), as an import's now is.
`empty` is a process that only sets Django up: the floor of every figure. A list
within the limits (--rows rows of an XLSX written by xlsxwriter) shows what the
checks cost a real file.

Results: bench/results/file_bombs.json and bench/results/file_bombs.md."""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def files(rows: int) -> dict[str, tuple[str, bytes]]:
    from diaspora.imports.tests import bomb_files as bombs

    made = {
        "far corner (A1 + XFD1048576)": ("xlsx", bombs.far_corner()),
        "far corner, lying dimension A1": ("xlsx", bombs.far_corner_hidden()),
        "one huge cell (1.5 GB of one letter)": ("xlsx", bombs.huge_cell(1_500_000_000)),
        "one 100,000-letter cell": ("xlsx", bombs.huge_cell_honest_ratio()),
        "a 30,000-letter string in 1M cells": ("xlsx", bombs.shared_string_reused()),
        "ODS cell repeated 16384 × 1M": ("ods", bombs.ods_repeated()),
        "ODS 1M empty rows, then XFD": ("ods", bombs.ods_empty_gap()),
        "ZIP part lying (1 KB declared, 200 MB)": ("xlsx", bombs.lying_zip()),
        "CSV line of 50M commas": ("csv", bombs.csv_long_line()),
        "CSV cell of 150M letters": ("csv", bombs.csv_huge_cell()),
    }
    if rows:
        made[f"a real list: {rows:,} rows × 8 (XLSX)"] = ("xlsx", real_list(rows))
    return made


def real_list(rows: int) -> bytes:
    import io
    import random

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Members")
    sheet.write_row(0, 0, ["surname", "given name", "birth date", "email", "phone", "city"])
    sheet.write_row(0, 6, ["country", "role"])
    draw = random.Random(7)
    for row in range(1, rows + 1):
        sheet.write_row(
            row,
            0,
            [
                f"Surname{draw.randint(0, 99_999)}",
                f"Name{draw.randint(0, 9_999)}",
                f"{draw.randint(1, 28):02d}.05.19{draw.randint(10, 99)}",
                f"person{row}@example.org",
                f"+7912{draw.randint(1_000_000, 9_999_999)}",
                "Moscow",
                "RU",
                "member",
            ],
        )
    book.close()
    return buffer.getvalue()


def one(mode: str, path: str, limit: int) -> dict:
    """In this fresh process: one measurement."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    # Development settings unless production's are set above (debug is off by default).
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()
    from diaspora.imports.readers import Rejected, read_table

    data = Path(path).read_bytes() if path else b""
    if mode == "bare":  # our reader without the checks before it: what they cost
        from diaspora.imports import workbooks

        workbooks.check_xlsx = workbooks.check_ods = lambda data: None
    if mode == "unchecked":
        import io

        from python_calamine import CalamineWorkbook

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    started = time.perf_counter()
    outcome = ""
    try:
        if mode in ("ours", "bare"):
            table = read_table(data, Path(path).name)
            outcome = f"read: {len(table.rows):,} rows"
        elif mode == "unchecked":
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            count = sum(1 for _row in sheet.iter_rows())
            outcome = f"read: {count:,} rows"
    except Rejected as refusal:
        outcome = f"refused: {refusal}"
    except MemoryError:
        outcome = "MemoryError"
    except Exception as error:  # the reader's own refusals, as they come
        outcome = f"{type(error).__name__}: {error}"
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb(), "outcome": outcome}


def peak_mb() -> float:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux keeps
    that across exec, so a child started by a parent holding the files would show
    the parent's."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(mode: str, path: str, limit: int) -> dict:
    command = [sys.executable, "-m", "bench.file_bombs", "--one", mode, path, str(limit)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=HERE.parent)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[0][:80]
        return {
            "seconds": time.perf_counter() - started,
            "peak_mb": None,
            "outcome": f"process died (exit {done.returncode}): {last}",
        }
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--unchecked-limit-gb", type=float, default=3)
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        mode, path, limit = options.one
        print(json.dumps(one(mode, path, int(limit))))
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    # Development settings unless production's are set above (debug is off by default).
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()
    limit = int(options.unchecked_limit_gb * 2**30)
    results = {"machine": platform.platform(), "cpus": os.cpu_count(), "files": []}
    floor = measure("empty", "", limit)
    results["empty_process_peak_mb"] = floor["peak_mb"]
    with tempfile.TemporaryDirectory() as directory:
        for name, (suffix, data) in files(options.rows).items():
            path = Path(directory) / f"file.{suffix}"
            path.write_bytes(data)
            row = {"file": name, "bytes": len(data), "ours": measure("ours", str(path), limit)}
            if name.startswith("a real list"):
                row["unchecked"] = measure("bare", str(path), limit)
            elif suffix != "csv":
                row["unchecked"] = measure("unchecked", str(path), limit)
            results["files"].append(row)
            print(table_row(row), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "file_bombs.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "file_bombs.md").write_text(report(results, options))
    print(f"\nempty process: {floor['peak_mb']:.0f} MB; written to {RESULTS}/file_bombs.md")


def table_row(row: dict) -> str:
    def cell(measured: dict | None) -> str:
        if measured is None:
            return "– | – | –"
        peak = "–" if measured["peak_mb"] is None else f"{measured['peak_mb']:,.0f}"
        outcome = measured["outcome"].replace("|", "/")
        outcome = outcome if len(outcome) <= 70 else outcome[:67] + "..."
        return f"{measured['seconds']:.3f} | {peak} | {outcome}"

    return (
        f"| {row['file']} | {row['bytes']:,} | {cell(row['ours'])} | {cell(row.get('unchecked'))} |"
    )


def report(results: dict, options) -> str:
    lines = [
        "# File bombs: refused before the reader sees them",
        "",
        "Written by `python -m bench.file_bombs` (see its docstring). Each figure from a",
        "fresh process; peak = its maximum resident memory (VmHWM), of which",
        f"{results['empty_process_peak_mb']:.0f} MB is Django set up and nothing read.",
        f"`unchecked`: python-calamine given the file itself, its address space bounded to "
        f"{options.unchecked_limit_gb:g} GB; for the real list, our reader with the checks "
        "skipped.",
        "",
        "| file | bytes | ours s | ours peak MB | ours "
        "| unchecked s | unchecked peak MB | unchecked |",
        "|---|---:|---:|---:|---|---:|---:|---|",
        *(table_row(row) for row in results["files"]),
        "",
        f"Machine: {results['machine']}, {results['cpus']} CPUs, shared with other work.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
