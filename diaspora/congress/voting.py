"""Sessions, motions and votes.

Only delegates vote (guests do not), and only once checked in at the door; each
delegate once per motion (a unique turnout row), with their weight (one unless the
Committee set another). On an open ballot each vote names its voter, and the audit
log has one entry per vote with the choice. On a secret ballot the turnout says who
voted and the votes say what, with nothing linking the two (random keys, no time);
the audit log has who voted, and, when the vote closes, the ballots (choices and
weights, sorted) in one entry. Either way `recount` gives the result again from the
audit log alone.

A vote is quorate when the delegates checked in reach the congress's quorum (a
percentage of its accredited delegates), counted when it closes. An election's
result makes the elected the council's chair (most votes) and board members in the
directory, and ends the chair or board membership of those not re-elected.

Who may: `cast` trusts the holder of the accreditation's secret link; the rest trust
their caller (the congress's organisers, through `queries.organised_or_refused`)."""

import math
from collections import Counter
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora.accounts import audit
from diaspora.accounts.models import AuditEntry, User
from diaspora.directory.models import Organisation
from diaspora.people import services as people
from diaspora.people.models import Membership, Person

from .errors import CongressError
from .models import ANSWERS, Accreditation, Congress, Motion, Option, Session, Turnout, Vote

FOR, AGAINST, ABSTAIN = "for", "against", "abstain"


def resolution_options() -> list[tuple[str, str]]:
    return [(code, str(ANSWERS[code])) for code in (FOR, AGAINST, ABSTAIN)]


@transaction.atomic
def add_session(
    congress: Congress, *, title: str, titles: dict | None = None, by: User | None
) -> Session:
    title = " ".join((title or "").split())
    if not title or len(title) > 200:
        raise CongressError(_("A session needs a title of at most 200 characters."), field="title")
    position = congress.sessions.count() + 1
    session = Session.objects.create(
        congress=congress, title=title, titles=titles or {}, position=position
    )
    audit.record(
        actor=by, action="congress.session_added", target=session, changes={"title": [None, title]}
    )
    return session


@transaction.atomic
def add_motion(
    session: Session,
    *,
    title: str,
    ballot: str = Motion.Ballot.OPEN,
    titles: dict | None = None,
    council: Organisation | None = None,
    seats: int = 1,
    candidates: list[Person] | None = None,
    by: User | None,
) -> Motion:
    """A resolution (for, against, abstain), or, given a council and its candidates,
    an election of `seats` members."""
    title = " ".join((title or "").split())
    if not title or len(title) > 200:
        raise CongressError(_("A motion needs a title of at most 200 characters."), field="title")
    if ballot not in Motion.Ballot.values:
        raise CongressError(_("A ballot is open or secret."), field="ballot")
    kind = Motion.Kind.ELECTION if council is not None else Motion.Kind.RESOLUTION
    if kind == Motion.Kind.ELECTION:
        candidates = list(dict.fromkeys(candidates or []))
        if not 1 <= seats <= len(candidates):
            raise CongressError(
                _("An election needs at least as many candidates as seats (1 or more)."),
                field="candidates",
            )
    motion = Motion.objects.create(
        session=session,
        kind=kind,
        ballot=ballot,
        title=title,
        titles=titles or {},
        council=council,
        seats=seats,
    )
    if kind == Motion.Kind.RESOLUTION:
        for position, (code, label) in enumerate(resolution_options()):
            Option.objects.create(motion=motion, position=position, code=code, label=label)
    else:
        for position, person in enumerate(candidates):
            Option.objects.create(
                motion=motion, position=position, person=person, label=person.full_name
            )
    audit.record(
        actor=by,
        action="congress.motion_added",
        target=motion,
        changes={
            "title": [None, title],
            "ballot": [None, ballot],
            "kind": [None, kind],
            "council": [None, council.pk if council else None],
        },
    )
    return motion


def delegates_total(congress: Congress) -> int:
    return Accreditation.objects.filter(nomination__congress=congress, delegate=True).count()


def delegates_present(congress: Congress) -> int:
    return Accreditation.objects.filter(
        nomination__congress=congress, delegate=True, registration__checked_in_at__isnull=False
    ).count()


def quorum(congress: Congress) -> int:
    """Delegates who must be checked in for a vote to count."""
    return math.ceil(delegates_total(congress) * congress.quorum_percent / 100)


@transaction.atomic
def open_motion(motion: Motion, *, by: User | None) -> Motion:
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != Motion.Status.DRAFT:
        raise CongressError(_("This motion has been put to the vote already."), code="not_open")
    motion.status, motion.opened_at = Motion.Status.OPEN, timezone.now()
    motion.save(update_fields=["status", "opened_at"])
    audit.record(
        actor=by,
        action="congress.vote_opened",
        target=motion,
        changes={"status": [Motion.Status.DRAFT, Motion.Status.OPEN]},
    )
    return motion


def _chosen(motion: Motion, option_ids: list[int]) -> list[Option]:
    ids = list(dict.fromkeys(option_ids))
    options = list(motion.options.filter(pk__in=ids))
    limit = motion.seats if motion.kind == Motion.Kind.ELECTION else 1
    if len(options) != len(ids) or not 1 <= len(options) <= limit:
        message = (
            _("Mark from 1 to %(seats)d candidates.") % {"seats": limit}
            if motion.kind == Motion.Kind.ELECTION
            else _("Choose one answer.")
        )
        raise CongressError(message, field="options")
    return options


@transaction.atomic
def cast(accreditation: Accreditation, motion: Motion, option_ids: list[int]) -> None:
    """The delegate's vote, once: refused to guests, to delegates not checked in,
    and when the motion is not open."""
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    accreditation = Accreditation.objects.select_related("registration").get(pk=accreditation.pk)
    if motion.session.congress_id != accreditation.nomination.congress_id:
        raise CongressError(_("This motion is not of your congress."), code="forbidden")
    if not accreditation.delegate:
        raise CongressError(_("Guests do not vote."), code="forbidden")
    if accreditation.registration.checked_in_at is None:
        raise CongressError(_("Only delegates checked in at the door vote."), code="not_checked_in")
    if motion.status != Motion.Status.OPEN:
        raise CongressError(_("This motion is not open for voting."), code="not_open")
    options = _chosen(motion, option_ids)
    weight = accreditation.weight
    try:
        with transaction.atomic():
            Turnout.objects.create(motion=motion, accreditation=accreditation, weight=weight)
    except IntegrityError:
        raise CongressError(
            _("You have voted on this motion already."), code="already_voted"
        ) from None
    secret = motion.ballot == Motion.Ballot.SECRET
    Vote.objects.bulk_create(
        Vote(motion=motion, option=option, weight=weight, voter=None if secret else accreditation)
        for option in options
    )
    if secret:
        audit.record(
            actor=None,
            action="congress.voted",
            target=accreditation,
            changes={"motion": [None, motion.pk]},
        )
    else:
        audit.record(
            actor=None,
            action="congress.vote_cast",
            target=accreditation,
            changes={
                "motion": [None, motion.pk],
                "options": [None, sorted(o.pk for o in options)],
                "weight": [None, weight],
            },
        )


def tally(motion: Motion) -> dict[int, int]:
    """Weighted votes per option id, every option listed."""
    counts = Counter({option.pk: 0 for option in motion.options.all()})
    for option_id, weight in motion.votes.values_list("option_id", "weight"):
        counts[option_id] += weight
    return dict(counts)


def outcome(motion: Motion, counts: dict[int, int], present: int, needed: int) -> dict:
    """The result from the counts: quorate, and passed (a resolution: more for than
    against) or elected (an election: the most-voted, as many as seats)."""
    options = list(motion.options.all())
    result = {
        "counts": {str(option_id): count for option_id, count in sorted(counts.items())},
        "present": present,
        "quorum": needed,
        "quorate": present >= needed and present > 0,
        "voters": motion.turnout.count(),
    }
    if motion.kind == Motion.Kind.RESOLUTION:
        by_code = {option.code: counts.get(option.pk, 0) for option in options}
        result["passed"] = result["quorate"] and by_code[FOR] > by_code[AGAINST]
    else:
        ranked = sorted(options, key=lambda o: (-counts.get(o.pk, 0), o.position))
        result["elected"] = (
            [o.pk for o in ranked[: motion.seats] if counts.get(o.pk, 0) > 0]
            if result["quorate"]
            else []
        )
    return result


@transaction.atomic
def close_motion(motion: Motion, *, by: User | None) -> Motion:
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.status != Motion.Status.OPEN:
        raise CongressError(_("This motion is not open for voting."), code="not_open")
    congress = motion.session.congress
    counts = tally(motion)
    present, needed = delegates_present(congress), quorum(congress)
    motion.result = outcome(motion, counts, present, needed)
    motion.present = present
    motion.status, motion.closed_at = Motion.Status.CLOSED, timezone.now()
    motion.save(update_fields=["result", "present", "status", "closed_at"])
    changes = {
        "status": [Motion.Status.OPEN, Motion.Status.CLOSED],
        "present": [None, present],
        "quorum": [None, needed],
    }
    if motion.ballot == Motion.Ballot.SECRET:
        changes["ballots"] = [None, sorted(motion.votes.values_list("option_id", "weight"))]
    audit.record(actor=by, action="congress.vote_closed", target=motion, changes=changes)
    if motion.kind == Motion.Kind.ELECTION and motion.result["elected"]:
        apply_election(motion, by=by)
    return motion


def recount(motion: Motion) -> dict:
    """The motion's result computed again from the audit log alone."""
    counts = Counter({option.pk: 0 for option in motion.options.all()})
    closed = AuditEntry.objects.filter(
        action="congress.vote_closed", target_type="congress.motion", target_id=str(motion.pk)
    ).latest("at")
    if motion.ballot == Motion.Ballot.SECRET:
        for option_id, weight in closed.changes["ballots"][1]:
            counts[option_id] += weight
    else:
        for entry in AuditEntry.objects.filter(action="congress.vote_cast"):
            if entry.changes["motion"][1] == motion.pk:
                for option_id in entry.changes["options"][1]:
                    counts[option_id] += entry.changes["weight"][1]
    return outcome(motion, dict(counts), closed.changes["present"][1], closed.changes["quorum"][1])


LEADING = (Membership.Role.CHAIR, Membership.Role.BOARD)


def apply_election(motion: Motion, *, by: User | None) -> list[Membership]:
    """The elected become the council's chair (the first) and board members; a chair
    or board member not elected keeps only their plain membership. Each change goes
    through the registry's services, which audit it."""
    council = motion.council
    elected = {option_id: rank for rank, option_id in enumerate(motion.result["elected"])}
    persons = {option.pk: option.person for option in motion.options.filter(pk__in=elected)}
    wanted = {
        persons[option_id].pk: (Membership.Role.CHAIR if rank == 0 else Membership.Role.BOARD)
        for option_id, rank in elected.items()
    }
    today = date.today()
    current = Membership.objects.filter(
        organisation=council, ended_on__isnull=True, role__in=LEADING
    ).select_related("person")
    for membership in current:
        if wanted.get(membership.person_id) != membership.role:
            people.end_membership(membership, by=by, on=max(today, membership.started_on or today))
    kept = set(
        Membership.objects.filter(
            organisation=council, ended_on__isnull=True, role__in=LEADING
        ).values_list("person_id", flat=True)
    )
    made = []
    for person_id, role in wanted.items():
        if person_id not in kept:
            person = Person.objects.get(pk=person_id)
            made.append(people.add_membership(person, council, by=by, role=role, started_on=today))
    return made
