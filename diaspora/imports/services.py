"""Bringing a member list into the registry: check it (a dry run that names every
problem and every warning), then commit it in one transaction. A file with any
problem is refused whole; a warning (an optional value we cannot read, kept as
written on the person) lets its row in. Importing the same file again changes
nothing, because every row it brought is matched to the person it created."""

import hashlib
import queue
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from diaspora import access, bulk
from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.accounts.models import User
from diaspora.directory.models import Organisation
from diaspora.people import services as people
from diaspora.people.models import DuplicatePair, Membership, Person
from diaspora.people.name_words import NameFacts

from . import columns
from .matching import Match, Matcher, Verdict
from .models import ColumnMapping, ImportBatch
from .readers import Rejected, Table, read_table
from .rows import Problem, Row, RowReader, full_name

BATCH = 50_000  # rows matched per round of queries
BESIDE_FROM = 50_000  # rows from which PostgreSQL matches them in a thread of its own
WRITE_BATCH = 50_000  # new people registered per step of a commit
PROBLEMS_KEPT = 1000
IMPORT_LOCK = 4_200_001  # PostgreSQL advisory lock class: commits into one organisation


class RowsRejected(Rejected):
    """Rows with problems: the file is refused whole; the report names them."""

    def __init__(self, report: "Report") -> None:
        super().__init__(
            _("%(count)d rows have problems; nothing was imported. Correct them and try again.")
            % {"count": report.counts["errors"]}
        )
        self.report = report


@dataclass
class Report:
    table: Table
    mapping: dict[int, str]
    rows: list[Row]
    matches: dict[int, Match] = field(default_factory=dict)
    earlier: ImportBatch | None = None  # the same file, imported before
    batch: ImportBatch | None = None
    facts: NameFacts = field(default_factory=NameFacts)  # of the file's names
    members: set[int] = field(default_factory=set)  # matched people already members
    # Row number → whom the row resembles out of the importer's reach: for the review
    # queue only, never shown (see `matching`).
    outside: dict[int, Match] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        return [problem for row in self.rows for problem in row.problems]

    @property
    def warnings(self) -> list[Problem]:
        return [warning for row in self.rows for warning in row.warnings]

    @property
    def per_cent_read(self) -> int:
        """Of the table's rows, checked so far; 100 only once all is done."""
        return min(99, len(self.rows) * 100 // max(len(self.table.rows), 1))

    @property
    def counts(self) -> dict[str, int]:
        verdicts = Counter(match.verdict for match in self.matches.values())
        return {
            "rows": len(self.rows),
            "new": verdicts[Verdict.NEW],
            "matched": verdicts[Verdict.MATCHED],
            "review": verdicts[Verdict.REVIEW],
            "errors": sum(not row.ok for row in self.rows),
            "warnings": sum(bool(row.warnings) for row in self.rows),
        }


def check(
    data: bytes,
    filename: str,
    *,
    organisation: Organisation,
    by: User | None,
    mapping: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Read, check and match a file without writing anything. `by` is the acting
    user: rows are matched only against the people they may import (None: the
    system, which sees everyone). Checks its caller: `by` must import people
    (access: people.import) into the organisation, else PermissionDenied.
    `mapping` (header as written → field) overrides the organisation's saved one;
    `progress` hears the per cent of rows matched."""
    access.require(by, Action.PEOPLE_IMPORT, organisation)
    report = Report(*read(data, filename, organisation, mapping), [])
    matcher = Matcher(organisation, report.facts, user=by)
    for _batch in checked(report, matcher, progress):
        pass
    report.earlier = earlier_import(organisation, data)
    return report


def earlier_import(organisation: Organisation, data: bytes) -> ImportBatch | None:
    """The last import of the same file into the organisation, if any."""
    return imported_before(organisation.pk, hashlib.sha256(data).hexdigest())


def imported_before(
    organisation: int, sha256: str, batch: ImportBatch | None = None
) -> ImportBatch | None:
    """The last import of the file with this digest into the organisation (before
    `batch`, when given), if any."""
    found = ImportBatch.objects.filter(
        organisation_id=organisation, sha256=sha256, status=ImportBatch.Status.COMMITTED
    )
    if batch is not None:
        found = found.filter(created_at__lt=batch.created_at).exclude(pk=batch.pk)
    return found.order_by("-created_at").first()


def read(
    data: bytes, filename: str, organisation: Organisation, mapping: dict[str, str] | None
) -> tuple[Table, dict[int, str]]:
    """The table and which column holds what (the organisation's saved choice unless
    `mapping` is given)."""
    table = read_table(data, filename)
    if mapping is None:
        saved = ColumnMapping.objects.filter(organisation=organisation).first()
        mapping = saved.mapping if saved else None
    return table, columns.suggest(table.header, mapping)


def checked(
    report: Report, matcher: Matcher, progress: Callable[[int], None] | None = None
) -> Iterator[list[Row]]:
    """Check and match the report's table batch by batch, filling in the report;
    yields each batch once its verdicts are final, so that a commit can write it
    while the next is read (by forked processes) and matched."""
    table = report.table
    first: dict[tuple[str, object], int] = {}  # see `same_in_file`
    waiting: list[Row] = []  # read, not yet matched
    for part in RowReader(table, report.mapping).parts(report.facts):
        report.rows.extend(part)
        waiting.extend(part)
        if len(waiting) >= BATCH or len(report.rows) == len(table.rows):
            report.matches.update(matcher.match(waiting))
            same_in_file(report, waiting, first)
            report.members |= matcher.members
            report.outside.update(matcher.outside)
            matcher.outside.clear()
            yield waiting
            waiting = []
        if progress is not None:  # as each part is read, so that the bar moves
            progress(report.per_cent_read)


def same_in_file(report: Report, rows: list[Row], first: dict[tuple[str, object], int]) -> None:
    """A person listed twice in one file is created once: the later rows are matched
    to the first (same folded name and date of birth). `first` holds the rows seen in
    earlier batches by that key."""
    for row in rows:
        match = report.matches.get(row.number)
        if match is None or match.verdict not in (Verdict.NEW, Verdict.REVIEW):
            continue
        key = (report.facts.fold(full_name(row.person)), row.person.get("birth_date"))
        if key in first:
            report.matches[row.number] = Match(
                Verdict.MATCHED, reasons=[_("the same person as row %(row)d") % {"row": first[key]}]
            )
        else:
            first[key] = row.number


@transaction.atomic
def commit(
    data: bytes,
    filename: str,
    *,
    organisation: Organisation,
    by: User | None,
    mapping: dict[str, str] | None = None,
    batch: ImportBatch | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Check, then write the whole file or nothing: new people registered as members,
    people already on the registry given the membership they lack, rows that may be
    someone already there registered too and put in the duplicate review queue with
    the person they may be. The outcome goes into `batch` (a new one when none is
    given). `progress` hears the per cent done.

    `by` is the acting user, and rows are matched only against the people they may
    import (None: the system, which sees everyone); a row resembling someone out of
    their reach is registered as new and queued beside that person for review.
    Checks its caller: `by` must import people (access: people.import) into the
    organisation, else PermissionDenied; a task asks as the user it acts for.

    Each batch of rows is written as soon as it is checked, while the next is read
    and matched; a problem in any row undoes it all (the transaction) and refuses the
    file with every problem named. The people written are never candidates for the
    rows that follow, so the verdicts are those of a dry run."""
    access.require(by, Action.PEOPLE_IMPORT, organisation)
    report = Report(*read(data, filename, organisation, mapping), [])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # One commit at a time into an organisation: the next waits for this one,
            # then matches its rows against the people this one wrote (two lists
            # sharing a person would otherwise both create them). SQLite writes one
            # transaction at a time anyway.
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [IMPORT_LOCK, organisation.pk])
            # Foreign keys checked as each row arrives, while the next ones are
            # prepared, rather than all millions at the commit.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    report.earlier = earlier_import(organisation, data)
    matcher = Matcher(organisation, report.facts, user=by)
    batches = checked(report, matcher)
    if connection.vendor == "postgresql" and len(report.table.rows) >= BESIDE_FROM:
        # Matched on a connection of its own, which sees the registry as it was.
        batches = beside(batches)
    created: dict[int, int] = {}  # row number → the person registered from it
    refused = False
    held = (Verdict.NEW, Verdict.REVIEW)
    for rows in batches:
        refused = refused or not all(row.ok for row in rows)
        if refused:
            continue  # read on, to name every problem
        new = [row for row in rows if report.matches[row.number].verdict in held]
        for start in range(0, len(new), WRITE_BATCH):
            part = new[start : start + WRITE_BATCH]
            ids = people.register_rows(
                [row.person for row in part],
                by=by,
                organisation=organisation,
                roles=[row.role for row in part],
                since=[row.member_since for row in part],
                facts=report.facts,
            )
            created.update(zip((row.number for row in part), ids, strict=True))
            matcher.ignored.update(ids)
        if progress is not None:
            progress(report.per_cent_read)
    if refused:
        raise RowsRejected(report)
    by_number = {row.number: row for row in report.rows}
    queue_for_review(report, created)
    join(report, by_number, organisation.pk, by)
    batch = batch or ImportBatch(organisation=organisation, filename=filename[:255])
    report.batch = describe(batch, report, data, by, ImportBatch.Status.COMMITTED)
    ColumnMapping.objects.update_or_create(
        organisation=organisation, defaults={"mapping": report.batch.mapping}
    )
    return report


def beside(batches: Iterator[list[Row]]) -> Iterator[list[Row]]:
    """The batches, produced by a thread of their own (with its own database
    connection and the caller's language) a batch or two ahead of the caller."""
    language = translation.get_language()
    handed: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def hand(item: tuple[str, Any]) -> bool:
        """Whether the caller will take it: not once it has stopped taking."""
        while not stop.is_set():
            try:
                handed.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            with translation.override(language):
                for rows in batches:
                    if not hand(("rows", rows)):
                        return
            hand(("end", None))
        except BaseException as error:  # handed to the caller, raised there
            hand(("error", error))
        finally:
            batches.close()  # here, where it runs: its reading processes end
            connection.close()

    thread = threading.Thread(target=produce, name="import-check", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = handed.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        thread.join()


def queue_for_review(report: Report, created: dict[int, int]) -> int:
    """Each row held for review, now registered, goes into the duplicate review queue
    with the person it may be and the reasons, and so does each registered row that
    resembles someone out of the importer's reach (the queue shows a pair only to a
    role that sees both); returns how many pairs are new."""
    held = [
        (number, match)
        for number, match in report.matches.items()
        if match.verdict == Verdict.REVIEW and match.person is not None
    ]
    pairs = [
        DuplicatePair(
            first_id=min(created[number], match.person.pk),
            second_id=max(created[number], match.person.pk),
            score=match.score,
            reasons=match.reasons,
            same_person=False,
        )
        for number, match in (*held, *report.outside.items())
        if number in created and match.person is not None
    ]
    DuplicatePair.objects.bulk_create(pairs, batch_size=5000, ignore_conflicts=True)
    return len(pairs)


def join(report: Report, by_number: dict[int, Row], organisation: int, by: User | None) -> None:
    """Memberships for the matched people who are not yet members (as the check,
    in the same transaction, found them)."""
    matched = {
        m.person.pk: by_number[n]
        for n, m in report.matches.items()
        if m.verdict == Verdict.MATCHED and m.person is not None
    }
    joining = [(pk, row) for pk, row in matched.items() if pk not in report.members]
    now = timezone.now()
    bulk.insert(
        Membership,
        *bulk.plain_rows(
            Membership,
            (
                {
                    "person_id": pk,
                    "organisation_id": organisation,
                    "role": row.role,
                    "started_on": row.member_since,
                }
                for pk, row in joining
            ),
            now=now,
        ),
    )
    audit.record_rows(
        actor=by,
        action="add membership",
        target_type=Person._meta.label_lower,
        changes=(
            (pk, {"organisation": [None, organisation], "role": [None, row.role]})
            for pk, row in joining
        ),
        now=now,
    )


def describe(
    batch: ImportBatch, report: Report, data: bytes, by: User | None, status: str
) -> ImportBatch:
    """Save what a check or an import found into its batch."""
    header = report.table.header
    batch.sha256 = hashlib.sha256(data).hexdigest()
    batch.format, batch.encoding = report.table.format, report.table.encoding
    batch.status, batch.progress, batch.message = status, 100, ""
    # Every column, "" for those set aside, so that a later check keeps the choice.
    batch.mapping = {text: report.mapping.get(index, "") for index, text in enumerate(header)}
    batch.counts = report.counts
    # The problems first, then the warnings (marked), as many as are kept in all.
    batch.problems = [problem.__dict__ for problem in report.problems[:PROBLEMS_KEPT]]
    batch.problems += [
        warning.__dict__ | {"warning": True}
        for warning in report.warnings[: PROBLEMS_KEPT - len(batch.problems)]
    ]
    batch.review = [
        {
            "row": number,
            "person": match.person.pk if match.person else None,
            "score": match.score,
            "reasons": match.reasons,
        }
        for number, match in report.matches.items()
        if match.verdict == Verdict.REVIEW
    ]
    if batch.created_by_id is None and by is not None and by.pk:
        batch.created_by = by
    batch.save()
    return batch
