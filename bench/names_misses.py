"""List the misses of `diaspora.names` on the shared real-world set, to read them.

A tool for looking, not for learning: it prints the queries whose name is not found
first, with what was found instead, grouped by the script of the query. Nothing is
derived from it into the package.

    .venv/bin/python -m bench.names_misses [--all] [--names N] [--script arabic] > misses.txt
"""

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

from diaspora.names import NameIndex, fold, similarity

EVALUATE = Path("/work/shared/names-realworld/evaluate.py")


def load_evaluate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rw_evaluate", EVALUATE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--names", type=int, default=5000)
    parser.add_argument("--script", default="")
    parser.add_argument("--top10", action="store_true", help="only misses outside the top ten")
    args = parser.parse_args()
    ev = load_evaluate()
    groups, pool = ev.load(not args.all, 20000, args.names)
    index = NameIndex()
    names: dict[object, str] = {}
    for i, (anchor, _) in enumerate(groups):
        index.add(f"g{i}", anchor)
        names[f"g{i}"] = anchor
    for j, name in enumerate(pool):
        index.add(f"d{j}", name)
        names[f"d{j}"] = name
    started = time.perf_counter()
    n = 0
    per: dict[str, list[int]] = {}
    for i, (anchor, spellings) in enumerate(groups):
        for spelling in spellings:
            script = ev.script_of(spelling)
            if args.script and script != args.script:
                continue
            n += 1
            hits = index.search(spelling, limit=10)
            ids = [h[0] for h in hits]
            counts = per.setdefault(script, [0, 0, 0])
            counts[0] += 1
            counts[1] += bool(ids) and ids[0] == f"g{i}"
            counts[2] += f"g{i}" in ids
            if ids and ids[0] == f"g{i}":
                continue
            if args.top10 and f"g{i}" in ids:
                continue
            rank = ids.index(f"g{i}") + 1 if f"g{i}" in ids else 0
            shown = ", ".join(f"{names[h]}:{s:.2f}" for h, s in hits[:3])
            print(
                f"{script}\t{rank}\t{spelling}\t{anchor}\t[{fold(spelling)}|{fold(anchor)}]"
                f"\tsim={similarity(spelling, anchor):.2f}\t{shown}"
            )
    for script, (total, r1, r10) in sorted(per.items()):
        print(
            f"# {script:9s} {total:5d} recall@1={r1 / total:.3f} recall@10={r10 / total:.3f}",
            file=sys.stderr,
        )
    total, r1, r10 = (sum(c[k] for c in per.values()) for k in range(3))
    print(
        f"# {n} queries in {time.perf_counter() - started:.1f}s "
        f"recall@1={r1 / total:.3f} recall@10={r10 / total:.3f}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
