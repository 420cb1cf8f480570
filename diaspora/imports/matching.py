"""Is an imported row someone the registry already holds? A row is matched in
batches: its name word pairs, email and phone find candidates in a few queries per
batch of rows; the names package, birth date, email and phone then decide, and the
decision comes with its reasons.

A `Matcher` lives for one file: each distinct name is folded once, and the holders of
each name word pair are fetched once, with their birth dates, so that a namesake born
on another day is set aside without being compared (another birth date, no shared
email or phone: never the same person; see `nearby`).

Matching is scoped: a row is matched only to people the acting user may see. What it
resembles outside that reach is kept aside (`Matcher.outside`) for the review queue
alone, which shows a pair only to a role that sees both: to the importer the row is
a new person, told apart in nothing (verdict, counts, reasons) from any other."""

import contextlib
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain, combinations

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from diaspora import access, names
from diaspora.access import Action
from diaspora.accounts.models import User
from diaspora.bulk import one_of
from diaspora.directory.models import Organisation
from diaspora.names import lookup
from diaspora.people.likeness import Verdict, weigh
from diaspora.people.models import (
    Membership,
    NameWord,
    NameWordKey,
    Person,
    PersonNamePair,
    PersonNameWord,
)
from diaspora.people.name_words import NameFacts, pair_number
from diaspora.people.queries import current_people, visible_people

from .rows import Row, full_name

# Values per lookup: an IN (...) list under SQLite's limit of bound parameters; one
# array on PostgreSQL, where a query for fewer than some thousands of values costs
# a scan of the registry all the same.
LOOKUP = {"sqlite": 5000, "postgresql": 100_000}
FIELDS = ("id", "full_name", "birth_date", "email", "phone")


@dataclass
class Match:
    verdict: str
    person: Person | None = None
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


def chunks(values: Iterable, size: int | None = None) -> Iterable[list]:
    values = list(values)
    size = size or LOOKUP.get(connection.vendor, 5000)
    for start in range(0, len(values), size):
        yield values[start : start + size]


# Holders of a pair or word: birth date → ids (None: born on a day not known).
Holders = dict[date | None, list[int]]
Word = tuple[str, tuple[str, ...]]  # a name word's base form and its other readings


def nearby(born: date) -> set[date]:
    """The day and those a slip of the pen makes of it (a day off, day and month
    swapped, the year one off): a namesake born on any other day is not compared."""
    days = {born, born + timedelta(days=1), born - timedelta(days=1)}
    for year, month, day in (
        (born.year, born.day, born.month),
        (born.year - 1, born.month, born.day),
        (born.year + 1, born.month, born.day),
    ):
        with contextlib.suppress(ValueError):
            days.add(date(year, month, day))
    return days


def seen_by(user: User | None) -> QuerySet[Person] | None:
    """The people `user` may match against (access: people.import); None for
    everyone (the system, or a role reaching the whole network), so that the
    Committee's imports query nothing more."""
    if access.scope(user, Action.PEOPLE_IMPORT).everywhere:
        return None
    return visible_people(user, Action.PEOPLE_IMPORT)


class Matcher:
    def __init__(
        self,
        organisation: Organisation | None = None,
        facts: NameFacts | None = None,
        *,
        user: User | None,
    ) -> None:
        """`user` is the acting user, whose reach bounds the candidates (None: the
        system, which sees everyone)."""
        self.organisation = organisation
        self.facts = facts or NameFacts()
        self.seen = seen_by(user)
        # Row number → what the row resembles outside the reach (never a verdict).
        self.outside: dict[int, Match] = {}
        # name → its words (no patronymic): (base form, other readings)
        self.bases: dict[str, list[Word]] = {}
        self.days: dict[date, frozenset[date | None]] = {}  # birth date → days compared
        self.keys: dict[str, tuple[str, list[int]] | None] = {}  # name → `keys_of`
        self.word_ids: dict[Word, tuple[int, ...]] = {}  # → the NameWords it may be
        self.pairs: dict[int, Holders] = {}
        self.words: dict[int, Holders] = {}
        self.names: dict[int, str] = {}  # row number → full name, for the batch at hand
        self.members: set[int] = set()  # candidates already members of the organisation
        # People the import itself has written: never candidates, so that a commit
        # writing as it goes reaches the verdicts of a dry run.
        self.ignored: set[int] = set()

    def bases_of(self, name: str) -> list[Word]:
        found = self.bases.get(name)
        if found is None:
            keys = lookup.name_keys(name)
            found = [
                (base, lookup.readings_in(keys.get(base, set())))
                for base, _s, patronymic in self.facts.index_words(name)
                if not patronymic
            ]
            self.bases[name] = found
        return found

    def learn_words(self, words: set[Word]) -> None:
        """The stored words each of these may be: its base form or another reading of
        it, kept as a word or as another word's reading (Barbo, Barbeau's)."""
        missing = [word for word in words if word not in self.word_ids]
        forms = {form for base, readings in missing for form in (base, *readings)}
        found: dict[str, set[int]] = {}
        for chunk in chunks(forms):
            for form, pk in chain(
                NameWord.objects.filter(one_of("base", chunk)).values_list("base", "id"),
                NameWordKey.objects.filter(one_of("key", chunk)).values_list("key", "word_id"),
            ):
                found.setdefault(form, set()).add(pk)
        for base, readings in missing:
            ids = {pk for form in (base, *readings) for pk in found.get(form, ())}
            self.word_ids[base, readings] = tuple(sorted(ids))

    def learn_holders(self, kind: str, keys: set[int]) -> None:
        known = self.pairs if kind == "pair" else self.words
        missing = [key for key in keys if key not in known]
        for chunk in chunks(missing):
            for key in chunk:
                known[key] = {}
            if kind == "pair":
                query = PersonNamePair.objects.filter(one_of("pair", chunk)).values_list(
                    "pair", "person_id", "person__birth_date"
                )
            else:
                query = PersonNameWord.objects.filter(one_of("word_id", chunk)).values_list(
                    "word_id", "person_id", "person__birth_date"
                )
            for key, person, born in query:
                known[key].setdefault(born, []).append(person)

    def keys_of(self, words: list[Word]) -> tuple[str, list[int]] | None:
        """What finds a name's namesakes: its word pairs, or its one word."""
        known = [self.word_ids[word] for word in words if self.word_ids[word]]
        if len(known) >= 2:
            pairs = {
                pair_number(a, b)
                for first, second in combinations(known, 2)
                for a in first
                for b in second
                if a != b
            }
            return ("pair", sorted(pairs))
        if known and len(words) == 1:
            return ("word", list(known[0]))
        return None

    def candidates(self, rows: list[Row]) -> dict[int, set[int]]:
        """Row number → ids of people sharing two name words (one, for a one-word name),
        an email or a phone, and not born on another day unless they share a contact."""
        keys: dict[int, tuple[str, list[int]]] = {}
        bases = {row.number: self.bases_of(self.names[row.number]) for row in rows}
        self.learn_words({base for found in bases.values() for base in found})
        for row in rows:
            name = self.names[row.number]
            if name not in self.keys:
                self.keys[name] = self.keys_of(bases[row.number])
            if self.keys[name] is not None:
                keys[row.number] = self.keys[name]
        for kind in ("pair", "word"):
            self.learn_holders(kind, {k for kd, ks in keys.values() if kd == kind for k in ks})
        found_ids: dict[int, set[int]] = {row.number: set() for row in rows}
        for row in rows:
            if row.number not in keys:
                continue
            kind, wanted = keys[row.number]
            holders = self.pairs if kind == "pair" else self.words
            born = row.person.get("birth_date")
            days = None
            if born is not None:
                days = self.days.get(born)
                if days is None:
                    days = self.days[born] = frozenset((*nearby(born), None))
            into = found_ids[row.number]
            for key in wanted:
                by_birth = holders[key]
                if days is None:
                    for held in by_birth.values():
                        into.update(held)
                else:  # a few days, against a common name's hundreds of birth dates
                    for day in days:
                        held = by_birth.get(day)
                        if held:
                            into.update(held)
        self.add_contacts(rows, found_ids)
        return found_ids

    def add_contacts(self, rows: list[Row], found: dict[int, set[int]]) -> None:
        for name in ("email", "phone"):
            # Addresses are met without case, through the person_email_upper index.
            fold = str.upper if name == "email" else str
            column = Upper(name) if name == "email" else F(name)
            wanted: dict[str, list[int]] = {}
            for row in rows:
                if row.person.get(name):
                    wanted.setdefault(fold(row.person[name]), []).append(row.number)
            for chunk in chunks(wanted):
                # Unordered: the model's order by name would have SQLite walk that index.
                # A record merged into another keeps its contacts, but is history: never
                # a candidate (its survivor is, by its own).
                query = current_people().alias(key=column).filter(one_of("key", chunk)).order_by()
                for pk, value in query.values_list("pk", name):
                    for number in wanted.get(fold(value), ()):
                        found[number].add(pk)

    def match(self, rows: list[Row]) -> dict[int, "Match"]:
        """A verdict for each row without problems, keyed by row number."""
        usable = [row for row in rows if row.ok]
        self.names = {row.number: full_name(row.person) for row in usable}
        found = self.candidates(usable)
        if self.ignored:
            found = {number: pks - self.ignored for number, pks in found.items()}
        people: dict[int, Person] = {}
        members = self.members
        # Of the candidates, those in reach: tested on their ids in the database, as
        # a reach may hold millions (None: all are).
        seen: set[int] | None = None if self.seen is None else set()
        for chunk in chunks({pk for pks in found.values() for pk in pks}):
            for values in Person.objects.filter(one_of("pk", chunk)).order_by().values(*FIELDS):
                people[values["id"]] = Person(**values)
            if seen is not None:
                seen.update(
                    self.seen.filter(one_of("pk", chunk)).order_by().values_list("pk", flat=True)
                )
            if self.organisation is not None:
                members.update(
                    Membership.objects.filter(
                        one_of("person_id", chunk), organisation=self.organisation
                    )
                    .order_by()
                    .values_list("person_id", flat=True)
                )
        verdicts = {}
        for row in usable:
            name, candidates = self.names[row.number], sorted(found[row.number])
            inside = [people[pk] for pk in candidates if seen is None or pk in seen]
            verdicts[row.number] = match = decide(row, inside, members, name)
            if seen is not None and match.verdict != Verdict.MATCHED:
                self.resemble(row, [people[pk] for pk in candidates if pk not in seen], name)
        return verdicts

    def resemble(self, row: Row, people: list[Person], name: str) -> None:
        """Keep aside what the row resembles among people out of reach, for the review
        queue. Weighed as a candidate in reach is, so that such a row takes the time
        any row with namesakes takes."""
        if not people:
            return
        found = decide(row, people, frozenset(), name)
        if found.verdict != Verdict.NEW:
            self.outside[row.number] = found


def decide(
    row: Row, people: list[Person], members: AbstractSet[int] = frozenset(), name: str = ""
) -> Match:
    """The best verdict among the candidates. A row that reads exactly as a record
    this organisation already holds (an earlier import of the row, perhaps held for
    review then) is that record."""
    if not people:
        return Match(Verdict.NEW)
    name = name or full_name(row.person)
    best, best_rank = None, (False, False, 0.0)
    for person in people:
        likeness = weigh(name, row.person, person)
        verdict, member = likeness.verdict, False
        if (
            verdict == Verdict.REVIEW
            and person.pk in members
            and row.person.get("birth_date") == person.birth_date
            and names.fold(name) == names.fold(person.full_name)
        ):
            verdict, member = Verdict.MATCHED, True
        rank = (verdict == Verdict.MATCHED, verdict == Verdict.REVIEW, round(likeness.score, 3))
        if rank > best_rank:
            best, best_rank = (person, verdict, likeness, member), rank
    if best is None:
        return Match(Verdict.NEW)
    person, verdict, likeness, member = best
    reasons = likeness.explained(name, person.full_name)
    if member:
        reasons.append(_("already a member under this name"))
    return Match(verdict, person, best_rank[2], reasons)
