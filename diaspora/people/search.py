"""Finding people by name in any script, within what the user may see.

The query's words are matched against the distinct name words (`NameWord`: some
hundred thousand rows however large the registry), by their letters (base form,
skeleton and, on PostgreSQL, trigram) and by their further keys (`NameWordKey`: other
readings, consonants as Arabic script writes them); the people holding two of those
words are then looked up exactly through `PersonNamePair`, the likeliest few are
pre-ranked by their words and only they are ranked name against name."""

from dataclasses import dataclass
from heapq import nlargest
from itertools import combinations

from django.db import connection
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from diaspora import names
from diaspora.names import lookup

from .models import NameWord, NameWordKey, Person, PersonNamePair, PersonNameWord
from .name_words import pair_number
from .queries import is_everyone

WORD_THRESHOLD = 0.6
WORDS_PER_QUERY_WORD = 60
WORDS_LOOKED_AT = 2000  # stored words scored for one query word, at most
CLOSE = 0.8  # a stored word this alike: the query word's spelling is known
SOUNDED = 0.95  # the likeness of words only alike as Arabic script writes them, at most
CANDIDATES = 400  # people ranked per query, at most
WORDS_PER_PAIR = 18  # spellings of each query word paired up
TIERS = 4  # lookups of word pairs per query, closest first
MAX_WORDS = 4  # of a query; a name rarely has more
RESCORE = 50  # candidates fetched and scored name against name, at least
FEW = 10  # people found by word pairs, below which the holders of single words count
ALONE = 3  # likest words of each query word whose holders then count
PAIR_SHARE = 20  # holders taken of each pair of a tier, at least
SPELLED = 2  # closest words of a query word that may be its very spelling
SPELLED_AS_ASKED = 0.99  # a word this alike is the query word as spelled or read
TRIGRAMS_FROM = 6  # letters of a word looked up by trigram even when it is stored as asked


@dataclass(frozen=True)
class Found:
    person: Person
    score: float
    matched: list[tuple[str, str, float]]  # (query word, the person's word as written, score)


@dataclass(frozen=True)
class Asked:
    """One word of a query: its base form, its other readings, and whether it was
    written in Arabic script (without short vowels)."""

    base: str
    readings: tuple[str, ...]
    unvowelled: bool

    @property
    def keys(self) -> set[str]:
        return lookup.query_keys(self.base, self.readings, unvowelled=self.unvowelled)


def asked_words(query: str) -> list[Asked]:
    # The patronymic helps ranking, not finding: many records lack it.
    return [
        Asked(
            names.base_form(word.folded),
            tuple(names.base_form(reading) for reading in word.readings),
            names.written_in_arabic(word.written),
        )
        for word in names.name_words(query)
        if not word.patronymic
    ][:MAX_WORDS]


Stored = tuple[str, str]  # a stored word's base form and its readings, space-separated


def similar_words(asked: list[Asked]) -> list[dict[int, float]]:
    """For each query word, the ids of stored name words like it, with how alike
    they are: found by their letters (one query a word), then by the further keys of
    all the words (one query): the readings always, the consonants of a word written
    in Arabic script always, those of another word only when nothing close was found
    by its letters (`names.lookup`)."""
    near = [spelled_like(word) for word in asked]
    scored = [score(word, rows) for word, rows in zip(asked, near, strict=True)]
    asking = [
        word.keys
        if word.unvowelled or any(s >= CLOSE for s in found.values())
        else word.keys | lookup.fallback_keys(word.base)
        for word, found in zip(asked, scored, strict=True)
    ]
    by_key = keyed(set().union(*asking), limit=WORDS_LOOKED_AT * len(asked)) if asked else {}
    found = []
    for word, wanted, rows, first in zip(asked, asking, near, scored, strict=True):
        # A word met by its consonants is compared as Arabic script writes it too.
        by_sound = {
            pk: held
            for key in wanted
            if key.startswith((lookup.HEARD, lookup.UNVOWELLED))
            for pk, held in by_key.get(key, ())
        }
        more = {pk: held for key in wanted for pk, held in by_key.get(key, ()) if pk not in rows}
        first.update(score(word, {pk: held for pk, held in more.items() if pk not in by_sound}))
        # Short words written in Arabic script sound like dozens of others: one that
        # only sounds like the query word never outranks one spelt like it.
        at_most = 1.0 if word.unvowelled else SOUNDED
        for pk, alike in score(word, by_sound, unvowelled=True, at_most=at_most).items():
            first[pk] = max(alike, first.get(pk, 0.0))
        best = sorted(first.items(), key=lambda item: -item[1])[:WORDS_PER_QUERY_WORD]
        found.append({pk: s for pk, s in best if s >= WORD_THRESHOLD})
    return found


def spelled_like(word: Asked) -> dict[int, Stored]:
    """Stored words by base form or reading, skeleton and, on PostgreSQL, trigram
    (an index lookup each; SQLite, without trigrams, takes the first three letters).
    A short vowelled word stored as asked skips the trigrams: under six letters, two
    shared trigrams are enough for the index (every word beginning with the same two
    letters), and rechecking those thousands cost more than the rest of the search; its
    other spellings are found by skeleton and keys. Arabic script's few vowels leave its
    words short and their letters the best guide, and few words begin as they do."""
    like = Q(base__in=[word.base, *word.readings]) | Q(
        skeleton__in=[key[1:] for key in word.keys if key.startswith("#")]
    )
    if connection.vendor == "postgresql":
        if len(word.base) < TRIGRAMS_FROM and not word.unvowelled:
            found = rows_of(NameWord.objects.filter(like))
            if word.base in (base for base, _readings in found.values()):
                return found
        like |= Q(base__trigram_similar=word.base)
    elif len(word.base) >= 3:
        like |= Q(base__startswith=word.base[:3])
    return rows_of(NameWord.objects.filter(like))


def rows_of(words: QuerySet[NameWord]) -> dict[int, Stored]:
    rows = words.values_list("id", "base", "readings")
    return {pk: (base, readings) for pk, base, readings in rows[:WORDS_LOOKED_AT]}


def keyed(keys: set[str], *, limit: int) -> dict[str, list[tuple[int, Stored]]]:
    """The stored words under each of these further keys."""
    found: dict[str, list[tuple[int, Stored]]] = {}
    rows = NameWordKey.objects.filter(key__in=sorted(keys)).values_list(
        "key", "word_id", "word__base", "word__readings"
    )
    for key, pk, base, readings in rows[:limit]:
        found.setdefault(key, []).append((pk, (base, readings)))
    return found


def score(
    word: Asked,
    rows: dict[int, Stored],
    *,
    unvowelled: bool = False,
    at_most: float = 1.0,
) -> dict[int, float]:
    """How alike the query word and each stored word (base, readings) are."""
    return {
        pk: lookup.likeness(
            word.base,
            word.readings,
            base,
            tuple(readings.split()),
            unvowelled=unvowelled or word.unvowelled,
            sounded_at_most=at_most,
        )
        for pk, (base, readings) in rows.items()
    }


def scripts_like(script: str) -> list[str]:
    """The scripts a name written in `script` is written in by the same hand."""
    if script in (Person.Script.LATIN, Person.Script.LATIN_AZ):
        return [Person.Script.LATIN, Person.Script.LATIN_AZ]
    return [script] if script in (Person.Script.CYRILLIC, Person.Script.ARABIC) else []


def candidate_ids(
    per_word: list[dict[int, float]], people: QuerySet[Person], script: str = ""
) -> list[int]:
    """People within `people` holding words like two of the query words (the one,
    for a one-word query), the closest spellings first."""
    per_word = [words for words in per_word if words]
    # Everyone in reach needs no join (merged records keep no name words): the
    # common case for Committee staff at 10M.
    scope = {} if is_everyone(people) else {"person__in": people}
    if not per_word:
        return []
    if len(per_word) == 1:
        # A surname alone is held by thousands: half the candidates are those written
        # in the query's script (Алиев for a query written so), then any.
        found: list[int] = []
        passes: list[tuple[dict, int]] = [({}, CANDIDATES)]
        if alike := scripts_like(script):
            passes.insert(0, ({"person__script__in": alike}, CANDIDATES // 2))
        for extra, budget in passes:
            for word_id in sorted(per_word[0], key=per_word[0].__getitem__, reverse=True):
                holding = PersonNameWord.objects.filter(word_id=word_id, **scope, **extra)
                taken = holding.order_by("person_id").values_list("person_id", flat=True)
                found += taken[: budget - len(found)]
                if len(found) >= budget:
                    break
        return list(dict.fromkeys(found))
    # Two words alike is enough: a name stored without its patronymic, or with one
    # word typed beyond recognition, is still a candidate.
    # The closest pairs are looked up first, so that thousands of holders of a
    # look-alike pair never crowd out the few holders of the very spelling.
    closeness: dict[int, float] = {}
    for first, second in combinations(per_word, 2):
        pairings = [(nearest(first), nearest(second))]
        # A word spelled as asked is paired with many more spellings of the other:
        # Workman with the sixtieth spelling of Alexander, Alexandre.
        for exact, other in ((first, second), (second, first)):
            spelled = [(w, s) for w, s in nearest(exact)[:SPELLED] if s >= SPELLED_AS_ASKED]
            if spelled:
                pairings.append((spelled, nearest(other, WORDS_PER_QUERY_WORD)))
        for firsts, seconds in pairings:
            for a, score_a in firsts:
                for b, score_b in seconds:
                    if a != b:
                        pair = pair_number(a, b)
                        closeness[pair] = max(closeness.get(pair, 0.0), min(score_a, score_b))
    by_level: dict[float, list[int]] = {}
    for pair, alike in closeness.items():
        by_level.setdefault(round(alike, 2), []).append(pair)
    tiers = [by_level[level] for level in sorted(by_level, reverse=True)]
    # A few lookups at most: the tail of the levels goes in one.
    tiers = tiers[: TIERS - 1] + [[p for tier in tiers[TIERS - 1 :] for p in tier]]
    found = []
    for tier in tiers:
        if tier and len(found) < CANDIDATES:
            found += holders_of_pairs(tier, people if scope else None, CANDIDATES - len(found))
    if len(found) < FEW:
        # No pair, or hardly any: one word may be spelled beyond what the keys join
        # (Оуэн for Owen), so the holders of each query word's likest words are
        # candidates too: all of a rare surname's few, a share of a common name's many.
        for words in per_word:
            closest = [word for word, _score in nearest(words)[:ALONE]]
            holding = PersonNameWord.objects.filter(word_id__in=closest, **scope)
            found += holding.values_list("person_id", flat=True)[: CANDIDATES // len(per_word)]
    return list(dict.fromkeys(found))


def holders_of_pairs(pairs: list[int], people: QuerySet[Person] | None, budget: int) -> list[int]:
    """About `budget` holders of these pairs, each pair given its share: the
    thousand Smith Məmmədovs of a pair must not crowd out the one Carroll Məmmədov
    of another pair as alike (one LIMIT over all of them would take whichever
    rows came first). PostgreSQL takes each pair's share by an index look-up each
    (LATERAL); SQLite numbers the rows of each pair."""
    share = max(PAIR_SHARE, -(-budget // len(pairs)))
    if len(pairs) == 1 or connection.vendor != "postgresql":
        holding = PersonNamePair.objects.filter(pair__in=pairs)
        if people is not None:
            holding = holding.filter(person__in=people)
        if len(pairs) > 1:
            numbered = Window(RowNumber(), partition_by=[F("pair")])
            holding = holding.annotate(number=numbered).filter(number__lte=share)
        return list(holding.values_list("person_id", flat=True)[:budget])
    within, params = "", []
    if people is not None:
        sql, params = people.values("pk").query.sql_with_params()
        within = f"AND held.person_id IN ({sql})"
    table = PersonNamePair._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT one.person_id FROM unnest(%s::bigint[]) WITH ORDINALITY AS asked(pair, n) "
            f"CROSS JOIN LATERAL (SELECT held.person_id FROM {table} held "
            f"WHERE held.pair = asked.pair {within} LIMIT %s) one ORDER BY asked.n LIMIT %s",
            [list(pairs), *params, share, budget],
        )
        return [row[0] for row in cursor.fetchall()]


def shortlist(
    ids: list[int],
    asked: list[Asked],
    per_word: list[dict[int, float]],
    size: int,
    query: str = "",
) -> list[int]:
    """The `size` candidates likeliest to rank first, by how alike their words are to
    the query's (as `NameIndex` pre-ranks), so that only they are fetched and scored
    name against name; among those tied at the cut, the closest spellings of `query`."""
    if len(ids) <= size:
        return ids
    held: dict[int, list[int]] = {}
    for person, word in PersonNameWord.objects.filter(person_id__in=ids).values_list(
        "person_id", "word_id"
    ):
        held.setdefault(person, []).append(word)
    weights = [max(len(word.base), 2) for word in asked]
    total = sum(weights)

    def rough(person: int) -> float:
        words = held.get(person, [])
        score = sum(
            weight * max((similar.get(word, 0.0) for word in words), default=0.0)
            for similar, weight in zip(per_word, weights, strict=True)
        )
        return score / total - names.EXTRA_WORD * max(0, len(words) - len(asked))

    roughly = {person: rough(person) for person in ids}
    best = nlargest(size, ids, key=roughly.__getitem__)
    cut = roughly[best[-1]]
    tied = [person for person in ids if roughly[person] == cut]
    room = sum(1 for person in best if roughly[person] == cut)
    if len(tied) > room and query:
        # More people hold words just as alike than there is room for (the 391 Sanae,
        # Shanna and Siena Məmmədovs of "Сиена Мамедов" fold alike): their letters
        # choose, so that the very spelling is among those scored.
        named = dict(Person.objects.filter(pk__in=tied).values_list("pk", "full_name"))
        alike = dict(zip(named, names.spelled_alike(query, named.values()), strict=True))
        tied.sort(key=lambda person: -alike.get(person, 0.0))
        best = [person for person in best if roughly[person] != cut]
        best += tied[: size - len(best)]
    return best


def nearest(words: dict[int, float], count: int = 0) -> list[tuple[int, float]]:
    return sorted(words.items(), key=lambda item: -item[1])[: count or WORDS_PER_PAIR]


def search_people(query: str, people: QuerySet[Person], *, limit: int = 50) -> list[Found]:
    """The people among `people` whose names best answer `query`, best first."""
    asked = asked_words(query)
    per_word = similar_words(asked)
    script = names.detect_script(query)
    candidates = candidate_ids(per_word, people, script)
    ids = shortlist(candidates, asked, per_word, max(RESCORE, limit), query)
    scored = [
        (names.match_score(query, person.full_name), person) for person in people.filter(pk__in=ids)
    ]
    alike = scripts_like(script)
    ranked = sorted(
        ((score, person) for score, person in scored if score >= names.SEARCH_FLOOR),
        # Among names that answer as well, those written as the query is written first.
        key=lambda item: (-item[0], item[1].script not in alike, item[1].pk),
    )[:limit]
    # Which words matched is worked out for the results shown, not every candidate.
    return [Found(p, score, names.matched_words(query, p.full_name)) for score, p in ranked]
