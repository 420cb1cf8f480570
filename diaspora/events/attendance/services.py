"""Recording who took part in an online event from the conference tool's report:
check it (read, merge rejoins, match; nothing written), commit it (one transaction,
audited), and decide what was held for review.

Each function checks its caller: the acting user must organise the event (access:
events.organise through one of its organisers); adding people asks people.import
at an organiser. `by` None is the system (the command without --as), which reaches
everyone."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora import access, names
from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.accounts.models import User
from diaspora.directory.models import Country, Organisation
from diaspora.imports.readers import Rejected
from diaspora.people import services as people
from diaspora.people.models import Person

from ..models import Attendance, Event
from ..queries import runs
from . import readers
from .matching import Match, Matcher, Verdict, reach
from .reasons import reason

KEY_LENGTH = 255


class AttendanceError(ValueError):
    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Report:
    event: Event
    read: readers.Report
    sha256: str
    matches: list[Match] = field(default_factory=list)
    earlier: bool = False  # this very report was recorded before: nothing changes
    added: int = 0  # new people registered by the commit

    @property
    def rows(self) -> list[tuple[readers.Participant, Match]]:
        return list(zip(self.read.participants, self.matches, strict=True))

    @property
    def errors(self) -> list[readers.Problem]:
        """Lines that name no one: the report is refused while it has any."""
        return [problem for problem in self.read.problems if problem.column == "name"]

    @property
    def counts(self) -> dict[str, int]:
        verdicts = Counter(match.verdict for match in self.matches)
        return {
            "rows": len(self.read.connections) + len(self.errors),
            "participants": len(self.read.participants),
            "matched": verdicts[Verdict.MATCHED],
            "review": verdicts[Verdict.REVIEW],
            "new": verdicts[Verdict.NEW],
            "errors": len(self.errors),
            "hosts": len(self.read.hosts),
        }


def require_organiser(by: User | None, event: Event) -> None:
    if not runs(by, event, Action.EVENTS_ORGANISE):
        raise PermissionDenied(_("Only the event's organisers may record its attendance."))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check(event: Event, data: bytes, filename: str = "", *, by: User | None) -> Report:
    """Read and match a report without writing anything."""
    require_organiser(by, event)
    report = Report(event, readers.read(data, filename), digest(data))
    report.matches = Matcher(event, by).match(report.read.participants)
    report.earlier = Attendance.objects.filter(event=event, source=report.sha256).exists()
    return report


def may_add(event: Event, by: User | None) -> bool:
    """Whether `by` may register the participants the registry lacks."""
    return any(
        access.allowed(by, Action.PEOPLE_IMPORT, organisation)
        for organisation in event.organisers.all()
    )


def adding_into(event: Event, by: User | None) -> Organisation:
    """The organiser new people join: the first whose people `by` may import."""
    for organisation in event.organisers.order_by("path"):
        if access.allowed(by, Action.PEOPLE_IMPORT, organisation):
            return organisation
    raise PermissionDenied(_("You may not add people for this event's organisers."))


def commit(
    event: Event, data: bytes, filename: str = "", *, by: User | None, add_new: bool = False
) -> Report:
    """Record the report's participants, once: a report recorded before changes
    nothing. With `add_new`, participants the registry lacks become people (members
    of the first organiser where `by` imports people), else they are kept as written."""
    report = check(event, data, filename, by=by)
    if report.errors:
        refusal = Rejected(
            _(
                "%(count)d lines name no participant; nothing was recorded. "
                "Correct them and try again."
            )
            % {"count": len(report.errors)}
        )
        refusal.report = report
        raise refusal
    if report.earlier:
        return report
    organisation = adding_into(event, by) if add_new else None
    try:
        with transaction.atomic():
            write(report, by, organisation)
    except IntegrityError:  # the same report, committed at the same moment elsewhere
        report.earlier = True
    return report


def participant_key(participant: readers.Participant) -> str:
    return (participant.email or "name:" + names.fold(participant.name))[:KEY_LENGTH]


def aware(moment: datetime | None, event: Event) -> datetime | None:
    """A report's times are the meeting's local times, taken in the event's zone."""
    if moment is None:
        return None
    return timezone.make_aware(moment, event.zone) if timezone.is_naive(moment) else moment


def write(report: Report, by: User | None, organisation: Organisation | None) -> None:
    event = report.event
    rows = []
    for participant, match in report.rows:
        person, status, reasons = None, Attendance.Status.UNMATCHED, list(match.reasons)
        if match.verdict == Verdict.MATCHED:
            person, status = match.person, Attendance.Status.MATCHED
        elif match.verdict == Verdict.REVIEW:
            status = Attendance.Status.REVIEW
        elif organisation is not None:
            person, status = register(participant, match, organisation, by), "matched"
            reasons = [reason("added")]
            report.added += 1
        country = match.country or (person.country_id if person is not None else None)
        rows.append(
            Attendance(
                event=event,
                person=person,
                candidate=match.person if status == Attendance.Status.REVIEW else None,
                status=status,
                reasons=[found.stored() for found in reasons],
                name=participant.name,
                email=participant.email[:254],
                key=participant_key(participant),
                country_id=country,
                minutes=participant.minutes,
                joined_at=aware(participant.joined, event),
                left_at=aware(participant.left, event),
                source=report.sha256,
                layout=report.read.layout,
                recorded_by=by if by is not None and by.pk else None,
            )
        )
    created = Attendance.objects.bulk_create(rows)
    audit.record_rows(
        actor=by,
        action="attendance.recorded",
        target_type=Attendance._meta.label_lower,
        changes=(
            (
                row.pk,
                {
                    "event": [None, event.pk],
                    "person": [None, row.person_id],
                    "status": [None, row.status],
                    "minutes": [None, row.minutes],
                    "source": [None, row.source],
                },
            )
            for row in created
        ),
        now=timezone.now(),
    )


def register(
    participant: readers.Participant, match: Match, organisation: Organisation, by: User | None
) -> Person:
    country = Country.objects.filter(pk=match.country).first() if match.country else None
    values: dict = {"full_name": participant.name, "country": country}
    try:
        validate_email(participant.email)
        values["email"] = participant.email
    except ValidationError:
        pass  # an address we cannot read is left out, never a refusal
    person = people.register_person(by=by, **values)
    people.add_membership(person, organisation, by=by)
    return person


def reviewed(attendance: Attendance, by: User | None) -> Attendance:
    require_organiser(by, attendance.event)
    if attendance.status != Attendance.Status.REVIEW:
        raise AttendanceError(_("This participant is not waiting for review."), code="decided")
    return attendance


@transaction.atomic
def confirm(attendance: Attendance, *, by: User | None) -> Attendance:
    """The candidate is the participant: their attendance goes on their record."""
    attendance = reviewed(Attendance.objects.select_for_update().get(pk=attendance.pk), by)
    person = attendance.candidate
    if person is None or not reach(by).filter(pk=person.pk).exists():
        raise AttendanceError(_("The person suggested is not in your reach any more."), "reach")
    attendance.person, attendance.status = person, Attendance.Status.MATCHED
    attendance.country_id = attendance.country_id or person.country_id
    attendance.save(update_fields=["person", "status", "country"])
    audit.record(
        actor=by,
        action="attendance.confirmed",
        target=attendance,
        changes={"person": [None, person.pk], "status": ["review", "matched"]},
    )
    return attendance


@transaction.atomic
def reject(attendance: Attendance, *, by: User | None) -> Attendance:
    """The candidate is someone else: the participant is kept as written."""
    attendance = reviewed(Attendance.objects.select_for_update().get(pk=attendance.pk), by)
    was = attendance.candidate_id
    attendance.candidate, attendance.status = None, Attendance.Status.UNMATCHED
    attendance.save(update_fields=["candidate", "status"])
    audit.record(
        actor=by,
        action="attendance.rejected",
        target=attendance,
        changes={"candidate": [was, None], "status": ["review", "unmatched"]},
    )
    return attendance
