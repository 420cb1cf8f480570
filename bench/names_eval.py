"""Measure `diaspora.names` against three baselines on the gold set and on real spellings.

    python -m bench.names_eval          # what `make bench` runs

Reads bench/data/gold_names.csv (built by `python -m bench.gold_names`), splits the people
(clusters) into a fixed "tune" half and a "test" half, and measures three methods:

* ours        `diaspora.names.similarity` for pairs, `diaspora.names.NameIndex` for search;
* baseline A  lowercase, then rapidfuzz `fuzz.token_sort_ratio` / 100 (brute-force search
              with `rapidfuzz.process.extract` and the same scorer);
* baseline B  anyascii, lowercase, then the same as A;
* baseline C  a 20-line fold that knows the Azerbaijani letters, then the same as A
              (`names_realworld.az_fold`: what the issue measured the project against).

The real-world section (`names_realworld`) measures the same methods on the shared
Wikidata set (``../shared/names-realworld``): Azerbaijani-looking names and names of
every origin, each with that set's own protocol, per script of the query.

Pairs: positives are all pairs of spellings of one person; negatives a fixed sample,
NEG_RATIO times as many, half of them hard (two people whose names share a lowercase
anyascii word: a surname or a given name). Each method's threshold maximises F1 on the
tune half; precision, recall and F1 are reported on the test half, overall and by the
scripts of the two names.

Search: every name of both halves is indexed (the tune half as distractors); each test
name is a query; recall@1 and recall@10 count whether the best other result, or any of
the ten best other results, is a spelling of the same person. Latency per query is
reported as a ratio to ours, since the absolute times on a shared machine are noisy.

Writes bench/results/names_eval.json and bench/results/names_eval.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import re
import statistics
import sys
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import fuzz, process

from diaspora.names import NameIndex, similarity

from . import names_realworld

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "gold_names.csv"
RESULTS = HERE / "results"
COMMAND = "python -m bench.names_eval"
SEED = 7
NEG_RATIO = 20  # negatives per positive pair
HARD_SHARE = 0.5  # of the negatives, pairs of people sharing a name word
LIMIT = 10
# Patronymic markers: sharing one of these does not make two people look alike.
NOT_NAME_WORDS = frozenset({"oglu", "ogly", "oghlu", "qizi", "kyzy", "gizi", "kizi", "ogy"})
WORD = re.compile(r"[a-z]+")
METHODS = ("ours", "baseline_a", "baseline_b", "baseline_c")
LABELS = {
    "ours": "ours (diaspora.names)",
    "baseline_a": "A: lower + token_sort_ratio",
    "baseline_b": "B: anyascii + lower + token_sort_ratio",
    "baseline_c": names_realworld.LABELS["baseline_c"],
}


@dataclass(frozen=True)
class Entry:
    number: int
    cluster: str
    style: str
    script: str
    sex: str
    name: str
    split: str


def split_of(cluster: str) -> str:
    return "tune" if zlib.crc32(cluster.encode()) % 2 == 0 else "test"


def load(path: Path) -> list[Entry]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Entry(
                number,
                row["cluster"],
                row["style"],
                row["script"],
                row["sex"],
                row["name"],
                split_of(row["cluster"]),
            )
            for number, row in enumerate(csv.DictReader(handle))
        ]


# --------------------------------------------------------------------------------------
# Methods


def lower_only(name: str) -> str:
    return name.lower()


def ascii_lower(name: str) -> str:
    return anyascii(name).lower()


def rapidfuzz_pair(prepare: Callable[[str], str]) -> Callable[[str, str], float]:
    def score(a: str, b: str) -> float:
        return fuzz.token_sort_ratio(prepare(a), prepare(b)) / 100

    return score


PAIR_SCORERS: dict[str, Callable[[str, str], float]] = {
    "ours": similarity,
    "baseline_a": rapidfuzz_pair(lower_only),
    "baseline_b": rapidfuzz_pair(ascii_lower),
    "baseline_c": rapidfuzz_pair(names_realworld.az_fold),
}
PREPARE = {
    "baseline_a": lower_only,
    "baseline_b": ascii_lower,
    "baseline_c": names_realworld.az_fold,
}


class Searcher:
    """`search(entry)` -> entry numbers of the best matches other than the entry itself."""

    def __init__(self, method: str, corpus: list[Entry]) -> None:
        self.method = method
        self.numbers = [entry.number for entry in corpus]
        started = time.perf_counter()
        if method == "ours":
            self.index = NameIndex()
            self.index.add_many((entry.number, entry.name) for entry in corpus)
        else:
            self.prepare = PREPARE[method]
            self.choices = [self.prepare(entry.name) for entry in corpus]
        self.build_seconds = time.perf_counter() - started

    def search(self, query: Entry) -> list[int]:
        if self.method == "ours":
            found = [number for number, _score in self.index.search(query.name, limit=LIMIT + 1)]
        else:
            found = [
                self.numbers[position]
                for _choice, _score, position in process.extract(
                    self.prepare(query.name),
                    self.choices,
                    scorer=fuzz.token_sort_ratio,
                    limit=LIMIT + 1,
                )
            ]
        return [number for number in found if number != query.number][:LIMIT]


# --------------------------------------------------------------------------------------
# Pairs


def name_words(name: str) -> set[str]:
    return {w for w in WORD.findall(ascii_lower(name)) if len(w) >= 3} - NOT_NAME_WORDS


def sample_pairs(entries: list[Entry], rng: random.Random) -> list[tuple[Entry, Entry, int, bool]]:
    """(a, b, label, hard): every positive pair, and NEG_RATIO times as many negatives."""
    by_cluster: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_cluster[entry.cluster].append(entry)
    positives = [
        (a, b, 1, False) for group in by_cluster.values() for a, b in combinations(group, 2)
    ]
    n_negative = NEG_RATIO * len(positives)

    by_word: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for word in name_words(entry.name):
            by_word[word].append(entry)
    hard_pool: set[tuple[int, int]] = set()
    for holders in by_word.values():
        for a, b in combinations(holders, 2):
            if a.cluster != b.cluster:
                hard_pool.add((min(a.number, b.number), max(a.number, b.number)))
    n_hard = min(len(hard_pool), round(n_negative * HARD_SHARE))
    hard = set(rng.sample(sorted(hard_pool), n_hard))

    chosen = set(hard)
    while len(chosen) < n_negative:
        a, b = rng.sample(entries, 2)
        if a.cluster == b.cluster:
            continue
        chosen.add((min(a.number, b.number), max(a.number, b.number)))
    by_number = {entry.number: entry for entry in entries}
    negatives = [(by_number[x], by_number[y], 0, (x, y) in hard_pool) for x, y in sorted(chosen)]
    return positives + negatives


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def best_threshold(scores: list[float], labels: list[int]) -> float:
    """The threshold t (predict 'same' when score >= t) that maximises F1."""
    order = sorted(zip(scores, labels, strict=True), key=lambda item: -item[0])
    total_pos = sum(labels)
    tp = fp = 0
    best_f1, best_t = -1.0, 1.0
    for position, (score, label) in enumerate(order):
        tp += label
        fp += 1 - label
        following = order[position + 1][0] if position + 1 < len(order) else None
        if following == score:
            continue  # a threshold cannot split equal scores
        f1 = prf(tp, fp, total_pos - tp)["f1"]
        if f1 > best_f1:
            best_f1 = f1
            best_t = score if following is None else (score + following) / 2
    return best_t


def evaluate_pairs(
    pairs: list[tuple[Entry, Entry, int, bool]], scores: list[float], threshold: float
) -> dict[str, object]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for (a, b, label, hard), score in zip(pairs, scores, strict=True):
        predicted = score >= threshold
        outcome = ("tp" if predicted else "fn") if label else ("fp" if predicted else "tn")
        group = " ↔ ".join(sorted((a.script, b.script)))
        for key in ("all", group):
            counts[key][outcome] += 1
            counts[key]["pos" if label else "neg"] += 1
        if not label and hard:
            counts["all"]["hard"] += 1
            counts["all"]["hard_fp"] += predicted
    out: dict[str, object] = {}
    for key, c in counts.items():
        out[key] = {
            **{k: round(v, 4) for k, v in prf(c["tp"], c["fp"], c["fn"]).items()},
            "positives": c["pos"],
            "negatives": c["neg"],
            "false_positives": c["fp"],
            "false_negatives": c["fn"],
        }
    hard_total = counts["all"]["hard"]
    out["all"]["hard_negatives"] = hard_total  # type: ignore[index]
    out["all"]["hard_negative_fp_rate"] = round(  # type: ignore[index]
        counts["all"]["hard_fp"] / hard_total if hard_total else 0.0, 4
    )
    return out


def score_pairs(method: str, pairs: Iterable[tuple[Entry, Entry, int, bool]]) -> list[float]:
    scorer = PAIR_SCORERS[method]
    return [scorer(a.name, b.name) for a, b, _label, _hard in pairs]


# --------------------------------------------------------------------------------------
# Search


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def evaluate_search(
    method: str, corpus: list[Entry], queries: list[Entry]
) -> tuple[dict[str, object], list[dict[str, object]]]:
    by_number = {entry.number: entry for entry in corpus}
    searcher = Searcher(method, corpus)
    hits: dict[str, Counter[str]] = defaultdict(Counter)
    latencies: list[float] = []
    misses: list[dict[str, object]] = []
    for query in queries:
        started = time.perf_counter()
        found = searcher.search(query)
        latencies.append(time.perf_counter() - started)
        same = [by_number[n].cluster == query.cluster for n in found]
        at1 = bool(same) and same[0]
        at10 = any(same)
        for key in ("all", f"script:{query.script}", f"style:{query.style}"):
            hits[key]["n"] += 1
            hits[key]["at1"] += at1
            hits[key]["at10"] += at10
        if not at1:
            expected = [e.name for e in corpus if e.cluster == query.cluster and e != query]
            misses.append(
                {
                    "query": query.name,
                    "style": query.style,
                    "expected": expected,
                    "returned": [by_number[n].name for n in found[:3]],
                    "rank": same.index(True) + 1 if at10 else None,
                }
            )
    result: dict[str, object] = {
        key: {
            "queries": c["n"],
            "recall_at_1": round(c["at1"] / c["n"], 4),
            "recall_at_10": round(c["at10"] / c["n"], 4),
        }
        for key, c in hits.items()
    }
    result["latency_ms"] = {
        "median": round(1000 * statistics.median(latencies), 3),
        "p95": round(1000 * quantile(latencies, 0.95), 3),
        "index_build_s": round(searcher.build_seconds, 3),
    }
    return result, misses


def left_out_recovered(
    corpus: list[Entry], queries: list[Entry], misses: list[dict[str, object]]
) -> int:
    """A diagnostic: how many of ours' recall@10 misses come right when the query itself
    is not in the index. With it indexed, each query word is in the vocabulary, so the
    index never turns to its edit-distance fallback; a large registry is like that too,
    since other people share the spelling."""
    missed = {str(m["query"]) for m in misses}
    recovered = 0
    for query in queries:
        if query.name not in missed:
            continue
        others = [entry for entry in corpus if entry.number != query.number]
        searcher = Searcher("ours", others)
        clusters = {entry.number: entry.cluster for entry in others}
        recovered += any(clusters[n] == query.cluster for n in searcher.search(query))
    return recovered


# --------------------------------------------------------------------------------------
# Report


def pct(value: float) -> str:
    return f"{100 * value:.1f}"


def markdown(report: dict[str, object]) -> str:
    data: dict = report  # type: ignore[type-arg]
    lines = [
        "# Names: diaspora.names against the baselines, on the gold set and on real spellings",
        "",
        f"Command: `{data['command']}` · data: `{data['data']}` · "
        f"{data['dataset']['names']} names of {data['dataset']['people']} people "
        f"(test half: {data['dataset']['test_names']} names, "
        f"{data['dataset']['test_people']} people) · run took {data['seconds']} s.",
        "",
        "## Pair classification (test half, threshold tuned on the tune half)",
        "",
        "| method | threshold | precision | recall | F1 | hard-negative FP rate |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    pairs = data["pairs"]
    for method in METHODS:
        row = pairs["test"][method]["all"]
        lines.append(
            f"| {LABELS[method]} | {pairs['thresholds'][method]:.3f} | {pct(row['precision'])} "
            f"| {pct(row['recall'])} | {pct(row['f1'])} | {pct(row['hard_negative_fp_rate'])} |"
        )
    lines += [
        "",
        f"Test pairs: {pairs['test_counts']['positives']} positive, "
        f"{pairs['test_counts']['negatives']} negative "
        f"({pairs['test_counts']['hard_negatives']} hard).",
        "",
        "### F1 (precision / recall) by the scripts of the two names",
        "",
        "| scripts | pos | neg | " + " | ".join(LABELS[m] for m in METHODS) + " |",
        "|---|---:|---:|" + "---:|" * len(METHODS),
    ]
    groups = sorted(
        (k for k in pairs["test"]["ours"] if k != "all"),
        key=lambda k: -pairs["test"]["ours"][k]["positives"],
    )
    for group in groups:
        first = pairs["test"]["ours"][group]
        cells = []
        for method in METHODS:
            row = pairs["test"][method][group]
            cells.append(f"{pct(row['f1'])} ({pct(row['precision'])} / {pct(row['recall'])})")
        lines.append(
            f"| {group} | {first['positives']} | {first['negatives']} | " + " | ".join(cells) + " |"
        )
    search = data["search"]
    lines += [
        "",
        f"## Search ({search['indexed']} names indexed, {search['queries']} queries)",
        "",
        "| method | recall@1 | recall@10 | median latency | p95 latency | index build |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for method in METHODS:
        row = search[method]
        lat = row["latency_ms"]
        lines.append(
            f"| {LABELS[method]} | {pct(row['all']['recall_at_1'])} | "
            f"{pct(row['all']['recall_at_10'])} | {lat['median']:.2f} ms | {lat['p95']:.2f} ms "
            f"| {lat['index_build_s']:.2f} s |"
        )
    ratios = search["latency_ratio_ours_to"]
    lines += [
        "",
        "Latency of ours as a share of each baseline's (brute force over all names): "
        + "; ".join(
            f"{LABELS[m]}: median {ratios[m]['median']:.2f}×, p95 {ratios[m]['p95']:.2f}×"
            for m in METHODS[1:]
        )
        + ". Absolute times are from a shared machine; the ratios are what to compare.",
        "",
    ]
    for prefix, heading in (("script:", "query script"), ("style:", "query style")):
        lines += [
            f"### Recall@1 / recall@10 by {heading}",
            "",
            f"| {heading} | queries | " + " | ".join(LABELS[m] for m in METHODS) + " |",
            "|---|---:|" + "---:|" * len(METHODS),
        ]
        keys = sorted(
            (k for k in search["ours"] if k.startswith(prefix)),
            key=lambda k: -search["ours"][k]["queries"],
        )
        for key in keys:
            cells = [
                f"{pct(search[m][key]['recall_at_1'])} / {pct(search[m][key]['recall_at_10'])}"
                for m in METHODS
            ]
            lines.append(
                f"| {key[len(prefix) :]} | {search['ours'][key]['queries']} | "
                + " | ".join(cells)
                + " |"
            )
        lines.append("")
    misses = data["ours_misses"]
    lines += [
        f"## Where ours misses ({misses['at_10']} queries with no right answer in the top 10, "
        f"{misses['at_1']} with a wrong first answer)",
        "",
        "Misses at 10 by query style: "
        + ", ".join(f"{k} {v}" for k, v in misses["at_10_by_style"].items())
        + f". Found when the query itself is left out of the index: "
        f"{misses['at_10_found_with_query_left_out']} of {misses['at_10']}. "
        f"Misses whose right answer `similarity` scores above the pair threshold "
        "(a search miss, not a similarity miss): "
        f"{misses['at_10_with_similarity_above_threshold']} of {misses['at_10']}.",
        "",
        "| query (style) | expected (other spellings) | ours returned (top 3) |",
        "|---|---|---|",
    ]
    for miss in misses["examples"]:
        lines.append(
            f"| {miss['query']} ({miss['style']}) | {'; '.join(miss['expected'])} | "
            f"{'; '.join(miss['returned'])} |"
        )
    if "realworld" in data:
        lines += [""] + names_realworld.markdown(
            data["realworld"]["results"], data["realworld"]["place"]
        )
    lines += ["", f"Python {data['python']} on {data['machine']}.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--realworld", type=Path, default=None, help="the shared names-realworld folder"
    )
    parser.add_argument(
        "--realworld-modes",
        default="azerbaijani,all",
        help="which real-world modes to measure (azerbaijani, all; empty: none)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()

    entries = load(args.data)
    tune = [e for e in entries if e.split == "tune"]
    test = [e for e in entries if e.split == "test"]
    rng = random.Random(SEED)
    tune_pairs = sample_pairs(tune, rng)
    test_pairs = sample_pairs(test, rng)

    thresholds: dict[str, float] = {}
    pair_results: dict[str, dict[str, object]] = {"tune": {}, "test": {}}
    pair_seconds: dict[str, float] = {}
    for method in METHODS:
        began = time.perf_counter()
        tune_scores = score_pairs(method, tune_pairs)
        thresholds[method] = round(
            best_threshold(tune_scores, [label for _a, _b, label, _h in tune_pairs]), 4
        )
        test_scores = score_pairs(method, test_pairs)
        pair_seconds[method] = round(time.perf_counter() - began, 2)
        pair_results["tune"][method] = evaluate_pairs(tune_pairs, tune_scores, thresholds[method])[
            "all"
        ]
        pair_results["test"][method] = evaluate_pairs(test_pairs, test_scores, thresholds[method])
        print(f"pairs scored: {method} in {pair_seconds[method]} s", file=sys.stderr)

    corpus = test + tune
    search: dict[str, object] = {"indexed": len(corpus), "queries": len(test)}
    ours_misses: list[dict[str, object]] = []
    for method in METHODS:
        result, misses = evaluate_search(method, corpus, test)
        search[method] = result
        if method == "ours":
            ours_misses = misses
        print(f"search done: {method}", file=sys.stderr)
    ours_latency = search["ours"]["latency_ms"]  # type: ignore[index]
    search["latency_ratio_ours_to"] = {
        method: {
            key: round(ours_latency[key] / search[method]["latency_ms"][key], 3)  # type: ignore[index]
            for key in ("median", "p95")
        }
        for method in METHODS[1:]
    }
    misses_at_10 = [m for m in ours_misses if m["rank"] is None]
    recovered = left_out_recovered(corpus, test, misses_at_10)
    for miss in misses_at_10:  # would `similarity` have said yes, had the index scored it?
        best = max(similarity(str(miss["query"]), str(name)) for name in miss["expected"])
        miss["best_similarity"] = round(best, 3)
    scored_above = sum(m["best_similarity"] >= thresholds["ours"] for m in misses_at_10)
    report = {
        "command": COMMAND,
        "data": str(args.data.relative_to(HERE.parent))
        if args.data.is_relative_to(HERE.parent)
        else str(args.data),
        "dataset": {
            "names": len(entries),
            "people": len({e.cluster for e in entries}),
            "tune_names": len(tune),
            "tune_people": len({e.cluster for e in tune}),
            "test_names": len(test),
            "test_people": len({e.cluster for e in test}),
            "by_style": dict(Counter(e.style for e in entries).most_common()),
            "by_script": dict(Counter(e.script for e in entries).most_common()),
        },
        "pairs": {
            "thresholds": thresholds,
            "negatives_per_positive": NEG_RATIO,
            "hard_share": HARD_SHARE,
            "test_counts": {
                "positives": sum(label for _a, _b, label, _h in test_pairs),
                "negatives": sum(1 - label for _a, _b, label, _h in test_pairs),
                "hard_negatives": sum(1 for _a, _b, label, h in test_pairs if h and not label),
            },
            "tune": pair_results["tune"],
            "test": pair_results["test"],
            "seconds": pair_seconds,
        },
        "search": search,
        "ours_misses": {
            "at_1": len(ours_misses),
            "at_10": len(misses_at_10),
            "at_10_by_style": dict(Counter(m["style"] for m in misses_at_10).most_common()),
            "at_1_by_style": dict(Counter(m["style"] for m in ours_misses).most_common()),
            "at_10_found_with_query_left_out": recovered,
            "at_10_with_similarity_above_threshold": scored_above,
            "examples": (misses_at_10 + [m for m in ours_misses if m["rank"] is not None])[:40],
        },
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} CPUs",
    }
    place = names_realworld.find_set(args.realworld)
    modes = [m for m in args.realworld_modes.split(",") if m]
    if place is not None and modes:
        report["realworld"] = {
            "place": str(place),
            "results": [
                names_realworld.measure(place, every_origin=mode == "all") for mode in modes
            ],
        }
    elif modes:
        print("names-realworld not found: the real-world section is left out", file=sys.stderr)
    report["seconds"] = round(time.perf_counter() - started, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "names_eval.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    text = markdown(report)
    (args.out / "names_eval.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
