"""Changes to honours: each function is one transaction, checks its caller's rights
through diaspora.access (unless it says it trusts them) and writes the audit log,
which is the nomination's history."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.accounts.models import User
from diaspora.directory.models import Organisation
from diaspora.events.models import Event
from diaspora.people.models import Membership, Person
from diaspora.people.queries import visible_people

from . import conflicts, notices
from .models import Attachment, Award, Endorsement, Honour, Merit, Nomination, Review, Round

LOWEST_SCORE, HIGHEST_SCORE = 1, 10
CITATION_LENGTH = 4000
MERIT_LENGTH = 300
MAX_MERITS = 30
MAX_ATTACHMENTS = 5
ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".odt", ".docx"}


class HonourError(ValueError):
    """A step the honours refuse: the message for the user, a code the same in every
    language, the field at fault, and the HTTP status the refusal means."""

    def __init__(
        self, message: str, *, code: str, field: str | None = None, status: int = 400
    ) -> None:
        super().__init__(message)
        self.code, self.field, self.status = code, field, status


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# --- the deployment's honours and the rounds ----------------------------------------


def configure_honours(config: dict[str, Any]) -> None:
    """Create or update the honours a deployment file lists (idempotent: an honour
    as the file says is not written again)."""
    for position, item in enumerate(config.get("honours", [])):
        values = {
            "names": item["names"],
            "criteria": item.get("criteria", []),
            "endorsements_required": item.get("endorsements", 2),
            "position": position,
        }
        honour = Honour.objects.filter(code=item["code"]).first()
        if honour is None:
            Honour.objects.create(code=item["code"], **values)
        elif any(getattr(honour, name) != value for name, value in values.items()):
            Honour.objects.filter(pk=honour.pk).update(**values)


def open_round_of(honour: Honour, now: datetime | None = None) -> Round | None:
    """The round of the honour taking nominations now (the one closing first)."""
    now = now or timezone.now()
    return (
        Round.objects.filter(honour=honour, opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at", "pk")
        .first()
    )


@transaction.atomic
def open_round(
    honour: Honour,
    *,
    by: User | None,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    ceremony: Event | None = None,
    endorsements_required: int | None = None,
) -> Round:
    access_or_refuse(by, Action.HONOURS_DECIDE)
    if closes_at <= opens_at:
        raise HonourError(
            _("Nominations must close after they open."), code="invalid", field="closes_at"
        )
    round_ = Round.objects.create(
        honour=honour,
        title=title.strip() or honour.name,
        opens_at=opens_at,
        closes_at=closes_at,
        ceremony=ceremony,
        endorsements_required=(
            honour.endorsements_required if endorsements_required is None else endorsements_required
        ),
    )
    audit.record(
        actor=by,
        action="honours.round_opened",
        target=round_,
        changes={"honour": honour.code, "opens_at": opens_at, "closes_at": closes_at},
    )
    carry_over(round_, by=by)
    return round_


def carry_over(round_: Round, *, by: User | None) -> list[Nomination]:
    """The honour's nominations deferred in earlier rounds go on in this one, straight
    to review: a new nomination with the same nominee, citation, merits and given
    endorsements; the deferred one stays as it was decided."""
    carried = []
    deferred = Nomination.objects.filter(
        honour=round_.honour,
        status=Nomination.Status.DEFERRED,
        carried_to__isnull=True,
        round__closes_at__lt=round_.closes_at,
    ).exclude(person__in=round_.nominations.values("person"))
    for old in deferred.select_related("round"):
        new = Nomination.objects.create(
            round=round_,
            honour=old.honour,
            person_id=old.person_id,
            organisation_id=old.organisation_id,
            nominated_by_id=old.nominated_by_id,
            citation=old.citation,
            status=Nomination.Status.REVIEW,
            carried_from=old,
        )
        for merit in old.merits.all():
            merit.pk, merit.nomination = None, new
            merit.save()
        for endorsement in old.endorsements.filter(given_at__isnull=False):
            endorsement.pk, endorsement.nomination = None, new
            endorsement.save()
        audit.record(
            actor=by,
            action="nomination.carried_over",
            target=new,
            changes={"from": old.pk, "from_round": old.round_id, "reason": old.reason},
        )
        carried.append(new)
    return carried


@transaction.atomic
def name_panel(round_: Round, reviewers: list[User], *, by: User | None) -> None:
    """The Committee names the reviewers of a round (added to those already named)."""
    access_or_refuse(by, Action.HONOURS_DECIDE)
    round_.panel.add(*reviewers)
    audit.record(
        actor=by,
        action="honours.panel_named",
        target=round_,
        changes={"reviewers": sorted(user.pk for user in reviewers)},
    )


def access_or_refuse(
    user: User | None, action: Action, organisation: Organisation | None = None
) -> None:
    if not access.allowed(user, action, organisation):
        raise HonourError(_("You may not do this."), code="forbidden", status=403)


# --- nomination ---------------------------------------------------------------------


def nominating_organisation(user: User | None, person: Person) -> Organisation | None:
    """The organisation a user nominates for: the node of their role that reaches one
    of the person's organisations (the Committee for a role reaching everything)."""
    from diaspora.directory.queries import root

    reached = access.scope(user, Action.HONOURS_NOMINATE)
    if reached.everywhere:
        return root()
    theirs = Organisation.objects.filter(memberships__person=person).distinct()
    for path in (*reached.below, *reached.nodes):
        if any(organisation.path.startswith(path) for organisation in theirs):
            return Organisation.objects.get(path=path)
    return None


def registry_merits(person: Person) -> list[dict[str, Any]]:
    """The merits the registry already holds: organisations the person chaired,
    schools they taught at, and the events those organisations held while they led."""
    merits: list[dict[str, Any]] = []
    led = Membership.objects.filter(
        person=person, role__in=[Membership.Role.CHAIR, Membership.Role.TEACHER]
    ).select_related("organisation")
    for membership in led:
        chair = membership.role == Membership.Role.CHAIR
        merits.append(
            {
                "kind": Merit.Kind.LED if chair else Merit.Kind.TAUGHT,
                "text": (
                    _("Chair of %(organisation)s") if chair else _("Teacher at %(organisation)s")
                )
                % {"organisation": membership.organisation.local_name},
                "started_on": membership.started_on,
                "ended_on": membership.ended_on,
                "organisation": membership.organisation,
            }
        )
        if not chair:
            continue
        held = Event.objects.filter(
            organisers=membership.organisation, status=Event.Status.SCHEDULED
        )
        if membership.started_on:
            held = held.filter(starts_at__date__gte=membership.started_on)
        if membership.ended_on:
            held = held.filter(starts_at__date__lte=membership.ended_on)
        held = held.filter(starts_at__lte=timezone.now()).order_by("-starts_at")[:5]
        for event in held:
            merits.append(
                {
                    "kind": Merit.Kind.EVENT,
                    "text": _("Organised “%(event)s”") % {"event": event.local_title},
                    "started_on": event.local_starts_at.date(),
                    "ended_on": None,
                    "event": event,
                }
            )
    return merits


def clean_citation(citation: dict[str, str]) -> dict[str, str]:
    known = languages()
    cleaned = {code: (text or "").strip() for code, text in citation.items()}
    cleaned = {code: text for code, text in cleaned.items() if text}
    for code, text in cleaned.items():
        if code not in known:
            raise HonourError(
                _("“%(language)s” is not one of this deployment's languages (%(known)s).")
                % {"language": code, "known": ", ".join(known)},
                code="unknown_language",
                field="citation",
            )
        if len(text) > CITATION_LENGTH or "\x00" in text:
            raise HonourError(
                _("The citation is longer than %(limit)d characters.") % {"limit": CITATION_LENGTH},
                code="too_long",
                field="citation",
            )
    if not cleaned:
        raise HonourError(
            _("Write the citation: why this person deserves the honour."),
            code="required",
            field="citation",
        )
    return cleaned


@dataclass(frozen=True)
class MeritIn:
    text: str
    started_on: date | None = None
    ended_on: date | None = None


def check_merits(merits: list[MeritIn]) -> None:
    if len(merits) > MAX_MERITS:
        raise HonourError(
            _("At most %(limit)d merits.") % {"limit": MAX_MERITS}, code="too_many", field="merits"
        )
    for merit in merits:
        if not merit.text.strip() or len(merit.text) > MERIT_LENGTH:
            raise HonourError(
                _("Each merit needs a text of at most %(limit)d characters.")
                % {"limit": MERIT_LENGTH},
                code="invalid",
                field="merits",
            )
        if merit.started_on and merit.ended_on and merit.ended_on < merit.started_on:
            raise HonourError(
                _("A merit ends before it starts: %(text)s") % {"text": merit.text},
                code="invalid",
                field="merits",
            )


def check_attachments(files: list[UploadedFile]) -> None:
    """Sizes and kinds checked before anything is read or stored."""
    if len(files) > MAX_ATTACHMENTS:
        raise HonourError(
            _("At most %(limit)d attachments.") % {"limit": MAX_ATTACHMENTS},
            code="too_many",
            field="attachments",
        )
    for upload in files:
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in ATTACHMENT_TYPES:
            raise HonourError(
                _("“%(name)s”: attach PDF, JPEG, PNG, ODT or DOCX files.") % {"name": upload.name},
                code="file_type",
                field="attachments",
            )
        if upload.size > ATTACHMENT_BYTES:
            raise HonourError(
                _("“%(name)s” is larger than 5 MB.") % {"name": upload.name},
                code="too_large",
                field="attachments",
            )


def nominate(
    *,
    by: User | None,
    person: Person,
    honour: Honour,
    citation: dict[str, str],
    merits: list[MeritIn] = (),  # type: ignore[assignment]
    attachments: list[UploadedFile] = (),  # type: ignore[assignment]
    now: datetime | None = None,
    organisation: Organisation | None = None,
) -> Nomination:
    """Nominate a person within the caller's reach for the honour's open round; the
    registry's merits are added to those given. Checks its caller. The system (no
    user: the demo, an import of paper nominations) names the nominating
    `organisation`; a user nominates for the node of their role."""
    merits, attachments = list(merits), list(attachments)
    if not visible_people(by, Action.HONOURS_NOMINATE).filter(pk=person.pk).exists():
        raise HonourError(
            _("This person is not among the people you may nominate."),
            code="out_of_reach",
            field="person_id",
            status=403,
        )
    if by is not None or organisation is None:
        organisation = nominating_organisation(by, person)
    if organisation is None:
        raise HonourError(_("You may not do this."), code="forbidden", status=403)
    round_ = open_round_of(honour, now)
    if round_ is None:
        raise HonourError(
            _("Nominations for “%(honour)s” are closed: no round is open.")
            % {"honour": honour.name},
            code="round_closed",
            field="honour",
            status=409,
        )
    cleaned = clean_citation(citation)
    check_merits(merits)
    check_attachments(attachments)
    with transaction.atomic():
        if Nomination.objects.filter(round=round_, person=person).exists():
            raise HonourError(
                _("This person is already nominated in this round."),
                code="already_nominated",
                status=409,
            )
        nomination = Nomination.objects.create(
            round=round_,
            honour=honour,
            person=person,
            organisation=organisation,
            nominated_by=by if by is not None and by.pk else None,
            citation=cleaned,
            status=(
                Nomination.Status.REVIEW
                if round_.endorsements_required == 0
                else Nomination.Status.ENDORSING
            ),
        )
        for merit in registry_merits(person):
            Merit.objects.create(nomination=nomination, from_registry=True, **merit)
        for merit in merits:
            Merit.objects.create(
                nomination=nomination,
                kind=Merit.Kind.OTHER,
                text=merit.text.strip(),
                started_on=merit.started_on,
                ended_on=merit.ended_on,
            )
        for upload in attachments:
            Attachment.objects.create(
                nomination=nomination, file=upload, name=upload.name[:200], size=upload.size
            )
        audit.record(
            actor=by,
            action="nomination.created",
            target=nomination,
            changes={
                "person": person.pk,
                "honour": honour.code,
                "round": round_.pk,
                "organisation": organisation.slug,
                "citation": cleaned,
                "merits": nomination.merits.count(),
                "attachments": len(attachments),
            },
        )
    return nomination


def acts_for(user: User | None, nomination: Nomination) -> bool:
    """Whether the user acts for the nominating organisation."""
    return access.allowed(user, Action.HONOURS_NOMINATE, nomination.organisation)


def locked(nomination: Nomination) -> Nomination:
    """The nomination read again under a row lock: two steps on it queue."""
    return Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)


# --- endorsement --------------------------------------------------------------------


@transaction.atomic
def ask_endorsement(
    nomination: Nomination, organisation: Organisation, *, by: User | None
) -> Endorsement:
    """The nominators ask another organisation or council to endorse; those who act
    for it then see this nomination (and only this one)."""
    if not acts_for(by, nomination):
        raise HonourError(_("You may not do this."), code="forbidden", status=403)
    nomination = locked(nomination)
    if nomination.status != Nomination.Status.ENDORSING:
        raise HonourError(
            _("This nomination no longer takes endorsements."), code="not_endorsing", status=409
        )
    if organisation.pk == nomination.organisation_id:
        raise HonourError(
            _("Endorsements come from other organisations or councils, not the nominating one."),
            code="own_organisation",
            field="organisation",
        )
    endorsement, created = Endorsement.objects.get_or_create(
        nomination=nomination,
        organisation=organisation,
        defaults={"asked_by": by if by is not None and by.pk else None},
    )
    if created:
        audit.record(
            actor=by,
            action="nomination.endorsement_asked",
            target=nomination,
            changes={"organisation": organisation.slug},
        )
    return endorsement


def asked_of(user: User | None, nomination: Nomination) -> list[Endorsement]:
    """The endorsements of this nomination asked of organisations the user acts for."""
    reached = access.scope(user, Action.HONOURS_NOMINATE)
    if not reached.office:
        return []
    return list(
        nomination.endorsements.filter(reached.organisations("organisation__")).select_related(
            "organisation"
        )
    )


@transaction.atomic
def endorse(
    nomination: Nomination,
    *,
    by: User | None,
    organisation: Organisation | None = None,
    text: str = "",
) -> Endorsement:
    """Give the endorsement asked of one of the caller's organisations; the one that
    reaches the round's threshold sends the nomination to review."""
    nomination = locked(nomination)
    pending = [item for item in asked_of(by, nomination) if item.given_at is None]
    if organisation is not None:
        pending = [item for item in pending if item.organisation_id == organisation.pk]
    if not pending:
        raise HonourError(
            _("No organisation of yours was asked to endorse this nomination."),
            code="not_asked",
            status=403,
        )
    if len(pending) > 1:
        raise HonourError(
            _("You act for several organisations asked: say which one endorses."),
            code="required",
            field="organisation",
        )
    if nomination.status != Nomination.Status.ENDORSING:
        raise HonourError(
            _("This nomination no longer takes endorsements."), code="not_endorsing", status=409
        )
    if len(text) > CITATION_LENGTH or "\x00" in text:
        raise HonourError(
            _("The endorsement is longer than %(limit)d characters.") % {"limit": CITATION_LENGTH},
            code="too_long",
            field="text",
        )
    endorsement = pending[0]
    endorsement.given_by = by if by is not None and by.pk else None
    endorsement.given_at = timezone.now()
    endorsement.text = text.strip()
    endorsement.save(update_fields=["given_by", "given_at", "text"])
    audit.record(
        actor=by,
        action="nomination.endorsed",
        target=nomination,
        changes={"organisation": endorsement.organisation.slug},
    )
    given = nomination.endorsements.filter(given_at__isnull=False).count()
    if given >= nomination.round.endorsements_required:
        nomination.status = Nomination.Status.REVIEW
        nomination.save(update_fields=["status"])
        audit.record(
            actor=by,
            action="nomination.to_review",
            target=nomination,
            changes={"endorsements": given, "required": nomination.round.endorsements_required},
        )
    return endorsement


# --- review -------------------------------------------------------------------------


def on_panel(user: User | None, nomination: Nomination) -> bool:
    return bool(user is not None and user.pk and nomination.round.panel.filter(pk=user.pk).exists())


def clean_score(value: Any, field: str) -> Decimal:
    try:
        score = Decimal(str(value))
    except ArithmeticError:
        score = Decimal("NaN")
    if not score.is_finite() or not LOWEST_SCORE <= score <= HIGHEST_SCORE:
        raise HonourError(
            _("A score is a number from %(low)d to %(high)d.")
            % {"low": LOWEST_SCORE, "high": HIGHEST_SCORE},
            code="out_of_range",
            field=field,
        )
    return score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def review(
    nomination: Nomination,
    *,
    by: User,
    verdict: str,
    score: Any = None,
    criteria: dict[str, Any] | None = None,
    reason: str = "",
) -> Review:
    """A panel member's verdict. A score (given whole, or per criterion and averaged)
    is refused, 409, when the records show a conflict of interest, and that refusal
    is itself audited; an abstention or a declared conflict is always accepted."""
    # As the database holds it now: another step may have moved it since it was read.
    nomination = Nomination.objects.select_related("round", "honour", "person").get(
        pk=nomination.pk
    )
    if not on_panel(by, nomination):
        raise HonourError(
            _("Only the round's panel reviews its nominations."), code="not_on_panel", status=403
        )
    if verdict not in Review.Verdict.values:
        raise HonourError(_("Unknown verdict."), code="invalid", field="verdict")
    if nomination.status != Nomination.Status.REVIEW:
        raise HonourError(_("This nomination is not in review."), code="not_in_review", status=409)
    if Review.objects.filter(nomination=nomination, reviewer=by).exists():
        raise HonourError(
            _("You have already reviewed this nomination."), code="already_reviewed", status=409
        )
    values: dict[str, Any] = {"verdict": verdict, "reason": (reason or "").strip()[:300]}
    if verdict == Review.Verdict.SCORED:
        found = conflicts.found(nomination, by)
        if found:
            audit.record(
                actor=by,
                action="nomination.conflict_found",
                target=nomination,
                changes={"conflicts": [conflict.code for conflict in found]},
            )
            raise HonourError(
                " ".join(conflict.message for conflict in found)
                + " "
                + _("You cannot score this nomination; you may abstain."),
                code=found[0].code,
                status=409,
            )
        values |= scored(nomination, score, criteria)
    try:
        with transaction.atomic():
            locked(nomination)
            made = Review.objects.create(nomination=nomination, reviewer=by, **values)
            # The history says a verdict was given, not whose or what: reviewers stay
            # unknown to the nominators and to each other.
            audit.record(
                actor=by,
                action="nomination.reviewed",
                target=nomination,
                changes={"verdict": verdict},
            )
    except IntegrityError:  # the same reviewer's verdict sent twice at once
        raise HonourError(
            _("You have already reviewed this nomination."), code="already_reviewed", status=409
        ) from None
    return made


def scored(nomination: Nomination, score: Any, criteria: dict[str, Any] | None) -> dict:
    codes = [item["code"] for item in nomination.honour.criteria]
    if criteria:
        unknown = set(criteria) - set(codes)
        if unknown:
            raise HonourError(
                _("Unknown criteria: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
                code="unknown_criterion",
                field="criteria",
            )
        given = {code: clean_score(value, f"criteria.{code}") for code, value in criteria.items()}
        if set(given) != set(codes):
            raise HonourError(
                _("Score every criterion, or give one score."), code="required", field="criteria"
            )
        mean = sum(given.values()) / len(given)
        return {
            "score": mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            "criteria": {code: str(value) for code, value in given.items()},
        }
    if score is None or score == "":
        raise HonourError(_("Give a score, or abstain."), code="required", field="score")
    return {"score": clean_score(score, "score"), "criteria": {}}


# --- decision -----------------------------------------------------------------------


class Outcome:
    AWARD = "award"
    DEFER = "defer"
    DECLINE = "decline"
    ALL = (AWARD, DEFER, DECLINE)


STATUS_OF = {
    Outcome.AWARD: Nomination.Status.AWARDED,
    Outcome.DEFER: Nomination.Status.DEFERRED,
    Outcome.DECLINE: Nomination.Status.DECLINED,
}


@transaction.atomic
def decide(
    nomination: Nomination,
    *,
    by: User | None,
    outcome: str,
    reason: str,
    decree_number: str = "",
    decree_date: date | None = None,
    ceremony: Event | None = None,
) -> Nomination:
    """The Committee's decision, with its reason; an award records the decree or
    order and the ceremony and enters the register. The nominating organisation is
    told by email once this is committed."""
    access_or_refuse(by, Action.HONOURS_DECIDE)
    if outcome not in Outcome.ALL:
        raise HonourError(_("Choose award, defer or decline."), code="invalid", field="outcome")
    reason = (reason or "").strip()
    if not reason or "\x00" in reason:
        raise HonourError(_("Give the reason for the decision."), code="required", field="reason")
    nomination = locked(nomination)
    if nomination.status != Nomination.Status.REVIEW:
        raise HonourError(
            _("Only a nomination in review can be decided."), code="not_in_review", status=409
        )
    changes: dict[str, Any] = {"outcome": outcome, "reason": reason}
    if outcome == Outcome.AWARD:
        decree_number = (decree_number or "").strip()
        if not decree_number:
            raise HonourError(
                _("Give the decree or order number."), code="required", field="decree_number"
            )
        if decree_date is None:
            raise HonourError(
                _("Give the decree or order date."), code="required", field="decree_date"
            )
        ceremony = ceremony or nomination.round.ceremony
        award = Award.objects.create(
            person=nomination.person,
            honour=nomination.honour,
            nomination=nomination,
            decree_number=decree_number[:60],
            decree_date=decree_date,
            ceremony=ceremony,
            awarded_on=ceremony.local_starts_at.date() if ceremony else decree_date,
        )
        changes |= {"decree_number": award.decree_number, "decree_date": decree_date}
        changes |= {"ceremony": ceremony.pk if ceremony else None}
    nomination.status = STATUS_OF[outcome]
    nomination.reason = reason
    nomination.decided_at = timezone.now()
    nomination.decided_by = by if by is not None and by.pk else None
    nomination.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    audit.record(actor=by, action="nomination.decided", target=nomination, changes=changes)
    notices.on_commit_outcome(nomination)
    return nomination


@transaction.atomic
def record_past_award(
    person: Person,
    honour: Honour,
    *,
    by: User | None,
    decree_number: str,
    decree_date: date,
    ceremony: Event | None = None,
) -> Award:
    """A recipient from before the platform: into the register without a nomination."""
    access_or_refuse(by, Action.HONOURS_DECIDE)
    award = Award.objects.create(
        person=person,
        honour=honour,
        decree_number=decree_number,
        decree_date=decree_date,
        ceremony=ceremony,
        awarded_on=ceremony.local_starts_at.date() if ceremony else decree_date,
    )
    audit.record(
        actor=by,
        action="award.recorded",
        target=award,
        changes={"person": person.pk, "honour": honour.code, "decree_number": decree_number},
    )
    return award
