"""The baseline of bench/duplicates.py: Splink 5 on DuckDB, set up as its docs teach.

    .venv/bin/python -m bench.duplicates_splink --child splink_raw --size N --out result.json

Input: the registry's people exported to Parquet by bench/duplicates.py (id, the full
name and the given name, surname and patronymic the registry parsed from it, birth date,
email, phone, city). Two variants:

* `splink_raw`       names lowercased, as stored;
* `splink_anyascii`  names through anyascii first (Алиев → Aliev, Əliyev → Eliyev,
                     علی‌یف → ly'f), the usual cure for mixed scripts.

The model: `ForenameSurnameComparison` (Jaro-Winkler 0.92/0.88 on each, the two swapped,
term frequencies), Jaro-Winkler on the patronymic, `DateOfBirthComparison` (exact, a
month, a year, ten years, and Damerau-Levenshtein ≤ 1 on the string for typos and
day/month swaps), `EmailComparison`, phone exact, city exact with term frequencies.
Blocking for predictions: given+surname, surname+birth date, given+birth date, email,
phone, and the first letters of both names with the birth year (a union of rules).
Training as in Splink's tutorials: the prior from deterministic rules, u by random
sampling, m by EM over two blocking rules. Everything from reading the Parquet file to
the scored pairs (probability ≥ 0.01, written to Parquet) is timed.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import time
from pathlib import Path

from bench import duplicates_data

WORK = duplicates_data.CACHE
KEEP = 0.01
EM_BLOCKS = [("email",), ("birth_date",)]  # tried on 100k: the best of five choices


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime  # every thread of DuckDB's


def blocking_rules(block_on):
    return [
        block_on("first_name", "surname"),
        block_on("birth_date"),
        block_on("email"),
        block_on("phone"),
        block_on("substr(first_name, 1, 2)", "substr(surname, 1, 2)", "year(birth_date)"),
    ]


def prepare(connection, size: int, variant: str) -> None:
    """The input table `people`: names folded (lowercase, or anyascii then lowercase)."""
    source = WORK / f"people-{size}.parquet"
    fold = "lower(trim({}))"
    if variant == "anyascii":
        # Distinct words are few: map them in Python (a DuckDB UDF would need numpy).
        from anyascii import anyascii

        words = connection.execute(
            f"""SELECT DISTINCT w FROM (
                  SELECT unnest([given_name, surname, patronymic]) AS w FROM '{source}')
                WHERE w IS NOT NULL"""
        ).fetchall()
        connection.execute("CREATE TABLE ascii (written VARCHAR PRIMARY KEY, folded VARCHAR)")
        connection.executemany(
            "INSERT INTO ascii VALUES (?, ?)", [(w, anyascii(w)) for (w,) in words]
        )
        fold = "lower(trim((SELECT folded FROM ascii WHERE written = {})))"
    first, surname, patronymic = (fold.format(c) for c in ("given_name", "surname", "patronymic"))
    connection.execute(
        f"""CREATE TABLE people AS
            SELECT unique_id,
                   nullif({first}, '') AS first_name,
                   nullif({surname}, '') AS surname,
                   nullif({patronymic}, '') AS patronymic,
                   birth_date, lower(email) AS email, phone, city
            FROM '{source}'"""
    )
    # ForenameSurnameComparison compares the two names joined, to catch them swapped.
    connection.execute(
        """ALTER TABLE people ADD COLUMN first_name_surname_concat VARCHAR;
           UPDATE people SET first_name_surname_concat =
               nullif(trim(coalesce(first_name, '') || ' ' || coalesce(surname, '')), '')"""
    )


def run(size: int, variant: str) -> dict:
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    started, cpu = time.perf_counter(), cpu_s()
    connection = duckdb.connect()
    prepare(connection, size, variant)
    db_api = DuckDBAPI(connection)
    people = db_api.register("people")
    prepared_s = time.perf_counter() - started
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=blocking_rules(block_on),
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name",
                "surname",
                forename_surname_concat_col_name="first_name_surname_concat",
            ),
            cl.JaroWinklerAtThresholds("patronymic", [0.92, 0.8]),
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
            cl.EmailComparison("email"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker(people, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "birth_date"), block_on("email")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    for rule in EM_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*rule), record_sample_proportion=1.0
        )
    trained_s = time.perf_counter() - started
    predictions = linker.inference.predict(threshold_match_probability=KEEP)
    out = WORK / f"{variant}-{size}.parquet"
    out.unlink(missing_ok=True)
    db_api._execute_sql_against_backend(
        f"COPY (SELECT unique_id_l, unique_id_r, match_probability "
        f"FROM {predictions.physical_name}) TO '{out}' (FORMAT parquet)"
    )
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_s": cpu_s() - cpu,
        "prepare_s": prepared_s,
        "train_s": trained_s - prepared_s,
        "predict_s": seconds - trained_s,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "predictions": str(out),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", required=True, choices=["splink_raw", "splink_anyascii"])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    result = run(args.size, args.child.removeprefix("splink_"))
    Path(args.out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
