"""Is an imported row someone the registry already holds? A row is matched in
batches: its name word pairs, email and phone find candidates in a few queries per
thousand rows; the names package, birth date, email and phone then decide, and the
decision comes with its reasons."""

from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Q

from diaspora import names
from diaspora.people.likeness import Verdict
from diaspora.people.likeness import weigh as weigh_person
from diaspora.people.models import NameWord, Person, PersonNamePair, PersonNameWord
from diaspora.people.name_words import pair_number

from .rows import Row


@dataclass
class Match:
    verdict: str
    person: Person | None = None
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


def full_name(values: dict) -> str:
    return (
        values.get("full_name")
        or " ".join(
            values.get(part, "") for part in ("given_name", "patronymic", "surname")
        ).strip()
    )


def candidates(rows: list[Row]) -> dict[int, set[int]]:
    """Row number → ids of people sharing two name words, an email or a phone."""
    words = {
        row.number: [b for b, _s, p in names.index_words(full_name(row.person)) if not p]
        for row in rows
    }
    ids = dict(
        NameWord.objects.filter(
            base__in={base for bases in words.values() for base in bases}
        ).values_list("base", "id")
    )
    wanted_pairs: dict[int, set[int]] = {}
    wanted_words: dict[int, set[int]] = {}
    for number, bases in words.items():
        known = sorted({ids[base] for base in bases if base in ids})
        if len(known) >= 2:
            wanted_pairs[number] = {pair_number(a, b) for a, b in combinations(known, 2)}
        elif known and len(bases) == 1:
            wanted_words[number] = set(known)
    holders: dict[int, set[int]] = {}
    for pair, person in PersonNamePair.objects.filter(
        pair__in={pair for pairs in wanted_pairs.values() for pair in pairs}
    ).values_list("pair", "person_id"):
        holders.setdefault(pair, set()).add(person)
    word_holders: dict[int, set[int]] = {}
    for word, person in PersonNameWord.objects.filter(
        word_id__in={w for ws in wanted_words.values() for w in ws}
    ).values_list("word_id", "person_id"):
        word_holders.setdefault(word, set()).add(person)
    found = {row.number: set() for row in rows}
    for number, pairs in wanted_pairs.items():
        for pair in pairs:
            found[number] |= holders.get(pair, set())
    for number, word_ids in wanted_words.items():
        for word in word_ids:
            found[number] |= word_holders.get(word, set())
    emails = {row.person["email"]: row.number for row in rows if row.person.get("email")}
    phones = {row.person["phone"]: row.number for row in rows if row.person.get("phone")}
    if emails or phones:
        contact = Q(email__in=list(emails)) | Q(phone__in=list(phones))
        for pk, email, phone in Person.objects.filter(contact).values_list("pk", "email", "phone"):
            for number in (emails.get(email), phones.get(phone)):
                if number is not None:
                    found[number].add(pk)
    return found


def match_rows(rows: list[Row]) -> dict[int, Match]:
    """A verdict for each row without problems, keyed by row number."""
    usable = [row for row in rows if row.ok]
    found = candidates(usable)
    people = Person.objects.in_bulk({pk for pks in found.values() for pk in pks})
    return {row.number: decide(row, [people[pk] for pk in found[row.number]]) for row in usable}


def decide(row: Row, people: list[Person]) -> Match:
    best = Match(Verdict.NEW)
    name = full_name(row.person)
    for person in people:
        match = weigh(row, name, person)
        rank = (match.verdict == Verdict.MATCHED, match.verdict == Verdict.REVIEW, match.score)
        if rank > (best.verdict == Verdict.MATCHED, best.verdict == Verdict.REVIEW, best.score):
            best = match
    return best


def weigh(row: Row, name: str, person: Person) -> Match:
    likeness = weigh_person(name, row.person, person)
    return Match(likeness.verdict, person, likeness.score, likeness.reasons)
