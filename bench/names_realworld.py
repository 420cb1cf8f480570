"""`diaspora.names` on real spellings (the shared Wikidata set), beside the same baselines.

    python -m bench.names_realworld [--all] [--realworld DIR]   # one mode, printed
    python -m bench.names_eval                                   # both modes, in the report

The set and its protocol are those of `names-realworld/evaluate.py` (kept outside the
project, in ``../shared/names-realworld`` or ``/work/shared/names-realworld``): names as
groups of spellings, one Latin spelling of each indexed among 20,000 other names, every
other spelling a query; recall@1 and recall@10 per script of the query, and the best
pair F1 of a method's pair score over (anchor, spelling) against (the hardest wrong
anchor by difflib, spelling). This module imports that file's `load`, `script_of` and
`fold` so that the figures are the evaluator's, and measures every method in one run:

* ours        `NameIndex` for search, `similarity` for pairs;
* baseline A  lowercase + rapidfuzz `token_sort_ratio` (brute force `process.extract`);
* baseline B  anyascii + lowercase + the same;
* baseline C  a 20-line fold that knows the Azerbaijani letters (ə ı ğ q x c and the
              Russian habits kh, dzh, sh, ch), then anyascii and `token_sort_ratio`:
              the "rapidfuzz fold" the issue measured the project against.

The hardest wrong anchors (difflib over every anchor, minutes in the --all mode) do not
depend on the method; they are cached in /tmp/diaspora-bench-names.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from anyascii import anyascii
from rapidfuzz import fuzz, process

from diaspora.names import NameIndex, similarity

HERE = Path(__file__).resolve().parent
PLACES = (HERE.parent.parent / "shared" / "names-realworld", Path("/work/shared/names-realworld"))
CACHE = Path("/tmp/diaspora-bench-names")
METHODS = ("ours", "baseline_a", "baseline_b", "baseline_c")
LABELS = {
    "ours": "ours (diaspora.names)",
    "baseline_a": "A: lower + token_sort_ratio",
    "baseline_b": "B: anyascii + lower + token_sort_ratio",
    "baseline_c": "C: Azerbaijani fold + token_sort_ratio",
}
LIMIT = 10


def find_set(given: Path | None) -> Path | None:
    for place in (given,) if given else PLACES:
        if place and (place / "evaluate.py").exists() and (place / "pairs.tsv").exists():
            return place
    return None


def evaluator(place: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("names_realworld_evaluate", place / "evaluate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------------------
# Baselines

AZ_LETTERS = str.maketrans({"ə": "a", "ә": "a", "ı": "i", "ğ": "g", "q": "g", "x": "kh", "c": "j"})
RUSSIAN_HABITS = (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("sh", "s"), ("ch", "c"))


def az_fold(name: str) -> str:
    """Baseline C's fold: Azerbaijani letters as passports write them, any script into
    ASCII, the Russian-passport digraphs made one letter, vowels y/i alike."""
    text = anyascii(name.replace("İ", "i").lower().translate(AZ_LETTERS)).lower()
    for digraph, letter in RUSSIAN_HABITS:
        text = text.replace(digraph, letter)
    return text.replace("y", "i").replace("'", "")


def lower_only(name: str) -> str:
    return name.lower()


def ascii_lower(name: str) -> str:
    return anyascii(name).lower()


PREPARE: dict[str, Callable[[str], str]] = {
    "baseline_a": lower_only,
    "baseline_b": ascii_lower,
    "baseline_c": az_fold,
}
SCORER = {
    "baseline_a": fuzz.token_sort_ratio,
    "baseline_b": fuzz.token_sort_ratio,
    "baseline_c": fuzz.token_sort_ratio,
}


def pair_score(method: str) -> Callable[[str, str], float]:
    if method == "ours":
        return similarity
    prepare, scorer = PREPARE[method], SCORER[method]
    return lambda a, b: scorer(prepare(a), prepare(b)) / 100


class Searcher:
    def __init__(self, method: str, items: list[tuple[str, str]]) -> None:
        self.method = method
        self.ids = [id_ for id_, _name in items]
        if method == "ours":
            self.index = NameIndex()
            self.index.add_many(items)
        else:
            self.prepared = [PREPARE[method](name) for _id, name in items]

    def search(self, query: str) -> list[str]:
        if self.method == "ours":
            return [str(id_) for id_, _score in self.index.search(query, limit=LIMIT)]
        hits = process.extract(
            PREPARE[self.method](query), self.prepared, scorer=SCORER[self.method], limit=LIMIT
        )
        return [self.ids[number] for _text, _score, number in hits]


# --------------------------------------------------------------------------------------
# The protocol


def hardest_negatives(
    ev: ModuleType, groups: list[tuple[str, list[str]]], mode: str, place: Path
) -> list[tuple[str, str]]:
    """(hardest wrong anchor, spelling) for every spelling, as evaluate.py picks them."""
    digest = hashlib.sha1(f"{mode}:{(place / 'pairs.tsv').stat().st_size}".encode())
    path = CACHE / f"negatives-{mode}-{digest.hexdigest()[:12]}.json"
    if path.exists():
        return [tuple(pair) for pair in json.loads(path.read_text(encoding="utf-8"))]
    import difflib

    anchors = [a for a, _ in groups]
    folded = [ev.fold(a) for a in anchors]
    negatives = []
    for anchor, spellings in groups:
        for spelling in spellings:
            near = difflib.get_close_matches(ev.fold(spelling), folded, n=2, cutoff=0)
            wrong = [anchors[folded.index(f)] for f in near if anchors[folded.index(f)] != anchor]
            if wrong:
                negatives.append((wrong[0], spelling))
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(negatives, ensure_ascii=False), encoding="utf-8")
    return negatives


def best_f1(positives: list[float], negatives: list[float]) -> float:
    scored = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives], reverse=True)
    tp, best = 0, 0.0
    for k, (_score, label) in enumerate(scored, 1):
        tp += label
        if tp:
            precision, recall = tp / k, tp / len(positives)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(
    place: Path, *, every_origin: bool, methods: tuple[str, ...] = METHODS
) -> dict[str, Any]:
    ev = evaluator(place)
    mode = "all" if every_origin else "azerbaijani"
    groups, pool = ev.load(not every_origin, 20000, 5000)
    items = [(f"g{i}", anchor) for i, (anchor, _) in enumerate(groups)]
    items += [(f"d{j}", name) for j, name in enumerate(pool)]
    negatives = hardest_negatives(ev, groups, mode, place)
    positives = [(anchor, spelling) for anchor, spellings in groups for spelling in spellings]
    result: dict[str, Any] = {
        "mode": mode,
        "names": len(groups),
        "distractors": len(pool),
        "queries": len(positives),
    }
    for method in methods:
        began = time.perf_counter()
        searcher = Searcher(method, items)
        build = time.perf_counter() - began
        per: dict[str, list[int]] = {}
        latencies = []
        for i, (_anchor, spellings) in enumerate(groups):
            for spelling in spellings:
                t0 = time.perf_counter()
                hits = searcher.search(spelling)
                latencies.append(time.perf_counter() - t0)
                counts = per.setdefault(ev.script_of(spelling), [0, 0, 0])
                counts[0] += 1
                counts[1] += bool(hits) and hits[0] == f"g{i}"
                counts[2] += f"g{i}" in hits
        score = pair_score(method)
        f1 = best_f1([score(a, b) for a, b in positives], [score(a, b) for a, b in negatives])
        total = [sum(c[k] for c in per.values()) for k in range(3)]
        result[method] = {
            "scripts": {
                script: {"queries": n, "recall_at_1": r1 / n, "recall_at_10": r10 / n}
                for script, (n, r1, r10) in sorted(per.items())
            },
            "all": {
                "queries": total[0],
                "recall_at_1": total[1] / total[0],
                "recall_at_10": total[2] / total[0],
            },
            "pair_best_f1": f1,
            "latency_ms": {
                "median": 1000 * statistics.median(latencies),
                "p95": 1000 * quantile(latencies, 0.95),
                "index_build_s": build,
            },
            "seconds": round(time.perf_counter() - began, 1),
        }
        print(f"real-world {mode}: {method} in {result[method]['seconds']} s", file=sys.stderr)
    ours = result["ours"]["latency_ms"]
    result["latency_ratio_ours_to"] = {
        m: {k: ours[k] / result[m]["latency_ms"][k] for k in ("median", "p95")}
        for m in methods
        if m != "ours"
    }
    return result


def pct(value: float) -> str:
    return f"{100 * value:.1f}"


def markdown(results: list[dict[str, Any]], place: str) -> list[str]:
    """The report's section: one table per mode, per script, every method."""
    lines = [
        "## Real spellings: the shared Wikidata set",
        "",
        f"`{place}` (CC0; Merhav & Ash 2018), measured with its own protocol "
        "(`evaluate.py`: one Latin spelling of each name indexed among 20,000 other names, "
        "every other spelling a query). Never used to build the package's rules.",
        "",
    ]
    for result in results:
        title = (
            "Azerbaijani-looking names"
            if result["mode"] == "azerbaijani"
            else "names of every origin"
        )
        methods = [m for m in METHODS if m in result]
        scripts = sorted(result["ours"]["scripts"])
        lines += [
            f"### {title} ({result['names']} names, {result['queries']} queries, "
            f"{result['distractors']} distractors)",
            "",
            "| method | "
            + " | ".join(f"{s} r@1 / r@10" for s in scripts)
            + " | all r@1 / r@10 | pair best F1 | median / p95 latency |",
            "|---|" + "---:|" * (len(scripts) + 3),
        ]
        for method in methods:
            row = result[method]
            cells = [
                pct(row["scripts"][s]["recall_at_1"])
                + " / "
                + pct(row["scripts"][s]["recall_at_10"])
                for s in scripts
            ]
            lat = row["latency_ms"]
            lines.append(
                f"| {LABELS[method]} | "
                + " | ".join(cells)
                + f" | {pct(row['all']['recall_at_1'])} / {pct(row['all']['recall_at_10'])}"
                f" | {row['pair_best_f1']:.3f} | {lat['median']:.2f} / {lat['p95']:.2f} ms |"
            )
        queries = " · ".join(f"{s}: {result['ours']['scripts'][s]['queries']}" for s in scripts)
        ratios = result["latency_ratio_ours_to"]
        lines += [
            "",
            f"Queries by script: {queries}. Latency of ours as a share of each baseline's "
            "(brute force over all names): "
            + "; ".join(
                f"{LABELS[m]}: median {ratios[m]['median']:.2f}×, p95 {ratios[m]['p95']:.2f}×"
                for m in ratios
            )
            + ".",
            "",
        ]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realworld", type=Path, default=None, help="the names-realworld folder")
    parser.add_argument("--all", action="store_true", help="names of every origin")
    parser.add_argument("--methods", default=",".join(METHODS))
    args = parser.parse_args(argv)
    place = find_set(args.realworld)
    if place is None:
        sys.exit("names-realworld not found: pass --realworld DIR")
    result = measure(place, every_origin=args.all, methods=tuple(args.methods.split(",")))
    print("\n".join(markdown([result], str(place))))


if __name__ == "__main__":
    main()
