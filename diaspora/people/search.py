"""Finding people by name in any script, within what the user may see.

The query's words are matched against the distinct name words (`NameWord`: tens of
thousands of rows however large the registry), by blocking key and, on PostgreSQL,
by trigram; the people holding those words are then looked up exactly through
`PersonNameWord`, and the few candidates are ranked with the names package."""

from dataclasses import dataclass
from itertools import combinations

from django.db import connection
from django.db.models import Q, QuerySet

from diaspora import names
from diaspora.names import lookup

from .models import NameWord, NameWordKey, Person, PersonNamePair, PersonNameWord
from .name_words import pair_number
from .queries import is_everyone

WORD_THRESHOLD = 0.6
WORDS_PER_QUERY_WORD = 40
WORDS_LOOKED_AT = 2000  # stored words scored for one query word, at most
CANDIDATES = 400  # people ranked per query, at most
WORDS_PER_PAIR = 12  # spellings of each query word paired up
TIERS = 4  # lookups of word pairs per query, closest first
MAX_WORDS = 4  # of a query; a name rarely has more


@dataclass(frozen=True)
class Found:
    person: Person
    score: float
    matched: list[tuple[str, str, float]]  # (query word, the person's word as written, score)


def similar_words(
    base: str, readings: tuple[str, ...] = (), *, unvowelled: bool = False
) -> dict[int, float]:
    """Ids of stored name words like one folded query word, with how alike they are.
    `readings`: the query word's other readings; `unvowelled`: it was written in
    Arabic script, so words whose consonants sound alike are looked up too."""
    keys = lookup.query_keys(base, readings, unvowelled=unvowelled)
    near = (
        Q(base__in=[base, *readings])
        | Q(skeleton__in=[key[1:] for key in keys if key.startswith("#")])
        | Q(pk__in=NameWordKey.objects.filter(key__in=sorted(keys)).values("word_id"))
    )
    if connection.vendor == "postgresql":
        near |= Q(base__trigram_similar=base)
    elif len(base) >= 3:
        near |= Q(base__startswith=base[:3])
    rows = dict(NameWord.objects.filter(near).values_list("id", "base")[:WORDS_LOOKED_AT])
    others = stored_readings(rows)
    scored = {
        pk: lookup.likeness(base, readings, word, others.get(pk, ()), unvowelled=unvowelled)
        for pk, word in rows.items()
    }
    best = sorted(scored.items(), key=lambda item: -item[1])[:WORDS_PER_QUERY_WORD]
    return {pk: score for pk, score in best if score >= WORD_THRESHOLD}


def stored_readings(words: dict[int, str]) -> dict[int, tuple[str, ...]]:
    """The other readings kept for these words (Victor's Viktor), by word id."""
    found: dict[int, list[str]] = {}
    held = NameWordKey.objects.filter(word_id__in=list(words)).exclude(
        Q(key__startswith="#") | Q(key__startswith=lookup.HEARD)
    )
    for word, key in held.values_list("word_id", "key"):
        found.setdefault(word, []).append(key)
    return {word: lookup.readings_in(keys) for word, keys in found.items()}


def candidate_ids(per_word: list[dict[int, float]], people: QuerySet[Person]) -> list[int]:
    """People within `people` holding words like two of the query words (the one,
    for a one-word query), the closest spellings first."""
    per_word = [words for words in per_word if words]
    # Everyone in reach needs no join (merged records keep no name words): the
    # common case for Committee staff at 10M.
    scope = {} if is_everyone(people) else {"person__in": people}
    if not per_word:
        return []
    if len(per_word) == 1:
        found: list[int] = []
        for word_id in sorted(per_word[0], key=per_word[0].__getitem__, reverse=True):
            holding = PersonNameWord.objects.filter(word_id=word_id, **scope).order_by("person_id")
            found += holding.values_list("person_id", flat=True)[: CANDIDATES - len(found)]
            if len(found) >= CANDIDATES:
                break
        return found
    # Two words alike is enough: a name stored without its patronymic, or with one
    # word typed beyond recognition, is still a candidate.
    # The closest pairs are looked up first, so that thousands of holders of a
    # look-alike pair never crowd out the few holders of the very spelling.
    closeness: dict[int, float] = {}
    for first, second in combinations(per_word, 2):
        for a, score_a in nearest(first):
            for b, score_b in nearest(second):
                if a != b:
                    pair = pair_number(a, b)
                    closeness[pair] = max(closeness.get(pair, 0.0), min(score_a, score_b))
    levels = sorted({round(score, 2) for score in closeness.values()}, reverse=True)
    tiers = [[p for p, s in closeness.items() if round(s, 2) == level] for level in levels]
    # A few lookups at most: the tail of the levels goes in one.
    tiers = tiers[: TIERS - 1] + [[p for tier in tiers[TIERS - 1 :] for p in tier]]
    found = []
    for tier in tiers:
        if tier and len(found) < CANDIDATES:
            holding = PersonNamePair.objects.filter(pair__in=tier, **scope)
            found += holding.values_list("person_id", flat=True)[: CANDIDATES - len(found)]
    return list(dict.fromkeys(found))


def nearest(words: dict[int, float]) -> list[tuple[int, float]]:
    return sorted(words.items(), key=lambda item: -item[1])[:WORDS_PER_PAIR]


def search_people(query: str, people: QuerySet[Person], *, limit: int = 50) -> list[Found]:
    """The people among `people` whose names best answer `query`, best first."""
    # The patronymic helps ranking, not finding: many records lack it.
    asked = [word for word in names.name_words(query) if not word.patronymic][:MAX_WORDS]
    per_word = [
        similar_words(
            names.base_form(word.folded),
            tuple(names.base_form(reading) for reading in word.readings),
            unvowelled=names.written_in_arabic(word.written),
        )
        for word in asked
    ]
    ids = candidate_ids(per_word, people)
    scored = [
        (names.match_score(query, person.full_name), person) for person in people.filter(pk__in=ids)
    ]
    ranked = sorted(
        ((score, person) for score, person in scored if score >= names.SEARCH_FLOOR),
        key=lambda item: (-item[0], item[1].pk),
    )[:limit]
    # Which words matched is worked out for the results shown, not every candidate.
    return [Found(p, score, names.matched_words(query, p.full_name)) for score, p in ranked]
