"""The person-search benchmark's data: N people and a query set, deterministic from a seed.

Identities are drawn as diaspora/demo_data/build.py draws them (country by community
size, Zipf-ish surname rank, given name, father, sex; the country decides the mix of
spelling styles; 2% of people registered twice) and spelled with the demo data's own
`spelling_of` (which calls `spellings.spell` / `spell_persian`). Each distinct spelling's
name words come from the app's code (`name_words.words_of`, i.e. `names.index_words`),
its pairs from `name_words.pairs_of`; NameWord ids are assigned here.

People are kept as two arrays (index of the distinct spelling, name identity) so that
10M people fit in memory; the dataset is cached under /tmp as a pickle.

A name identity is (Azerbaijani or Persian name list, sex, surname index, given-name
index): two records of one identity carry the same name, spelled alike or not.

Needs Django set up (build.py and name_words import models); touches no database.
"""

from __future__ import annotations

import hashlib
import pickle
import random
import time
from array import array
from bisect import bisect
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate
from multiprocessing import get_context
from pathlib import Path
from types import SimpleNamespace

DATA_VERSION = 2
SEED = 2025
CACHE = Path("/tmp/diaspora-bench-search")
AZ_STYLES = ("latin_az", "passport", "cyrillic", "turkish")
PERSIAN_STYLES = ("persian", "persian_latin")
SURNAME_RANKS = 400  # as build.py: zipf_index(rng, 400), given/father randrange(400)


@dataclass
class Query:
    text: str
    identity: int
    style: str  # the query's spelling style (+ "+caps" when upper-cased)
    stored_style: str  # the style of the stored record it was drawn from
    person: int  # 0-based index of that record


@dataclass
class Dataset:
    size: int
    seed: int
    # distinct spellings: (full_name, given, surname, patronymic, sex, script)
    spellings: list[tuple[str, str, str, str, str, str]]
    person_spelling: array  # person index -> spelling index
    person_identity: array  # person index -> name identity code
    words: list[tuple[str, str]]  # word id - 1 -> (base, skeleton)
    spelling_words: list[tuple[tuple[int, bool], ...]]  # spelling -> ((word id, patronymic),)
    spelling_pairs: list[tuple[int, ...]]
    queries: list[Query]  # `warmup` warm-up queries, then the measured ones, then `fresh`
    warmup: int
    fresh: int  # the last queries: a second set, for timing ours on its own
    style_counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def identity_label(self, code: int) -> str:
        return describe_identity(code)


def identity_code(persian: bool, female: bool, surname: int, given: int) -> int:
    return (((int(persian) << 1) | int(female)) << 16) | (surname << 8) | given


def describe_identity(code: int) -> str:
    from diaspora.demo_data.names import (
        FEMALE_GIVEN,
        MALE_GIVEN,
        PERSIAN_GIVEN_FEMALE,
        PERSIAN_GIVEN_MALE,
        PERSIAN_SURNAMES,
        SURNAMES,
    )

    persian, female = bool(code >> 17 & 1), bool(code >> 16 & 1)
    surname, given = code >> 8 & 0xFF, code & 0xFF
    if persian:
        names = PERSIAN_GIVEN_FEMALE if female else PERSIAN_GIVEN_MALE
        return f"{names[given][1]} {PERSIAN_SURNAMES[surname][1]} ({'f' if female else 'm'})"
    names = FEMALE_GIVEN if female else MALE_GIVEN
    return f"{names[given].az} {SURNAMES[surname].az} ({'f' if female else 'm'})"


def _index_chunk(names: list[str]) -> list[tuple[str, dict[str, tuple[str, bool]]]]:
    """(script, words) of each full name, with the app's own code."""
    from diaspora.names import detect_script
    from diaspora.people.name_words import words_of

    people = [
        SimpleNamespace(pk=i, full_name=name, merged_into_id=None) for i, name in enumerate(names)
    ]
    held = words_of(people)  # type: ignore[arg-type]
    return [(detect_script(name), held[i]) for i, name in enumerate(names)]


def generate(
    size: int,
    *,
    queries: int = 300,
    warmup: int = 30,
    fresh: int = 0,
    query_pool: int | None = None,
    seed: int = SEED,
    log=print,
) -> Dataset:
    """`size` people; `queries` (+ `warmup`) queries drawn from the first `query_pool`
    people, so that every query's identity is stored in every prefix that large."""
    from diaspora.demo_data.build import (
        Identity,
        spelling_of,
        style_for,
        weights,
    )
    from diaspora.demo_data.geography import COUNTRIES
    from diaspora.demo_data.names import (
        FEMALE_GIVEN,
        MALE_GIVEN,
        PERSIAN_GIVEN_FEMALE,
        PERSIAN_GIVEN_MALE,
        PERSIAN_SURNAMES,
        SURNAMES,
    )
    from diaspora.people.name_words import pairs_of

    started = time.perf_counter()
    rng = random.Random(seed)
    picker = random.Random(seed + 1)
    pool = min(query_pool or size, size)
    sample = picker.sample(range(pool), queries + warmup)
    taken = set(sample)
    # Drawn apart so that the measured queries do not depend on how many fresh ones.
    spare = random.Random(seed + 3)
    while len(sample) < queries + warmup + fresh:
        person = spare.randrange(pool)
        if person not in taken:
            taken.add(person)
            sample.append(person)
    chosen = set(sample)
    drawn: dict[int, tuple[Identity, str, int]] = {}

    codes = list(COUNTRIES)
    cumulative = list(accumulate(weights(codes)))
    total = cumulative[-1]
    n_sur, n_male, n_female = len(SURNAMES), len(MALE_GIVEN), len(FEMALE_GIVEN)
    n_psur, n_pmale, n_pfemale = (
        len(PERSIAN_SURNAMES),
        len(PERSIAN_GIVEN_MALE),
        len(PERSIAN_GIVEN_FEMALE),
    )

    def code_of(identity: Identity, style: str) -> int:
        if style.startswith("persian"):
            given = identity.given % (n_pfemale if identity.female else n_pmale)
            return identity_code(True, identity.female, identity.surname % n_psur, given)
        given = identity.given % (n_female if identity.female else n_male)
        return identity_code(False, identity.female, identity.surname % n_sur, given)

    index: dict[tuple, int] = {}
    spellings: list[tuple[str, str, str, str, str]] = []
    person_spelling = array("I")
    person_identity = array("I")
    style_counts: Counter[str] = Counter()
    rand = rng.random
    randrange = rng.randrange

    last = len(codes) - 1
    while len(person_spelling) < size:
        # build.build_people: country, identity, (pupil, birth date, city: not needed),
        # a duplicate record for 2%, each record spelled in the country's style mix.
        code = codes[bisect(cumulative, rand() * total, 0, last)]
        identity = Identity(
            female=rand() < 0.5,
            surname=min(int(SURNAME_RANKS ** rand()) - 1, SURNAME_RANKS - 1),
            given=randrange(400),
            father=randrange(400),
        )
        records = 2 if rand() < 0.02 else 1
        for _copy in range(records):
            if len(person_spelling) >= size:
                break
            style = style_for(code, rng)
            spelling = spelling_of(identity, style, rng)
            sex = "f" if identity.female else "m"
            key = (spelling.full_name, spelling.given, spelling.surname, spelling.patronymic, sex)
            number = index.get(key)
            if number is None:
                number = index[key] = len(spellings)
                spellings.append(key)
            person = len(person_spelling)
            person_spelling.append(number)
            person_identity.append(code_of(identity, style))
            style_counts[style] += 1
            if person in chosen:
                drawn[person] = (identity, style, person_identity[-1])
            if person % 1_000_000 == 999_999:
                log(f"  drawn {person + 1:,} people, {len(spellings):,} distinct spellings")
    del index
    drawn_at = time.perf_counter()

    # Name words of each distinct spelling, with the app's code, on both cores.
    names = [spelling[0] for spelling in spellings]
    chunk = 50_000
    parts = [names[i : i + chunk] for i in range(0, len(names), chunk)]
    with get_context("fork").Pool(2) as workers:
        indexed = [item for part in workers.imap(_index_chunk, parts) for item in part]
    del names, parts
    word_id: dict[str, int] = {}
    words: list[tuple[str, str]] = []
    spelling_words: list[tuple[tuple[int, bool], ...]] = []
    spelling_pairs: list[tuple[int, ...]] = []
    full: list[tuple[str, str, str, str, str, str]] = []
    for spelling, (script, held) in zip(spellings, indexed, strict=True):
        ids = []
        for base, (skeleton, patronymic) in held.items():
            number = word_id.get(base)
            if number is None:
                words.append((base, skeleton))
                number = word_id[base] = len(words)
            ids.append((number, patronymic))
        spelling_words.append(tuple(ids))
        spelling_pairs.append(tuple(sorted(pairs_of([number for number, _p in ids]))))
        full.append((*spelling, script))
    del indexed, spellings
    indexed_at = time.perf_counter()

    # Queries: the drawn record's identity, spelled in another style most of the time.
    qrng = random.Random(seed + 2)
    made: list[Query] = []
    for number, person in enumerate(sample):
        if number == queries + warmup:
            qrng = random.Random(seed + 4)
        identity, stored_style, identity_number = drawn[person]
        persian = stored_style.startswith("persian")
        styles = PERSIAN_STYLES if persian else AZ_STYLES
        others = [s for s in styles if s != stored_style]
        style = qrng.choice(others) if qrng.random() < 0.8 else qrng.choice(styles)
        text = spelling_of(identity, style, qrng).full_name
        label = style
        if not persian and qrng.random() < 0.12:
            text, label = text.upper(), style + "+caps"
        assert code_of(identity, style) == identity_number  # noqa: S101
        made.append(Query(text, identity_number, label, stored_style, person))
    log(
        f"  generated {size:,} people in {drawn_at - started:.0f} s, name words of "
        f"{len(full):,} distinct spellings ({len(words):,} words) in "
        f"{indexed_at - drawn_at:.0f} s"
    )
    return Dataset(
        size=size,
        seed=seed,
        spellings=full,
        person_spelling=person_spelling,
        person_identity=person_identity,
        words=words,
        spelling_words=spelling_words,
        spelling_pairs=spelling_pairs,
        queries=made,
        warmup=warmup,
        fresh=fresh,
        style_counts=dict(style_counts),
        timings={"draw_s": drawn_at - started, "name_words_s": indexed_at - drawn_at},
    )


def code_digest() -> str:
    """A digest of the code the data is derived with: a cached dataset is stale once
    the names package, name_words or the demo name lists change."""
    root = Path(__file__).resolve().parent.parent / "diaspora"
    files = sorted((root / "names").glob("*.py")) + [
        root / "people" / "name_words.py",
        root / "demo_data" / "build.py",
        root / "demo_data" / "spellings.py",
        root / "demo_data" / "names.py",
    ]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_path(size: int, queries: int, warmup: int, fresh: int, pool: int, seed: int) -> Path:
    name = (
        f"data-v{DATA_VERSION}-{code_digest()}-{size}-{queries}-{warmup}-{fresh}-{pool}-{seed}"
        ".pickle"
    )
    return CACHE / name


def load_or_generate(
    size: int,
    *,
    queries: int,
    warmup: int,
    fresh: int,
    query_pool: int,
    seed: int = SEED,
    log=print,
) -> tuple[Dataset, Path, float]:
    """The dataset, its cache file, and how long generating took (0 when cached)."""
    path = cache_path(size, queries, warmup, fresh, query_pool, seed)
    if path.exists():
        return load(path), path, 0.0
    started = time.perf_counter()
    data = generate(
        size,
        queries=queries,
        warmup=warmup,
        fresh=fresh,
        query_pool=query_pool,
        seed=seed,
        log=log,
    )
    took = time.perf_counter() - started
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("wb") as out:
        pickle.dump(data, out, protocol=pickle.HIGHEST_PROTOCOL)
    partial.rename(path)
    return data, path, took


def load(path: Path) -> Dataset:
    with path.open("rb") as source:
        return pickle.load(source)
