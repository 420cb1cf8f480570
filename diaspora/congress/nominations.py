"""Nominations and the credentials commission's decisions.

A quota is never exceeded, whatever decisions arrive at once: a decision takes its
places after `SELECT … FOR UPDATE` on the quota rows (PostgreSQL; SQLite's IMMEDIATE
transactions hold the write lock already), and each place is a seat numbered 1 to the
quota's places, unique per quota, so the database refuses one more. Lock order:
the nomination, then its quotas by id, then the event (inside `events.register`).

Who may: `nominate` checks its caller (events.organise at the nominating
organisation, the person within their reach); `decide` checks that its caller sits
on the congress's credentials commission (None, the system, may)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.accounts.models import User
from diaspora.directory.models import Country, Organisation
from diaspora.events import reporting
from diaspora.events import services as events
from diaspora.events.models import Registration
from diaspora.localized import country_name
from diaspora.people import services as people
from diaspora.people.models import Person
from diaspora.people.queries import visible_people

from . import notices
from .errors import CongressError
from .models import Accreditation, Congress, Nomination, Quota, Seat

MAX_MANDATE_BYTES = 10 * 1024 * 1024
REASON_LENGTH = 1000


@dataclass(frozen=True)
class Mandate:
    data: bytes
    suffix: str


def check_mandate(upload: UploadedFile) -> Mandate:
    """The organisation's decision as a PDF (kept as sent) or a photo (re-encoded
    from its pixels, as event photos are), or a refusal that says why."""
    name = upload.name or "?"
    if upload.size is not None and upload.size > MAX_MANDATE_BYTES:
        raise CongressError(
            _("“%(name)s” is %(size)s; a mandate may be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_MANDATE_BYTES),
            },
            field="mandate",
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return Mandate(upload.read(MAX_MANDATE_BYTES + 1)[:MAX_MANDATE_BYTES], ".pdf")
    try:
        photo = reporting.check_photo(upload)
    except events.EventError:
        raise CongressError(
            _("“%(name)s” is neither a PDF nor a JPEG, PNG or WebP image.") % {"name": name},
            field="mandate",
        ) from None
    return Mandate(photo.data, photo.suffix)


def nominations_open(congress: Congress, at=None) -> bool:
    at = at or timezone.now()
    if congress.nominations_open_at and at < congress.nominations_open_at:
        return False
    closes = congress.nominations_close_at or congress.event.starts_at
    return at <= closes


def _clean_names(given_name: str, surname: str, email: str) -> tuple[str, str, str]:
    given_name, surname = " ".join(given_name.split()), " ".join(surname.split())
    for field, value in (("given_name", given_name), ("surname", surname), ("email", email)):
        if "\x00" in value:
            raise CongressError(
                _("“%(field)s” contains a NUL character.") % {"field": field},
                field=field,
                code="nul",
            )
    if not given_name:
        raise CongressError(_("A nomination needs the person's given name."), field="given_name")
    if len(given_name) > 100 or len(surname) > 100:
        raise CongressError(_("A name part is longer than 100 characters."), field="given_name")
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise CongressError(
            _("“%(value)s” is not an email address.") % {"value": email[:254]}, field="email"
        ) from None
    return given_name, surname, email


def _clean_names_by_language(congress: Congress, names: dict | None) -> dict[str, str]:
    names = names or {}
    if not isinstance(names, dict):
        raise CongressError(_("“names” maps languages to names."), field="names")
    clean = {}
    for code, text in names.items():
        if code not in congress.language_codes or not isinstance(text, str) or len(text) > 200:
            raise CongressError(
                _(
                    "“names” maps the congress's languages (%(known)s) to names of at most 200 "
                    "characters."
                )
                % {"known": ", ".join(congress.language_codes)},
                field="names",
            )
        if text.strip():
            clean[code] = " ".join(text.split())
    return clean


@transaction.atomic
def nominate(
    congress: Congress,
    *,
    organisation: Organisation,
    by: User | None,
    given_name: str,
    surname: str = "",
    email: str,
    country: Country,
    person: Person | None = None,
    names: dict | None = None,
    mandate: UploadedFile | None = None,
) -> Nomination:
    """An organisation's nomination of a person of the registry within the caller's
    reach (the one given, or the one with this address), or of someone new, whom the
    registry then keeps as a member of the organisation."""
    if not access.allowed(by, Action.EVENTS_ORGANISE, organisation):
        raise CongressError(
            _("You do not act for %(name)s.") % {"name": organisation.local_name},
            field="organisation",
            code="forbidden",
        )
    if by is not None and not nominations_open(congress):
        raise CongressError(_("Nominations for this congress are closed."), code="not_open")
    given_name, surname, email = _clean_names(given_name, surname, email)
    clean_names = _clean_names_by_language(congress, names)
    checked = check_mandate(mandate) if mandate is not None else None
    reachable = visible_people(by, Action.PEOPLE_VIEW) if by is not None else Person.objects
    if person is not None and not reachable.filter(pk=person.pk).exists():
        raise CongressError(_("This person is not within your reach."), field="person")
    if person is None:
        person = reachable.filter(email__iexact=email).order_by("id").first()
    if person is None:
        person = people.register_person(
            by=by, given_name=given_name, surname=surname, email=email, country=country
        )
        people.add_membership(person, organisation, by=by)
    if Nomination.objects.filter(congress=congress, person=person).exists():
        raise CongressError(
            _("%(name)s is nominated for this congress already.") % {"name": person.full_name},
            code="already_nominated",
        )
    nomination = Nomination(
        congress=congress,
        person=person,
        organisation=organisation,
        country=country,
        given_name=given_name,
        surname=surname,
        email=email,
        names=clean_names,
        nominated_by=by if by is not None and by.pk else None,
    )
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError:  # the same person nominated at the same moment
        raise CongressError(
            _("%(name)s is nominated for this congress already.") % {"name": person.full_name},
            code="already_nominated",
        ) from None
    if checked is not None:
        # Written last: nothing after it can fail but the audit entry.
        nomination.mandate.save(f"mandate{checked.suffix}", ContentFile(checked.data))
    audit.record(
        actor=by,
        action="congress.nominated",
        target=nomination,
        changes={
            "congress": [None, congress.pk],
            "person": [None, person.pk],
            "organisation": [None, organisation.pk],
            "country": [None, country.pk],
            "mandate": [None, bool(nomination.mandate)],
        },
    )
    return nomination


def sits_on_commission(user: User | None, congress: Congress) -> bool:
    if user is None:
        return True
    return user.is_authenticated and congress.commission.filter(pk=user.pk).exists()


class QuotaFull(CongressError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="quota_full")


def _quotas_for(nomination: Nomination, status: str) -> list[Quota]:
    """The quotas an acceptance takes a place of, locked in id order."""
    quotas = Quota.objects.select_for_update().filter(congress=nomination.congress_id)
    if status == Nomination.Status.GUEST:
        found = list(quotas.filter(kind=Quota.Kind.GUEST).order_by("pk"))
        if not found:
            raise CongressError(_("This congress has no guest places."), code="no_quota")
        return found
    found = (
        quotas.filter(
            kind=Quota.Kind.DELEGATE, organisation__isnull=True, country=nomination.country_id
        )
        | quotas.filter(kind=Quota.Kind.DELEGATE, organisation=nomination.organisation_id)
    ).order_by("pk")  # one lock order for everyone, and no join (of a nullable side) to lock
    if not any(quota.country_id for quota in found):
        raise CongressError(
            _("%(country)s has no delegate quota at this congress.")
            % {"country": country_name(nomination.country_id)},
            code="no_quota",
        )
    return list(found)


def _quota_name(quota: Quota) -> str:
    if quota.kind == Quota.Kind.GUEST:
        return _("guests")
    if quota.organisation_id:
        return quota.organisation.local_name
    return country_name(quota.country_id)


def _take_seat(quota: Quota, nomination: Nomination) -> Seat:
    """The lowest free seat of the quota (the quota row is locked)."""
    if quota.taken >= quota.places:
        raise QuotaFull(
            _("The quota “%(quota)s” is full: %(taken)d of %(places)d places are taken.")
            % {"quota": _quota_name(quota), "taken": quota.taken, "places": quota.places}
        )
    used = set(Seat.objects.filter(quota=quota).values_list("number", flat=True))
    number = next(n for n in range(1, quota.places + 1) if n not in used)
    seat = Seat.objects.create(
        quota=quota, number=number, limit=quota.places, nomination=nomination
    )
    Quota.objects.filter(pk=quota.pk).update(taken=F("taken") + 1)
    return seat


@transaction.atomic
def decide(
    nomination: Nomination, decision: str, *, reason: str = "", by: User | None
) -> Nomination:
    """Accept as delegate, accept as guest, or reject with a reason; once. An
    acceptance takes its places (or is refused, QuotaFull, saying which quota is full)
    and accredits the person: a confirmed registration for the congress's event and
    the credentials on it."""
    congress = nomination.congress
    if not sits_on_commission(by, congress):
        raise CongressError(
            _("Only the congress's credentials commission decides nominations."),
            code="forbidden",
        )
    if decision not in (
        Nomination.Status.DELEGATE,
        Nomination.Status.GUEST,
        Nomination.Status.REJECTED,
    ):
        raise CongressError(_("A decision is “delegate”, “guest” or “rejected”."), field="decision")
    reason = (reason or "").strip()
    if "\x00" in reason or len(reason) > REASON_LENGTH:
        raise CongressError(
            _("The reason must be at most %(limit)d characters.") % {"limit": REASON_LENGTH},
            field="reason",
        )
    if decision == Nomination.Status.REJECTED and not reason:
        raise CongressError(_("A rejection needs a reason."), field="reason")
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != Nomination.Status.NOMINATED:
        raise CongressError(
            _("This nomination was decided already: %(status)s.")
            % {"status": nomination.get_status_display()},
            code="already_decided",
        )
    seats = []
    if decision != Nomination.Status.REJECTED:
        seats = [_take_seat(quota, nomination) for quota in _quotas_for(nomination, decision)]
    nomination.status = decision
    nomination.reason = reason
    nomination.decided_by = by if by is not None and by.pk else None
    nomination.decided_at = timezone.now()
    nomination.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit.record(
        actor=by,
        action="congress.nomination_decided",
        target=nomination,
        changes={
            "status": [Nomination.Status.NOMINATED, decision],
            "reason": [None, reason],
            "seats": [None, [[seat.quota_id, seat.number] for seat in seats]],
        },
    )
    if decision != Nomination.Status.REJECTED:
        accredit(nomination, by=by)
    return nomination


def accredit(nomination: Nomination, *, by: User | None) -> Accreditation:
    """The accepted person's credentials, on a confirmed registration for the event."""
    registration, _created = events.register(
        nomination.congress.event,
        given_name=nomination.given_name,
        surname=nomination.surname,
        email=nomination.email,
        person=nomination.person,
        by=by,
        admitted=True,
    )
    if registration.status != Registration.Status.CONFIRMED:
        raise CongressError(
            _("The congress's event is full: raise its capacity before accepting more."),
            code="quota_full",
        )
    accreditation = Accreditation.objects.create(
        nomination=nomination,
        registration=registration,
        delegate=nomination.status == Nomination.Status.DELEGATE,
    )
    audit.record(
        actor=by,
        action="congress.accredited",
        target=accreditation,
        changes={
            "registration": [None, registration.pk],
            "delegate": [None, accreditation.delegate],
        },
    )
    notices.on_commit_accredited(accreditation)
    return accreditation
