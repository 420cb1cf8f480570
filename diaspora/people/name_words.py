"""The folded words of every person's name, kept beside the name so that search can
find any spelling. Derived data: written by the people services whenever a name
changes, and rebuilt in bulk by `manage.py reindex_names`."""

from collections.abc import Iterable
from itertools import combinations

from django.db import transaction

from diaspora import bulk, names
from diaspora.names import lookup

from .models import NameWord, NameWordKey, Person, PersonNamePair, PersonNameWord

BATCH = 5000


def word_ids(bases: dict[str, str]) -> dict[str, int]:
    """Ids of the distinct words (base → skeleton), creating the missing ones."""
    wanted = list(bases)
    known: dict[str, int] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        known.update(NameWord.objects.filter(bulk.one_of("base", chunk)).values_list("base", "id"))
    # In one order for every writer: two names holding the same new words in another
    # order ("A B", "B A") would otherwise wait for each other's rows on PostgreSQL.
    missing = [NameWord(base=b, skeleton=bases[b]) for b in sorted(bases) if b not in known]
    if missing:
        NameWord.objects.bulk_create(missing, batch_size=BATCH, ignore_conflicts=True)
        for start in range(0, len(missing), BATCH):
            chunk = [word.base for word in missing[start : start + BATCH]]
            known.update(
                NameWord.objects.filter(bulk.one_of("base", chunk)).values_list("base", "id")
            )
    return known


def store_keys(ids: dict[str, int], keys: dict[str, set[str]]) -> None:
    """Keep the further keys (`names.lookup`) of these words, ids by base form, and
    the readings among them on the word itself; what is kept already stays."""
    rows = sorted({(key[:100], ids[base]) for base, found in keys.items() for key in found})
    NameWordKey.objects.bulk_create(
        [NameWordKey(key=key, word_id=word) for key, word in rows],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    read = {ids[base]: lookup.readings_in(found) for base, found in keys.items()}
    read = {word: readings for word, readings in read.items() if readings}
    changed = []
    words = list(read)
    for start in range(0, len(words), BATCH):
        chunk = words[start : start + BATCH]
        for word in NameWord.objects.filter(pk__in=chunk).only("pk", "readings"):
            held = word.readings.split()
            joined = " ".join(sorted({*held, *read[word.pk]}))[:255]
            if joined != word.readings:
                word.readings = joined
                changed.append(word)
    NameWord.objects.bulk_update(changed, ["readings"], batch_size=BATCH)


def keys_of_names(full_names: Iterable[str]) -> dict[str, set[str]]:
    """{base: its further keys} of the words of these names."""
    found: dict[str, set[str]] = {}
    for full_name in full_names:
        for base, keys in lookup.name_keys(full_name).items():
            found.setdefault(base[:100], set()).update(keys)
    return found


class NameFacts:
    """What the names package says of each distinct name, worked out once for a whole
    import: a list of a million rows holds some 400,000 names, more than the package's
    own caches keep, and both the check and the writing ask about each."""

    def __init__(self) -> None:
        self.indexed: dict[str, list[tuple[str, str, bool]]] = {}  # names.index_words
        self.folded: dict[str, str] = {}  # names.fold
        self.scripts: dict[str, str] = {}  # names.detect_script
        # name → its (word id, is the patronymic) and its pairs, as `index_new` stores
        # them: word ids hold for the transaction that learnt them, as the facts do.
        self.rows: dict[str, tuple[list[tuple[int, bool]], list[int]]] = {}

    def learn(self, name: str) -> None:
        if name not in self.indexed:
            self.indexed[name] = names.index_words(name)
            self.folded[name] = names.fold(name)  # while the name's words are cached
            self.scripts[name] = names.detect_script(name)

    def index_words(self, name: str) -> list[tuple[str, str, bool]]:
        self.learn(name)
        return self.indexed[name]

    def fold(self, name: str) -> str:
        self.learn(name)
        return self.folded[name]


def words_of_name(full_name: str, facts: NameFacts | None = None) -> dict[str, tuple[str, bool]]:
    """{base: (skeleton, is the patronymic)} of one name; a word said twice counts once."""
    held: dict[str, tuple[str, bool]] = {}
    indexed = facts.index_words(full_name) if facts else names.index_words(full_name)
    for whole, skeleton, patronymic in indexed:
        base = whole[:100]
        if base and (base not in held or held[base][1]):
            held[base] = (skeleton[:100], patronymic)
    return held


def words_of(people: Iterable[Person]) -> dict[int, dict[str, tuple[str, bool]]]:
    """person id → {base: (skeleton, is the patronymic)}; a word said twice counts once."""
    found: dict[int, dict[str, tuple[str, bool]]] = {}
    for person in people:
        held: dict[str, tuple[str, bool]] = {}
        found[person.pk] = held
        if person.merged_into_id is None:  # merged records: found through the survivor
            held.update(words_of_name(person.full_name))
    return found


@transaction.atomic
def index_people(people: list[Person]) -> None:
    """Store the name words of these people, replacing what they had."""
    held = words_of(people)
    ids = word_ids({base: s for words in held.values() for base, (s, _p) in words.items()})
    live = [person.full_name for person in people if person.merged_into_id is None]
    store_keys(ids, keys_of_names(live))
    PersonNameWord.objects.filter(person_id__in=held).delete()
    PersonNamePair.objects.filter(person_id__in=held).delete()
    PersonNameWord.objects.bulk_create(
        [
            PersonNameWord(person_id=person_id, word_id=ids[base], patronymic=patronymic)
            for person_id, words in held.items()
            for base, (_skeleton, patronymic) in words.items()
        ],
        batch_size=BATCH,
    )
    PersonNamePair.objects.bulk_create(
        [
            PersonNamePair(person_id=person_id, pair=pair)
            for person_id, words in held.items()
            for pair in pairs_of([ids[base] for base in words])
        ],
        batch_size=BATCH,
    )


def index_new(people: Iterable[tuple[int, str]], facts: NameFacts | None = None) -> None:
    """Store the name words of people just created, given as (id, full name): nothing
    to replace, each distinct name folded once (once per import, given its `facts`),
    the rows written in bulk."""
    facts = facts or NameFacts()
    held = list(people)
    names_held = {name for _pk, name in held}
    fresh = {name: words_of_name(name, facts) for name in names_held if name not in facts.rows}
    ids = word_ids({b: s for words in fresh.values() for b, (s, _p) in words.items()})
    store_keys(ids, keys_of_names(fresh))
    for name, words in fresh.items():
        found = [(ids[base], patronymic) for base, (_s, patronymic) in words.items()]
        facts.rows[name] = (found, sorted(pairs_of([word for word, _p in found])))
    rows = facts.rows
    bulk.insert(
        PersonNameWord,
        ["person_id", "word_id", "patronymic"],
        ((pk, word, patronymic) for pk, name in held for word, patronymic in rows[name][0]),
        numbers=True,
    )
    bulk.insert(
        PersonNamePair,
        ["person_id", "pair"],
        ((pk, pair) for pk, name in held for pair in rows[name][1]),
        numbers=True,
    )


def pair_number(first: int, second: int) -> int:
    low, high = sorted((first, second))
    return (low << 32) | high


def pairs_of(word_ids: list[int]) -> set[int]:
    return {pair_number(a, b) for a, b in combinations(sorted(set(word_ids)), 2)}


def reindex_all(*, batch: int = BATCH) -> int:
    """Rebuild every person's name words; returns how many people were indexed."""
    done = 0
    last = 0
    while True:
        people = list(Person.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not people:
            return done
        index_people(people)
        done += len(people)
        last = people[-1].pk
