"""The benchmarks' name vocabulary: real name words in Latin, Cyrillic and Arabic script,
with the long-tailed frequency of a real registry.

Read at run time, never copied into the project:

* the demo data's hand-written Azerbaijani and Iranian names (diaspora/demo_data/names.py:
  Azerbaijani Latin, passport Latin, Russian Cyrillic, Persian script), the commonest
  names of this registry;
* ``../shared/names-realworld/pairs.tsv`` (206,822 name words as Wikidata writes them
  in Latin and in Russian or Arabic script, CC0; see its README.md);
* the person providers of Faker's locales (installed with the project), for the given
  names they list and for Latin-only words the shared set lacks.

A *name identity* is one name with all its real spellings: the words that pairs.tsv
pairs with one another, joined transitively (Mohammed, Muhammad and Mohamed all paired
with محمد are one identity; so are Yusif, Юсиф and يوسف). An identity is a given name
when one of its Latin spellings is a given name in one of Faker's locales, a surname
otherwise.

Frequency: in each (script, role) pool the identities are ranked by how many Wikidata
people carry them (Azerbaijani-looking pairs boosted), the demo's names taking every
other rank at the head (this is an Azerbaijani diaspora registry), and drawn with Zipf
weights 1 / rank; within an identity, each spelling of that script by its own Wikidata
count. So a handful of names fill a large share of
the registry and a hundred thousand others appear a few times each, as in real ones.
"""

from __future__ import annotations

import csv
import importlib
import os
import pkgutil
import random
import re
from array import array
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACES = (
    ROOT.parent / "shared" / "names-realworld",
    Path("/work/shared/names-realworld"),  # from a worktree elsewhere than beside shared/
)
SCRIPTS = ("latin", "cyrillic", "arabic")
LATIN, CYRILLIC, ARABIC = range(3)
GIVEN, SURNAME = range(2)
ROLES = ("given", "surname")
ZIPF_EXPONENT = 1.0
AZ_BOOST = 30  # a pair that looks Azerbaijani counts as 30 Wikidata people
# Particles of Latin names (de, van, bin...), no name of their own: not drawn.
PARTICLES = frozenset(
    [
        "d",
        "da",
        "das",
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "do",
        "dos",
        "du",
        "e",
        "el",
        "al",
        "bin",
        "ibn",
        "bint",
        "ben",
        "la",
        "le",
        "lo",
        "ter",
        "ten",
        "van",
        "von",
        "y",
        "zu",
    ]
)
WORD = re.compile(r"[^\W\d_]+(?:['’\-\u200c][^\W\d_]+)*")


def pairs_path() -> Path:
    """pairs.tsv of the shared real-world set, or a clear error."""
    given = os.environ.get("DIASPORA_NAMES_REALWORLD")
    for place in (Path(given),) if given else PLACES:
        if (place / "pairs.tsv").exists():
            return place / "pairs.tsv"
    raise FileNotFoundError(
        "the benchmarks' names come from the shared real-world set, not found at "
        + " or ".join(str(p / "pairs.tsv") for p in ((Path(given),) if given else PLACES))
        + " (set DIASPORA_NAMES_REALWORLD to its folder)"
    )


def written(word: str) -> str:
    """A lowercase word of the lists as a name is written: Abd-Ul-Aziz, O'brien."""
    return re.sub(r"(^|[-'’ ])(\w)", lambda m: m.group(1) + m.group(2).upper(), word)


@dataclass(frozen=True)
class Name:
    """A person's name as name identities: given name, surname, father's name (-1: none)."""

    given: int
    surname: int
    father: int


MASCULINE_ENDINGS = (
    ("ov", "ova"),
    ("ev", "eva"),
    ("in", "ina"),
    ("ski", "ska"),
    ("sky", "skaya"),
    ("ов", "ова"),
    ("ев", "ева"),
    ("ёв", "ёва"),
    ("ин", "ина"),
    ("ский", "ская"),
)


def feminine(surname: str) -> str:
    """A woman's form of a Slavic-pattern surname (Əliyev → Əliyeva, Алиев → Алиева,
    Kowalski → Kowalska); other surnames unchanged."""
    lower = surname.lower()
    for male, female in MASCULINE_ENDINGS:
        if lower.endswith(male):
            return surname[: len(surname) - len(male)] + female
    return surname


RUSSIAN_VOWELS = "аеёиоуыэюя"


def patronymic_of(
    father: str, script: int, female: bool, azerbaijani: bool, rng: random.Random
) -> str:
    """A father's name as a patronymic: an Azerbaijani name with oğlu / qızı in Latin
    script (оглы / кызы in Cyrillic half of the time), any other Cyrillic name with the
    Russian suffix (Давид → Давидович, Давидовна; Андрей → Андреевич), else the bare
    name (a middle name, an Arabic nasab)."""
    if azerbaijani and script == LATIN:
        return f"{father} {'qızı' if female else 'oğlu'}"
    if script != CYRILLIC:
        return father
    if azerbaijani and rng.random() < 0.5:
        return f"{father} {'кызы' if female else 'оглы'}"
    last = father[-1].lower()
    if last in "йь":
        return father[:-1] + ("евна" if female else "евич")
    if last in RUSSIAN_VOWELS or "-" in father:
        return father
    return father + ("овна" if female else "ович")


def script_of_style(style: str) -> int:
    """The script of one of the demo or gold-set spelling styles."""
    if "cyrillic" in style:
        return CYRILLIC
    if style in ("persian", "persian_variant"):
        return ARABIC
    return LATIN


@dataclass
class Vocabulary:
    forms: list[str]  # form id -> the spelling as written
    form_script: bytes  # form id -> LATIN / CYRILLIC / ARABIC
    form_identity: array  # form id -> identity id
    labels: list[str]  # identity id -> its commonest Latin spelling
    roles: bytes  # identity id -> GIVEN / SURNAME
    azerbaijani: frozenset[int]  # the demo's Azerbaijani and Iranian names
    genders: list[str]  # identity id -> "m" / "f" for a given name of one sex, else ""
    # identity id -> per script, its forms and their cumulative weights (commonest first)
    spellings: list[tuple[tuple[tuple[int, ...], tuple[float, ...]], ...]]
    # (script, role) -> forms and cumulative Zipf weights, to draw from
    pools: dict[tuple[int, int], tuple[list[int], list[float]]]
    sources: dict[str, int]

    def draw(self, rng: random.Random, script: int, role: int, count: int) -> list[int]:
        forms, cumulative = self.pools[script, role]
        return rng.choices(forms, cum_weights=cumulative, k=count)

    def has(self, identity: int, script: int) -> bool:
        return bool(self.spellings[identity][script][0])

    def spell(
        self, rng: random.Random, identity: int, script: int, avoid: int | None = None
    ) -> int | None:
        """A form of `identity` in `script` by how common it is, other than `avoid` when
        there is another; None when the identity has no spelling in that script."""
        forms, cumulative = self.spellings[identity][script]
        if not forms:
            return None
        if avoid is not None and len(forms) > 1:
            others = [(f, w) for f, w in zip(forms, weights(cumulative), strict=True) if f != avoid]
            return rng.choices([f for f, _w in others], weights=[w for _f, w in others])[0]
        return forms[bisect(cumulative, rng.random() * cumulative[-1], 0, len(forms) - 1)]

    def draw_one(self, rng: random.Random, script: int, role: int) -> int:
        forms, cumulative = self.pools[script, role]
        return forms[bisect(cumulative, rng.random() * cumulative[-1], 0, len(forms) - 1)]

    def draw_given(self, rng: random.Random, script: int, sex: str = "") -> int:
        """A given name's identity, one that suits `sex` ("m"/"f") when given."""
        for _attempt in range(20):
            identity = self.form_identity[self.draw_one(rng, script, GIVEN)]
            if not sex or self.genders[identity] in ("", sex):
                break
        return identity

    def draw_name(
        self, rng: random.Random, script: int, father_share: float, sex: str = ""
    ) -> Name:
        """A person's name, drawn among the names written in `script`."""
        return Name(
            self.draw_given(rng, script, sex),
            self.form_identity[self.draw_one(rng, script, SURNAME)],
            self.draw_given(rng, script, "m") if rng.random() < father_share else -1,
        )

    def written(
        self,
        rng: random.Random,
        name: Name,
        script: int,
        *,
        female: bool = False,
        patronymic: bool = False,
    ) -> tuple[int, str, str, str]:
        """(script, given name, surname, father's name or "") as one writer spells the
        name: in `script` when each of its words has a real spelling there, else in
        Latin script (every name has one); each word a real spelling of it, by how
        common; a woman's surname in its feminine form where the language has one;
        with `patronymic`, the father's name as the script's registries write it."""
        words = [name.given, name.surname] + ([name.father] if name.father >= 0 else [])
        if not all(self.has(word, script) for word in words):
            script = LATIN
        given, surname, *father = (self.forms[self.spell(rng, w, script)] for w in words)  # type: ignore[index]
        father_text = (father or [""])[0]
        if father_text and patronymic:
            azerbaijani = name.father in self.azerbaijani
            father_text = patronymic_of(father_text, script, female, azerbaijani, rng)
        return script, given, feminine(surname) if female else surname, father_text

    def describe(self) -> str:
        counts = [0, 0, 0]
        for script in self.form_script:
            counts[script] += 1
        return (
            f"{len(self.forms):,} spellings of {len(self.labels):,} names "
            f"({', '.join(f'{n:,} {s}' for s, n in zip(SCRIPTS, counts, strict=True))}; "
            f"{sum(r == GIVEN for r in self.roles):,} given names)"
        )


def weights(cumulative: tuple[float, ...]) -> list[float]:
    return [b - a for a, b in zip((0.0, *cumulative[:-1]), cumulative, strict=True)]


def faker_names() -> tuple[set[str], set[str], set[str], set[str]]:
    """Lowercase (given names, surnames, men's and women's given names) of every Faker
    locale's person provider."""
    import faker.providers.person as person

    given: set[str] = set()
    surnames: set[str] = set()
    male: set[str] = set()
    female: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = getattr(
            importlib.import_module(f"faker.providers.person.{module.name}"), "Provider", None
        )
        if provider is None:
            continue
        for attribute, into in (
            ("first_names", given),
            ("first_names_male", given),
            ("first_names_female", given),
            ("last_names", surnames),
        ):
            value = next(
                (k.__dict__[attribute] for k in provider.__mro__ if attribute in k.__dict__), None
            )
            if isinstance(value, tuple | list | dict | set):
                into.update(str(name).lower() for name in value)
                if attribute.endswith("_male"):
                    male.update(str(name).lower() for name in value)
                elif attribute.endswith("_female"):
                    female.update(str(name).lower() for name in value)
    return given, surnames, male, female


def demo_names() -> list[tuple[int, str, list[tuple[int, str]]]]:
    """The demo data's hand-written Azerbaijani and Iranian names, each (role, "m"/"f"
    for a given name, its spellings), commonest first: the head of this registry's
    curve."""
    from diaspora.demo_data import names

    given = [
        (GIVEN, sex, [(LATIN, n.az), (LATIN, n.passport), (CYRILLIC, n.ru)])
        for pair in zip(names.MALE_GIVEN, names.FEMALE_GIVEN, strict=False)
        for sex, n in zip("mf", pair, strict=True)
    ]
    given += [
        (GIVEN, sex, [(ARABIC, persian), (LATIN, latin)])
        for sex, listed in (("m", names.PERSIAN_GIVEN_MALE), ("f", names.PERSIAN_GIVEN_FEMALE))
        for persian, latin in listed
    ]
    surnames = [
        (SURNAME, "", [(LATIN, n.az), (LATIN, n.passport), (CYRILLIC, n.ru)])
        for n in names.SURNAMES
    ]
    surnames += [
        (SURNAME, "", [(ARABIC, persian), (LATIN, latin)])
        for persian, latin in names.PERSIAN_SURNAMES
    ]
    return given + surnames


@cache
def load() -> Vocabulary:
    """The vocabulary, built once per process (a few seconds)."""
    path = pairs_path()
    given_names, faker_surnames, men, women = faker_names()
    form_of: dict[tuple[int, str], int] = {}
    forms: list[str] = []
    form_script = bytearray()
    form_count: list[int] = []
    parent: list[int] = []
    size: list[int] = []

    def form(script: int, word: str) -> int:
        key = (script, word.lower())
        number = form_of.get(key)
        if number is None:
            number = form_of[key] = len(forms)
            forms.append(written(word))
            form_script.append(script)
            form_count.append(0)
            parent.append(number)
            size.append(1)
        return number

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: int, b: int) -> None:
        a, b = root(a), root(b)
        if a != b:
            parent[a] = b
            size[b] += size[a]

    demo_role: dict[int, int] = {}  # a demo name's first form -> its role
    demo_sex: dict[int, str] = {}
    demo_first: list[int] = []
    for role, sex, spellings in demo_names():
        numbers = [form(script, word) for script, word in spellings]
        for number in numbers[1:]:
            join(numbers[0], number)
        demo_role[numbers[0]] = role
        demo_sex[numbers[0]] = sex
        demo_first.append(numbers[0])
    azerbaijani: set[int] = set()
    sources = {"demo": len(forms), "pairs": 0, "faker": 0}
    with path.open(encoding="utf-8", newline="") as source:
        rows = [
            (
                int(row["wikidata_count"]),
                row["latin"],
                SCRIPTS.index(row["script"]),
                row["other"],
                row["azerbaijani_looking"] == "1",
            )
            for row in csv.DictReader(source, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]
    rows.sort(key=lambda row: (-row[0], row[1], row[3]))
    for count, latin, script, other, looks_azerbaijani in rows:
        if not (WORD.fullmatch(latin) and WORD.fullmatch(other)):
            continue  # quotes, digits, a leading ʿ written as an apostrophe
        sources["pairs"] += 1
        a = form(LATIN, latin)
        b = form(script, other)
        form_count[a] += count
        form_count[b] += count
        # A pair seen once joins a word to a name, never two names: misaligned pairs
        # (Robert / Смит) would otherwise chain unrelated names into one.
        if count > 1 or size[root(a)] == 1 or size[root(b)] == 1:
            join(a, b)
        if looks_azerbaijani:
            azerbaijani.add(a)
    # Faker's Latin words the shared set lacks: names of their own, Latin only, the tail.
    latin_word = re.compile(r"[a-zà-ɏ]+(?:['’-][a-zà-ɏ]+)*")
    for word in sorted(given_names | faker_surnames):
        if latin_word.fullmatch(word) and (LATIN, word) not in form_of:
            form(LATIN, word)
            sources["faker"] += 1

    identity_of: dict[int, int] = {}
    members: list[list[int]] = []
    for number in range(len(forms)):
        top = root(number)
        identity = identity_of.get(top)
        if identity is None:
            identity = identity_of[top] = len(members)
            members.append([])
        members[identity].append(number)
    form_identity = array("I", (identity_of[root(n)] for n in range(len(forms))))

    labels, roles, spellings, weight, genders = [], bytearray(), [], [], []
    for held in members:
        latin = sorted((f for f in held if form_script[f] == LATIN), key=lambda f: -form_count[f])
        labels.append(forms[latin[0]] if latin else forms[held[0]])
        demo = [demo_role[f] for f in held if f in demo_role]
        sexes = {demo_sex[f] for f in held if f in demo_sex} - {""}
        if not sexes:
            sexes = {"m" for f in latin if forms[f].lower() in men} | {
                "f" for f in latin if forms[f].lower() in women
            }
        genders.append(sexes.pop() if len(sexes) == 1 else "")
        if demo:
            roles.append(demo[0])
        else:
            roles.append(GIVEN if any(forms[f].lower() in given_names for f in latin) else SURNAME)
        per_script = []
        for script in range(3):
            mine = sorted(
                (f for f in held if form_script[f] == script), key=lambda f: (-form_count[f], f)
            )
            per_script.append((tuple(mine), tuple(accumulate(max(form_count[f], 1) for f in mine))))
        spellings.append(tuple(per_script))
        weight.append(sum(form_count[f] * (AZ_BOOST if f in azerbaijani else 1) for f in latin))

    demo_identities = [identity_of[root(f)] for f in demo_first]
    pools: dict[tuple[int, int], tuple[list[int], list[float]]] = {}
    for script in range(3):
        for role in (GIVEN, SURNAME):
            wanted = [
                i
                for i in range(len(members))
                if roles[i] == role
                and spellings[i][script][0]
                and labels[i].lower() not in PARTICLES
            ]
            # The demo's names, in their own order, take every other rank at the head.
            within = set(wanted)
            head = list(dict.fromkeys(i for i in demo_identities if i in within))
            rest = sorted(within - set(head), key=lambda i: (-weight[i], i))
            ranked = interleave(head, rest)
            pool_forms: list[int] = []
            pool_weights: list[float] = []
            for rank, identity in enumerate(ranked):
                share = 1.0 / (rank + 1) ** ZIPF_EXPONENT
                mine, cumulative = spellings[identity][script]
                for f, w in zip(mine, weights(cumulative), strict=True):
                    pool_forms.append(f)
                    pool_weights.append(share * w / cumulative[-1])
            pools[script, role] = (pool_forms, list(accumulate(pool_weights)))
    return Vocabulary(
        forms=forms,
        form_script=bytes(form_script),
        form_identity=form_identity,
        labels=labels,
        roles=bytes(roles),
        genders=genders,
        spellings=spellings,
        pools=pools,
        sources=sources,
        azerbaijani=frozenset(demo_identities),
    )


def interleave(head: list[int], rest: list[int]) -> list[int]:
    out: list[int] = []
    for number, item in enumerate(head):
        out.append(item)
        out.extend(rest[number : number + 1])
    return out + rest[len(head) :]


def by_script(vocabulary: Vocabulary) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for script in vocabulary.form_script:
        found[SCRIPTS[script]] += 1
    return dict(found)
