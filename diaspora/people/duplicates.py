"""Finding records of one person across the registry, or, for a scan a user starts,
across the people that user may see (matching is scoped as every read is).

Records are compared only within blocks:

* people who share a pair of name words (every spelling of "Rəşad Əliyev" shares
  one). Within a block, only people whose dates of birth are the same or a slip
  apart, or who share an email or a phone, meet: a block of a common name holds
  thousands of namesakes.
* people who share one name word and a date of birth, an email or a phone, and no
  pair of words: a name with a typo ("Rəşad Əliyyev") shares only one word; or
  whose words meet only through another reading of one (Jan Kachler, Ян Кахлер)
  and a date of birth.

Within a block, the dates of birth and contacts are looked at first; the names are
compared only where they could make the verdict. Each pair that may be one person is
kept for review with its score and reasons; a pair already kept, or dismissed, is
not raised again."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from heapq import merge
from itertools import combinations, groupby
from typing import NamedTuple

from django.db.models import CharField, F, QuerySet
from django.db.models.functions import Cast, Lower

from diaspora import access, names
from diaspora.access import Action
from diaspora.accounts.models import User
from diaspora.names import lookup

from .likeness import Evidence, Verdict, born, judge, possible, reasons
from .models import DuplicatePair, NameWordKey, Person, PersonNamePair, PersonNameWord
from .queries import current_people, visible_people

BLOCK = 6  # people compared with each other directly; in larger blocks, those sharing a key
RARE = 20  # a name pair held by at most this many people: a slip in a birth date counts
CROWD = 500  # more people than this on one key (a placeholder email, an office's phone)
# tell nobody apart: such a key brings no pairs
BATCH = 5000


class Record(NamedTuple):
    pk: int
    full_name: str
    birth_date: date | None
    email: str  # lowercased
    phone: str


def evidence(a: Record, b: Record) -> Evidence:
    return Evidence(
        born=born(a.birth_date, b.birth_date),
        email=bool(a.email) and a.email == b.email,
        phone=bool(a.phone) and a.phone == b.phone,
    )


def grouped(rows: Iterable[tuple], total: int = 0, progress=None) -> Iterator[list[int]]:
    """Ids of people sharing the leading values of `rows` (…, person id), block by
    block; rows come sorted by those values."""
    seen = 0
    for _key, group in groupby(rows, key=lambda row: row[:-1]):
        ids = [row[-1] for row in group]
        seen += len(ids)
        if progress is not None and total:
            progress(min(99, seen * 100 // total))
        if len(ids) > 1:
            yield ids


def scanned(by: User | None) -> QuerySet[Person] | None:
    """The people a scan started by `by` compares; None: the whole registry (the
    system, or a role at the root), read without a join."""
    if access.scope(by, Action.PEOPLE_MERGE).everywhere:
        return None
    return visible_people(by, Action.PEOPLE_MERGE)


def pair_blocks(
    progress: Callable[[int], None] | None, within: QuerySet[Person] | None = None
) -> Iterator[list[int]]:
    """People sharing a name word pair (of `within`, when given), streamed in pair order."""
    pairs = PersonNamePair.objects.all()
    if within is not None:
        pairs = pairs.filter(person__in=within.values("pk"))
    rows = pairs.order_by("pair", "person_id").values_list("pair", "person_id")
    return grouped(rows.iterator(chunk_size=BATCH), pairs.count(), progress)


def loose_blocks(within: QuerySet[Person] | None = None) -> Iterator[list[int]]:
    """People (of `within`, when given) sharing a name word and a date of birth, or an
    email, or a phone."""
    words = PersonNameWord.objects.filter(person__birth_date__isnull=False)
    if within is not None:
        words = words.filter(person__in=within.values("pk"))
    words = (
        words.annotate(born=Cast("person__birth_date", CharField()))  # compared, never read
        .order_by("word_id", "born", "person_id")
        .values_list("word_id", "born", "person_id")
    )
    yield from grouped(words.iterator(chunk_size=BATCH))
    yield from grouped(reading_rows(within))
    people = current_people() if within is None else within
    emails = (
        people.exclude(email="")
        .annotate(address=Lower("email"))
        .order_by("address", "pk")
        .values_list("address", "pk")
    )
    yield from grouped(emails.iterator(chunk_size=BATCH))
    phones = people.exclude(phone="").order_by("phone", "pk").values_list("phone", "pk")
    yield from grouped(phones.iterator(chunk_size=BATCH))


def reading_rows(within: QuerySet[Person] | None) -> Iterator[tuple]:
    """(reading, birth date, person) of people whose name words meet through another
    reading (Kachler, read Kaxler as Кахлер is): a word read so, or a word written so."""
    words = PersonNameWord.objects.filter(person__birth_date__isnull=False)
    if within is not None:
        words = words.filter(person__in=within.values("pk"))
    readings = NameWordKey.objects.all()
    for mark in lookup.MARKS:
        readings = readings.exclude(key__startswith=mark)
    born = Cast("person__birth_date", CharField())
    read = (
        words.filter(word__in=readings.values("word_id"))
        .annotate(form=F("word__keys__key"), born=born)
        .filter(form__in=readings.values("key"))
    )
    written = words.filter(word__base__in=readings.values("key")).annotate(
        form=F("word__base"), born=born
    )
    return merge(
        *(
            rows.order_by("form", "born", "person_id")
            .values_list("form", "born", "person_id")
            .iterator(chunk_size=BATCH)
            for rows in (read, written)
        )
    )


def keys(record: Record) -> list[tuple]:
    """What two people of a block must share to be compared: a date of birth or one a
    slip away (a day, day and month swapped, the year), an email, a phone. Without
    one of these no name makes them one person (`likeness.possible`), so the keys
    lose nothing and spare comparing every namesake with every other."""
    found: list[tuple] = []
    born = record.birth_date
    if born is not None:
        day = born.toordinal()
        found += [
            ("days", day // 2),  # the same day, or a day apart: one of the two
            ("days'", (day + 1) // 2),
            ("year", born.month, born.day),  # the year mistyped
            ("swap", born.year, *sorted((born.month, born.day))),
        ]
    if record.email:
        found.append(("email", record.email))
    if record.phone:
        found.append(("phone", record.phone))
    return found


def pairs_in(block: list[Record]) -> Iterator[tuple[Record, Record]]:
    """Everyone with everyone in a small block; in a larger one, those who share a key."""
    if len(block) <= BLOCK:
        yield from combinations(block, 2)
        return
    meeting: dict[tuple, list[Record]] = defaultdict(list)
    for record in block:
        for key in keys(record):
            meeting[key].append(record)
    seen: set[tuple[int, int]] = set()
    for group in meeting.values():
        if len(group) > CROWD:
            continue
        for a, b in combinations(group, 2):
            if (a.pk, b.pk) not in seen:
                seen.add((a.pk, b.pk))
                yield a, b


def scan(progress: Callable[[int], None] | None = None, *, by: User | None = None) -> int:
    """Compare the registry block by block; returns how many pairs are new for review.
    `by` is the user who started the scan, and the scan asks as them: only the people
    they may merge (access: people.merge) are compared (None: the system, the whole
    registry). Writes only review pairs, which the review pages show by the same rule."""
    known = set(DuplicatePair.objects.values_list("first_id", "second_id"))
    created = 0
    within = scanned(by)
    for loose, blocks in ((False, pair_blocks(progress, within)), (True, loose_blocks(within))):
        waiting: list[list[int]] = []
        held = 0
        for ids in blocks:
            waiting.append(ids)
            held += len(ids)
            if held >= BATCH:
                created += compare(waiting, known, loose=loose)
                waiting, held = [], 0
        created += compare(waiting, known, loose=loose)
    return created


def compare(waiting: list[list[int]], known: set[tuple[int, int]], *, loose: bool) -> int:
    """The pairs in these blocks that may be one person, saved for review. In loose
    blocks, people who share a pair of name words are left out: their pair's block
    compared them."""
    wanted = {pk for ids in waiting for pk in ids}
    people = {
        pk: Record(pk, name, birth_date, email.lower(), phone)
        for pk, name, birth_date, email, phone in Person.objects.filter(
            pk__in=wanted, merged_into__isnull=True
        ).values_list("pk", "full_name", "birth_date", "email", "phone")
    }
    word_pairs: dict[int, set[int]] = defaultdict(set)
    if loose:
        for person, pair in PersonNamePair.objects.filter(person_id__in=people).values_list(
            "person_id", "pair"
        ):
            word_pairs[person].add(pair)
    found = []
    for ids in waiting:
        block = [people[pk] for pk in sorted(ids) if pk in people]
        rare = not loose and len(block) <= RARE
        for a, b in pairs_in(block):
            if (a.pk, b.pk) in known or (loose and word_pairs[a.pk] & word_pairs[b.pk]):
                continue
            facts = evidence(a, b)
            if not possible(facts):
                continue
            score = names.similarity(a.full_name, b.full_name)
            verdict = judge(score, facts, cautious=False, rare=rare)
            if verdict == Verdict.NEW:
                continue
            known.add((a.pk, b.pk))
            found.append(
                DuplicatePair(
                    first_id=a.pk,
                    second_id=b.pk,
                    score=round(score, 3),
                    reasons=reasons(a.full_name, b.full_name, score, facts),
                    same_person=verdict == Verdict.MATCHED,
                )
            )
    DuplicatePair.objects.bulk_create(found, batch_size=BATCH, ignore_conflicts=True)
    return len(found)
