"""The person-search benchmark's data: N people and a query set, deterministic from a seed.

Names come from `bench/vocabulary.py`: some 370,000 real spellings of 167,000 names in
Latin, Cyrillic and Arabic script (the shared Wikidata set, Faker's locales, the demo's
hand-written Azerbaijani names), drawn on a Zipf curve. Each person is stored in one
script (Latin 55 %, Cyrillic 35 %, Arabic 10 %) with the real spellings of that script:
a given name and a surname, and for some (60 % in Cyrillic, 40 % in Arabic script, 10 %
in Latin) a father's name as the third word; Cyrillic names are written surname first
60 % of the time, Latin ones 20 %.

A name identity is (the given name's identity, the surname's identity): two records of
one identity carry the same name, spelled alike or not. A query is a drawn record's name
spelled as another person would: in another script where every word of it has a real
spelling there (80 % of the time when possible), or in the same script with another
real spelling of each word where there is one; the father's name kept half of the time,
the words in another order a quarter of the time, Latin and Cyrillic ones upper-cased
12 % of the time. Styles are labelled `stored→query` (`latin→cyrillic`, ...).

Name words are the app's own: `name_words.words_of_name` of each distinct spelling (one
function, `form_words`), a person's words their union as `words_of_name` merges them;
for the few people whose words depend on their neighbours (a patronymic suffix, a
marker such as qızı, a separate -zadə), `words_of_name` of the whole name. NameWord ids
are assigned here. People are arrays (script, order, the spellings of their words, the
identity), so that 10M people fit in memory; the dataset is cached under /tmp.

Needs Django set up (the app's name code and the demo name lists); touches no database.
"""

from __future__ import annotations

import hashlib
import pickle
import random
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from bench import vocabulary
from bench.vocabulary import ARABIC, GIVEN, SCRIPTS, SURNAME

DATA_VERSION = 4
SEED = 2025
CACHE = Path("/tmp/diaspora-bench-search")
SCRIPT_MIX = (0.55, 0.35, 0.10)  # Latin, Cyrillic, Arabic script
WITH_FATHER = (0.10, 0.60, 0.40)  # share of names with a father's name, by script
SURNAME_FIRST = (0.20, 0.60, 0.0)
CROSS_SCRIPT = 0.8  # queries in another script, when every word has a spelling there
IDENTITY_BITS = 20  # identity code = given identity << 20 | surname identity
SURNAME_FIRST_FLAG = 1


@dataclass
class Query:
    text: str
    identity: int
    style: str  # "stored→query" script (+ "+caps", "+reordered", "+as-stored")
    stored_style: str  # the script of the stored record it was drawn from
    person: int  # 0-based index of that record


@dataclass
class Dataset:
    size: int
    seed: int
    forms: list[str]  # spelling id -> the word as written
    form_scripts: list[str]  # spelling id -> `detect_script` of it
    form_identity: array  # spelling id -> name identity (vocabulary)
    labels: list[str]  # name identity -> its commonest Latin spelling
    words: list[tuple[str, str]]  # word id - 1 -> (base, skeleton)
    word_keys: list[set[str]]  # word id - 1 -> its further keys (people.NameWordKey)
    form_words: list[tuple[tuple[int, bool], ...]]  # spelling -> ((word id, patronymic),)
    person_script: bytearray  # person -> LATIN / CYRILLIC / ARABIC
    person_flags: bytearray  # person -> SURNAME_FIRST_FLAG
    person_given: array  # person -> spelling id
    person_surname: array
    person_father: array  # person -> spelling id + 1, 0 for none
    person_identity: array  # person -> identity code
    exact_words: dict[int, tuple[tuple[int, bool], ...]]  # people whose words need the name
    queries: list[Query]  # `warmup` warm-up queries, then the measured ones, then `fresh`
    warmup: int
    fresh: int  # the last queries: a second set, for timing ours on its own
    vocabulary: str = ""
    style_counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def identity_label(self, code: int) -> str:
        given, surname = code >> IDENTITY_BITS, code & ((1 << IDENTITY_BITS) - 1)
        return f"{self.labels[given]} {self.labels[surname]}"

    def parts(self, person: int) -> list[int]:
        """The person's spellings in the order of the full name."""
        given, surname = self.person_given[person], self.person_surname[person]
        father = self.person_father[person]
        first = [given, father - 1] if father else [given]
        if self.person_flags[person] & SURNAME_FIRST_FLAG:
            return [surname, *first]
        return [*first, surname]

    def name(self, person: int) -> tuple[str, str, str, str]:
        """(full name, given name, surname, patronymic) as stored."""
        forms = self.forms
        father = self.person_father[person]
        return (
            " ".join(forms[f] for f in self.parts(person)),
            forms[self.person_given[person]],
            forms[self.person_surname[person]],
            forms[father - 1] if father else "",
        )

    def script(self, person: int) -> str:
        """`detect_script` of the full name, from its words' (as the app combines them)."""
        found = {self.form_scripts[f] for f in self.parts(person)}
        if len(found) == 1:
            return found.pop()
        return "latin_az" if found == {"latin", "latin_az"} else "mixed"

    def person_words(self, person: int) -> tuple[tuple[int, bool], ...]:
        """(word id, is the patronymic) of the person's name, as `words_of_name` gives."""
        exact = self.exact_words.get(person)
        if exact is not None:
            return exact
        held: dict[int, bool] = {}
        for form in self.parts(person):
            for word, patronymic in self.form_words[form]:
                if word not in held or held[word]:
                    held[word] = patronymic
        return tuple(held.items())


def form_words(form: str) -> dict[str, tuple[str, bool]]:
    """The stored name words of one spelling: {base: (skeleton, is the patronymic)}, by
    the app's own code. Every NameWord row of the benchmark comes from here."""
    from diaspora.people.name_words import words_of_name

    return words_of_name(form)


def _merged(parts: list[dict[str, tuple[str, bool]]]) -> dict[str, tuple[str, bool]]:
    held: dict[str, tuple[str, bool]] = {}
    for words in parts:
        for base, (skeleton, patronymic) in words.items():
            if base not in held or held[base][1]:
                held[base] = (skeleton, patronymic)
    return held


def form_keys(form: str) -> dict[str, set[str]]:
    """The further keys of the words of one spelling: {base: keys}, by the app's own
    code. Every NameWordKey row of the benchmark comes from here."""
    from diaspora.people.name_words import keys_of_names

    return keys_of_names([form])


def _index_forms(
    forms: list[str],
) -> list[tuple[str, dict[str, tuple[str, bool]], bool, dict[str, set[str]]]]:
    """(script, words, depends on its neighbours, keys) of each spelling, with the
    app's code."""
    from diaspora.names import detect_script

    before, after = form_words("Anna"), form_words("Berg")
    out = []
    for form in forms:
        words = form_words(form)
        # Between two words, a patronymic suffix, a marker (qızı) or a separate -zadə
        # changes the words of the name: such a name is indexed whole.
        alone = _merged([before, words, after])
        depends = form_words(f"Anna {form} Berg") != alone
        out.append((detect_script(form), words, depends, form_keys(form)))
    return out


def _name_words_chunk(
    names: list[str],
) -> list[tuple[dict[str, tuple[str, bool]], dict[str, set[str]]]]:
    from diaspora.people.name_words import words_of_name

    return [(words_of_name(name), form_keys(name)) for name in names]


def draw_people(vocab, size: int, rng: random.Random, log=print) -> dict:
    """The people's arrays: script, flags, spellings and identities."""
    scripts = bytearray(rng.choices(range(3), weights=SCRIPT_MIX, k=size))
    counts = Counter(scripts)
    drawn = {}
    for script in range(3):
        n = counts[script]
        drawn[script] = (
            iter(vocab.draw(rng, script, GIVEN, n)),
            iter(vocab.draw(rng, script, SURNAME, n)),
            iter(vocab.draw(rng, script, GIVEN, n)),
        )
    flags = bytearray(size)
    given, surname, father = array("I"), array("I"), array("I")
    identity = array("Q")
    identity_of = vocab.form_identity
    rand = rng.random
    for person in range(size):
        script = scripts[person]
        givens, surnames, fathers = drawn[script]
        g, s, f = next(givens), next(surnames), next(fathers)
        given.append(g)
        surname.append(s)
        father.append(f + 1 if rand() < WITH_FATHER[script] else 0)
        if rand() < SURNAME_FIRST[script]:
            flags[person] = SURNAME_FIRST_FLAG
        identity.append(identity_of[g] << IDENTITY_BITS | identity_of[s])
        if person % 1_000_000 == 999_999:
            log(f"  drawn {person + 1:,} people")
    return {
        "person_script": scripts,
        "person_flags": flags,
        "person_given": given,
        "person_surname": surname,
        "person_father": father,
        "person_identity": identity,
    }


def make_query(data: Dataset, vocab, person: int, rng: random.Random) -> Query:
    """The person's name as someone else would spell it (see the module's docstring)."""
    stored = data.person_script[person]
    given, surname = data.person_given[person], data.person_surname[person]
    father = data.person_father[person] - 1
    words = [given] + ([father] if father >= 0 and rng.random() < 0.5 else []) + [surname]
    identities = [vocab.form_identity[w] for w in words]
    others = [t for t in range(3) if t != stored and all(vocab.has(i, t) for i in identities)]
    if others and rng.random() < CROSS_SCRIPT:
        target = rng.choices(others, weights=[SCRIPT_MIX[t] for t in others])[0]
        spelled = [vocab.spell(rng, i, target) for i in identities]
    else:
        target = stored
        spelled = [
            vocab.spell(rng, i, target, avoid=w) for i, w in zip(identities, words, strict=True)
        ]
    style = f"{SCRIPTS[stored]}→{SCRIPTS[target]}"
    if target == stored and spelled == words:
        style += "+as-stored"
    surname_first = rng.random() < 0.25
    if surname_first:
        spelled = [spelled[-1], *spelled[:-1]]
    if surname_first != bool(data.person_flags[person] & SURNAME_FIRST_FLAG):
        style += "+reordered"
    text = " ".join(data.forms[w] for w in spelled)
    if target != ARABIC and rng.random() < 0.12:
        text, style = text.upper(), style + "+caps"
    return Query(text, data.person_identity[person], style, SCRIPTS[stored], person)


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
    started = time.perf_counter()
    vocab = vocabulary.load()
    log(f"  vocabulary: {vocab.describe()}")
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
    people = draw_people(vocab, size, rng, log)
    drawn_at = time.perf_counter()

    # Name words of each spelling the people use, with the app's code, on both cores.
    used = sorted(
        set(people["person_given"])
        | set(people["person_surname"])
        | {f - 1 for f in people["person_father"] if f}
    )
    chunk = 20_000
    parts = [[vocab.forms[f] for f in used[i : i + chunk]] for i in range(0, len(used), chunk)]
    with get_context("fork").Pool(2) as workers:
        indexed = [item for part in workers.imap(_index_forms, parts) for item in part]
    word_id: dict[str, int] = {}
    words: list[tuple[str, str]] = []
    word_keys: list[set[str]] = []

    def ids_of(
        held: dict[str, tuple[str, bool]], keys: dict[str, set[str]]
    ) -> tuple[tuple[int, bool], ...]:
        out = []
        for base, (skeleton, patronymic) in held.items():
            number = word_id.get(base)
            if number is None:
                words.append((base, skeleton))
                word_keys.append(set())
                number = word_id[base] = len(words)
            word_keys[number - 1].update(keys.get(base, ()))
            out.append((number, patronymic))
        return tuple(out)

    form_scripts = [""] * len(vocab.forms)
    per_form: list[tuple[tuple[int, bool], ...]] = [()] * len(vocab.forms)
    sensitive = set()
    for form, (script, held, depends, keys) in zip(used, indexed, strict=True):
        form_scripts[form] = script
        per_form[form] = ids_of(held, keys)
        if depends:
            sensitive.add(form)
    data = Dataset(
        size=size,
        seed=seed,
        forms=vocab.forms,
        form_scripts=form_scripts,
        form_identity=vocab.form_identity,
        labels=vocab.labels,
        words=words,
        word_keys=word_keys,
        form_words=per_form,
        exact_words={},
        queries=[],
        warmup=warmup,
        fresh=fresh,
        vocabulary=vocab.describe(),
        **people,
    )
    # People whose words depend on their neighbours: the whole name, by the app's code.
    exact = [person for person in range(size) if sensitive.intersection(data.parts(person))]
    names = [data.name(person)[0] for person in exact]
    parts = [names[i : i + chunk] for i in range(0, len(names), chunk)]
    with get_context("fork").Pool(2) as workers:
        held_words = [item for part in workers.imap(_name_words_chunk, parts) for item in part]
    data.exact_words = {
        person: ids_of(*held) for person, held in zip(exact, held_words, strict=True)
    }
    indexed_at = time.perf_counter()

    qrng = random.Random(seed + 2)
    for number, person in enumerate(sample):
        if number == queries + warmup:
            qrng = random.Random(seed + 4)
        data.queries.append(make_query(data, vocab, person, qrng))
    styles: Counter[str] = Counter()
    for script, count in Counter(data.person_script).items():
        styles[SCRIPTS[script]] = count
    styles["with a father's name"] = sum(1 for f in data.person_father if f)
    styles["surname first"] = sum(data.person_flags)
    data.style_counts = dict(styles)
    log(
        f"  generated {size:,} people in {drawn_at - started:.0f} s, name words of "
        f"{len(used):,} spellings ({len(words):,} words; {len(exact):,} people indexed "
        f"whole) in {indexed_at - drawn_at:.0f} s"
    )
    data.timings = {"draw_s": drawn_at - started, "name_words_s": indexed_at - drawn_at}
    return data


def code_digest() -> str:
    """A digest of the code and lists the data is derived from: a cached dataset is
    stale once the names package, name_words, the vocabulary or its lists change."""
    root = Path(__file__).resolve().parent.parent / "diaspora"
    files = sorted((root / "names").glob("*.py")) + [
        root / "people" / "name_words.py",
        root / "demo_data" / "names.py",
        Path(__file__),
        Path(vocabulary.__file__),
    ]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    pairs = vocabulary.pairs_path().stat()
    digest.update(f"{pairs.st_size} {pairs.st_mtime_ns}".encode())
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
