"""bench/results/duplicates.md from a run of bench/duplicates.py."""

from __future__ import annotations

from collections import Counter

LABELS = {
    "ours": "ours: `duplicates.scan()`",
    "splink_raw": "Splink 5 (DuckDB), names as stored",
    "splink_anyascii": "Splink 5 (DuckDB), names through anyascii",
}


def pct(value: float) -> str:
    return f"{value:.3f}"


def data_summary(data) -> list[str]:
    records = data.records
    people = Counter(r.person for r in records)
    repeated = sum(1 for n in people.values() if n > 1)
    extra = sum(n - 1 for n in people.values())
    styles = Counter(r.style for r in records)
    kinds = Counter(r.kind for r in records if r.kind)
    return [
        f"* {len(records):,} records of {len(people):,} people; {repeated:,} people "
        f"({repeated / len(people):.1%}) registered more than once, {extra:,} repeat records "
        f"({extra / len(records):.1%} of the records).",
        "* Spellings: "
        + ", ".join(f"{style} {count / len(records):.1%}" for style, count in styles.most_common())
        + ".",
        f"* Known birth dates {sum(r.birth_date is not None for r in records) / len(records):.0%}, "
        f"emails {sum(bool(r.email) for r in records) / len(records):.0%}, "
        f"phones {sum(bool(r.phone) for r in records) / len(records):.0%}.",
        "* Hard non-duplicates made on purpose: "
        + ", ".join(f"{count:,} {kind}" for kind, count in kinds.most_common())
        + " records, besides the namesakes that common names make by chance.",
    ]


def markdown(run: dict, data) -> str:
    systems = run["systems"]
    env = run["environment"]
    ours = systems.get("ours")
    lines = [
        "# Duplicate scan at registry scale: ours against Splink",
        "",
        "Written by `python -m bench.duplicates` (`make bench-duplicates`); see "
        "`bench/README.md` for the method and its caveats.",
        "",
        f"Run {env['date']} at commit {env['git_commit']}, {env['nproc']} cores (shared), "
        f"Python {env['python']}, Splink {env['splink']}, DuckDB {env['duckdb']}; "
        "the registry on SQLite.",
        "",
        "## Data",
        "",
        *data_summary(data),
        f"* {run['truth_pairs']:,} true duplicate pairs.",
    ]
    if "load" in run:
        load = run["load"]
        lines += [
            f"* Loaded through `register_many` in {load['register_s']:.0f} s "
            f"({len(data.records) / load['register_s']:,.0f} records/s; peak "
            f"{load['peak_mb']:,.0f} MB), after {load['setup_s']:.0f} s of migrations and "
            "organisations.",
        ]
    lines += [
        "",
        "## Results",
        "",
        "Pairwise against the truth. Time is wall-clock from start to the pairs written "
        "(ours: the scan, reading SQLite and writing `DuplicatePair`; Splink: reading the "
        "Parquet export, training and predicting); CPU is the processor time of all the "
        "process's threads (DuckDB may run several, ours runs one), less moved by other "
        "work on the machine; memory is the process's peak RSS. Ratios are the system's "
        "over ours.",
        "",
        "| system | counted as a duplicate | time s | CPU s | peak MB | precision | recall "
        "| F1 | pairs | time × ours | CPU × ours | memory × ours |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, step in systems.items():
        label = LABELS.get(name, name)
        rows = []
        if name == "ours":
            rows.append(("every pair raised (same + review)", step["scores"]["all"]))
            rows.append(("'the same person' only", step["scores"]["same"]))
        else:
            best = step["scores"]["all"]
            rows.append((f"probability ≥ {best['threshold']:.3f} (best F1 on the truth)", best))
            rows.append(("probability ≥ 0.5", step["scores"]["fixed"]))
        for how, score in rows:
            ratios = [
                step[key] / ours[key] if ours else float("nan")
                for key in ("seconds", "cpu_s", "peak_mb")
            ]
            lines.append(
                f"| {label} | {how} | {step['seconds']:.0f} | {step['cpu_s']:.0f} "
                f"| {step['peak_mb']:,.0f} | {pct(score['precision'])} | {pct(score['recall'])} "
                f"| **{pct(score['f1'])}** | {score['predicted']:,} | "
                + " | ".join(f"{ratio:.2f}" for ratio in ratios)
                + " |"
            )
    lines += [
        "",
        "Every run's time, in the order run (the systems took turns; the table shows "
        "each one's fastest): "
        + "; ".join(
            f"{name} " + ", ".join(f"{t:.0f}" for t in step.get("times", [step["seconds"]])) + " s"
            for name, step in systems.items()
        )
        + ".",
        "",
        "## Hard non-duplicates raised",
        "",
        "Pairs of records of two labelled relatives or namesakes, and how many each system "
        "counts as one person (Splink at its best-F1 threshold).",
        "",
        "| kind | pairs | " + " | ".join(systems) + " |",
        "|---|---:|" + "---:|" * len(systems),
    ]
    kinds = sorted({k for step in systems.values() for k in step["scores"]["hard"]})
    for kind in kinds:
        pairs = next(s["scores"]["hard"][kind]["pairs"] for s in systems.values())
        cells = [str(s["scores"]["hard"].get(kind, {}).get("raised", 0)) for s in systems.values()]
        lines.append(f"| {kind} | {pairs:,} | " + " | ".join(cells) + " |")
    splinks = {n: s for n, s in systems.items() if n.startswith("splink")}
    if splinks:
        lines += [
            "",
            "## Splink's time",
            "",
            "Training dominates. A model trained once and saved can score the next scan "
            "without it: then Splink's time is the prepare and predict columns.",
            "",
            "| variant | prepare s | train s | predict s | pairs scored ≥ 0.01 |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, step in splinks.items():
            lines.append(
                f"| {name} | {step['prepare_s']:.0f} | {step['train_s']:.0f} "
                f"| {step['predict_s']:.0f} | {step['scores']['compared_pairs_kept']:,} |"
            )
    return "\n".join(lines) + "\n"
