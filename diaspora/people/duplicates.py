"""Finding records of one person across the whole registry.

Records are compared only within blocks of people who share a pair of name words
(every spelling of "Rəşad Əliyev" shares one); a block of a very common name is cut
further by date of birth. Each pair that may be one person is kept for review with
its score and reasons; a pair already dismissed is not raised again."""

from collections.abc import Callable, Iterator
from itertools import combinations, groupby

from .likeness import Verdict, values_of, weigh
from .models import DuplicatePair, Person, PersonNamePair

BLOCK = 40  # people compared with each other directly; larger blocks are cut by birth date
BATCH = 5000


def blocks(total: int, progress: Callable[[int], None] | None) -> Iterator[list[int]]:
    """Ids of people sharing a name word pair, block by block, streamed in pair order."""
    rows = PersonNamePair.objects.order_by("pair", "person_id").values_list("pair", "person_id")
    seen = 0
    for _pair, group in groupby(rows.iterator(chunk_size=BATCH), key=lambda row: row[0]):
        ids = [person for _pair, person in group]
        seen += len(ids)
        if progress is not None and total:
            progress(min(99, seen * 100 // total))
        if len(ids) > 1:
            yield ids


def pairs_in(people: list[Person]) -> Iterator[tuple[Person, Person]]:
    if len(people) <= BLOCK:
        yield from combinations(people, 2)
        return
    dated = sorted((p for p in people if p.birth_date), key=lambda p: p.birth_date)
    for _born, same_day in groupby(dated, key=lambda p: p.birth_date):
        yield from combinations(list(same_day), 2)


def scan(progress: Callable[[int], None] | None = None) -> int:
    """Compare the registry block by block; returns how many pairs are new for review."""
    known = set(DuplicatePair.objects.values_list("first_id", "second_id"))
    created = 0
    waiting: list[list[int]] = []
    for ids in blocks(PersonNamePair.objects.count(), progress):
        waiting.append(ids)
        if sum(map(len, waiting)) >= BATCH:
            created += compare(waiting, known)
            waiting = []
    return created + compare(waiting, known)


def compare(waiting: list[list[int]], known: set[tuple[int, int]]) -> int:
    """The pairs in these blocks that may be one person, saved for review."""
    people = Person.objects.filter(merged_into__isnull=True).in_bulk(
        {pk for ids in waiting for pk in ids}
    )
    found = []
    for ids in waiting:
        block = [people[pk] for pk in sorted(ids) if pk in people]
        for a, b in pairs_in(block):
            if (a.pk, b.pk) in known:
                continue
            likeness = weigh(a.full_name, values_of(a), b)
            if likeness.verdict == Verdict.NEW:
                continue
            known.add((a.pk, b.pk))
            found.append(
                DuplicatePair(
                    first=a,
                    second=b,
                    score=likeness.score,
                    reasons=likeness.reasons,
                    same_person=likeness.verdict == Verdict.MATCHED,
                )
            )
    DuplicatePair.objects.bulk_create(found, batch_size=BATCH, ignore_conflicts=True)
    return len(found)
