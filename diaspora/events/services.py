"""Changes to events and registrations. Each function is one transaction.

Registrations are safe under concurrency on both databases: every change to an
event's places happens after `locked`, which on PostgreSQL holds the event's row
(SELECT … FOR UPDATE) and on SQLite runs inside the IMMEDIATE transaction the
settings ask for, so the write lock is already ours. The counters on the event
row are read and written only under that lock; a check constraint on the table
refuses overbooking should anything get this wrong.

Who may: `create_event` checks its caller (events.organise at every organiser);
`register` asks whether `by` organises the event only to lift the window and the
members-only rule; the rest (`update_event`, `cancel_registration`, `check_in`,
`register_publicly`) trust their caller: the organisers' pages and API calls go
through `queries.managed_or_refused` (events.organise), a ticket's own page through
its secret token."""

import hashlib
import secrets
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.accounts.models import User
from diaspora.directory import gazetteer
from diaspora.directory.models import City, Country, Organisation
from diaspora.directory.queries import under
from diaspora.moments import EARLIEST, LATEST, within_range
from diaspora.people import services as people
from diaspora.people.models import Consent, Person
from diaspora.people.queries import with_email

from . import notices
from .models import Event, EventKind, Registration

# Crockford's base 32: no I, L, O or U, so a code read aloud or typed is hard to garble.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
TYPED_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})

EVENT_FIELDS = (
    "kind",
    "title",
    "titles",
    "description",
    "country",
    "city",
    "address",
    "online_url",
    "timezone",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "audience",
)


TITLE_LENGTH = 200
DESCRIPTION_LENGTH = 4000


class EventError(ValueError):
    """A change the events refuse; the message is meant for the user, the code is
    the same in every language, the field is the input at fault when there is one."""

    def __init__(self, message: str, field: str | None = None, code: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.code = code or ("invalid" if field else "refused")


class CheckInRefused(EventError):
    """A ticket the door must turn away; the registration, when the door may know
    it (a ticket of this very event), says whose."""

    def __init__(
        self, message: str, registration: Registration | None = None, *, code: str
    ) -> None:
        super().__init__(message, code=code)
        self.registration = registration


def configure_events(config: dict[str, Any]) -> None:
    """Create or update the event kinds a deployment file lists."""
    for position, kind in enumerate(config.get("event_kinds", [])):
        EventKind.objects.update_or_create(
            code=kind["code"], defaults={"names": kind["names"], "position": position}
        )


def organises(user: User | AnonymousUser | None, event: Event) -> bool:
    """Whether the user organises the event (access: events.organise at one of its
    organisers; None, the system, does)."""
    return access.allowed_any(user, Action.EVENTS_ORGANISE, event.organisers.all())


def zone_or_error(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise EventError(
            _("“%(zone)s” is not a time zone; use a name such as Europe/Berlin.") % {"zone": name},
            field="timezone",
        ) from None


def _check_no_nul(name: str, value: str) -> None:
    if "\x00" in value:
        raise EventError(
            _("“%(field)s” contains a NUL character.") % {"field": name}, field=name, code="nul"
        )


def _check_text(name: str, value: str, limit: int) -> None:
    _check_no_nul(name, value)
    if len(value) > limit:
        raise EventError(
            _("“%(field)s” is longer than %(limit)d characters.") % {"field": name, "limit": limit},
            field=name,
            code="too_long",
        )


def _check_by_language(name: str, texts: Any, limit: int) -> None:
    """Titles or descriptions by language: only the deployment's languages, bounded."""
    if not isinstance(texts, dict):
        raise EventError(_("“%(field)s” maps languages to texts.") % {"field": name}, field=name)
    languages = dict(settings.LANGUAGES)
    for code, text in texts.items():
        if code not in languages:
            raise EventError(
                _("“%(code)s” is not one of this site's languages (%(known)s).")
                % {"code": str(code)[:8], "known": ", ".join(languages)},
                field=name,
                code="unknown_language",
            )
        if not isinstance(text, str):
            raise EventError(
                _("“%(field)s” maps languages to texts.") % {"field": name}, field=name
            )
        _check_text(f"{name}.{code}", text, limit)


def _check_moment(name: str, moment: datetime) -> None:
    if timezone.is_naive(moment):
        raise EventError(
            _("%(field)s needs a time zone offset, e.g. 2026-12-31T19:00:00+01:00.")
            % {"field": name},
            field=name,
        )
    if not within_range(moment):
        raise EventError(
            _("%(field)s must lie between %(earliest)s and %(latest)s.")
            % {"field": name, "earliest": EARLIEST.year, "latest": LATEST.year},
            field=name,
            code="out_of_range",
        )


def _check_event(values: dict[str, Any]) -> None:
    if not (values.get("title") or "").strip():
        raise EventError(_("An event needs a title."), field="title")
    values["title"] = values["title"].strip()
    _check_text("title", values["title"], TITLE_LENGTH)
    _check_text("address", values.get("address") or "", 255)
    _check_text("online_url", values.get("online_url") or "", 200)
    _check_by_language("titles", values.get("titles") or {}, TITLE_LENGTH)
    _check_by_language("description", values.get("description") or {}, DESCRIPTION_LENGTH)
    zone_or_error(values.get("timezone") or "")
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        moment = values.get(name)
        if moment is not None:
            _check_moment(name, moment)
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts is None:
        raise EventError(_("An event needs a start."), field="starts_at")
    if ends is not None and ends < starts:
        raise EventError(_("The event ends before it starts."), field="ends_at")
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens is not None and closes is not None and closes < opens:
        raise EventError(_("Registration closes before it opens."), field="registration_closes_at")
    city, country = values.get("city"), values.get("country")
    if city is not None and country is None:
        values["country"] = country = city.country
    if city is not None and city.country_id != country.pk:
        raise EventError(_("The city is not in the event's country."), field="city")
    if values.get("online_url"):
        try:
            URLValidator(schemes=["https", "http"])(values["online_url"])
        except ValidationError:
            raise EventError(
                _("The online link is not a web address."), field="online_url"
            ) from None
    elif country is None:
        raise EventError(
            _("An event needs a place (country and city) or an online link."), field="country"
        )
    capacity = values.get("capacity")
    if capacity is not None and capacity < 0:
        raise EventError(_("The capacity cannot be negative."), field="capacity")


@transaction.atomic
def create_event(*, by: User | None, organisers: list[Organisation], **values: Any) -> Event:
    """A new event. Checks its caller: `by` must organise events (access:
    events.organise) at every organiser; None is the system."""
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise EventError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    if not organisers:
        raise EventError(_("An event needs an organising organisation."), field="organisers")
    refused = [org for org in organisers if not access.allowed(by, Action.EVENTS_ORGANISE, org)]
    if refused:
        raise EventError(
            _("You do not organise events for %(names)s.")
            % {"names": ", ".join(org.local_name for org in refused)},
            field="organisers",
        )
    _check_event(values)
    event = Event.objects.create(created_by=by if by is not None and by.pk else None, **values)
    event.organisers.set(organisers)
    return event


@transaction.atomic
def update_event(event: Event, *, by: User | None, **changes: Any) -> Event:
    """Change an event; more places move people up from the waiting list. Trusts its
    caller: the pages and API ask `queries.managed_or_refused` first."""
    unknown = set(changes) - set(EVENT_FIELDS)
    if unknown:
        raise EventError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    event = locked(event)
    values = {name: getattr(event, name) for name in EVENT_FIELDS}
    values.update(changes)
    _check_event(values)
    capacity = values["capacity"]
    if capacity is not None and capacity < event.confirmed_count:
        raise EventError(
            _(
                "%(count)d people are already confirmed; cancel registrations before "
                "lowering the capacity below that."
            )
            % {"count": event.confirmed_count},
            field="capacity",
        )
    for name, value in values.items():
        setattr(event, name, value)
    event.save()
    _promote(event, by=by)
    return event


def locked(event: Event) -> Event:
    """The event re-read under its row lock, inside the caller's transaction."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """A code as typed at the door: any case, spaces and dashes, O for 0, I or L for 1."""
    return "".join(ch for ch in typed.upper() if ch.isalnum()).translate(TYPED_LOOKALIKES)


def registration_is_open(event: Event, at: datetime | None = None) -> bool:
    at = at or timezone.now()
    if event.status != Event.Status.SCHEDULED:
        return False
    if event.registration_opens_at and at < event.registration_opens_at:
        return False
    closes = event.registration_closes_at or event.ends_at or event.starts_at
    return at <= closes


def is_member(person: Person | None, event: Event) -> bool:
    if person is None:
        return False
    organisers = list(event.organisers.values_list("path", flat=True))
    return person.memberships.filter(
        under(organisers, "organisation__"), ended_on__isnull=True
    ).exists()


def _check_language(language: str) -> None:
    """A registration's language is one the site writes its emails in."""
    if language and language not in dict(settings.LANGUAGES):
        raise EventError(
            _("“%(code)s” is not one of this site's languages (%(known)s).")
            % {"code": language[:8], "known": ", ".join(dict(settings.LANGUAGES))},
            field="language",
            code="unknown_language",
        )


def _clean_registrant(given_name: str, surname: str, email: str) -> tuple[str, str, str]:
    for name, value in (("given_name", given_name), ("surname", surname), ("email", email)):
        _check_no_nul(name, value)
    given_name, surname = " ".join(given_name.split()), " ".join(surname.split())
    email = email.strip()
    if not given_name:
        raise EventError(_("Please give your name."), field="given_name")
    if len(given_name) > 100 or len(surname) > 100:
        raise EventError(_("A name part is longer than 100 characters."), field="given_name")
    try:
        validate_email(email)
    except ValidationError:
        raise EventError(
            _("“%(value)s” is not an email address.") % {"value": email}, field="email"
        ) from None
    domain = email.rpartition("@")[2]
    return given_name, surname, f"{email.rpartition('@')[0]}@{domain.lower()}"


def _person_for(
    *, given_name: str, surname: str, email: str, person: Person | None, by: User | None
) -> Person:
    """The registry's record for the registrant: their own, one with this address, or new."""
    if person is not None:
        return person
    found = with_email(email).order_by("id").first()
    if found is not None:
        return found
    return people.register_person(by=by, given_name=given_name, surname=surname, email=email)


def _ensure_consent(person: Person, purpose: str, *, by: User | None, method: str) -> None:
    if not person.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists():
        people.give_consent(person, purpose, by=by, method=method)


@transaction.atomic
def register(
    event: Event,
    *,
    given_name: str,
    surname: str = "",
    email: str,
    by: User | None,
    person: Person | None = None,
    language: str = "",
    contact: bool = False,
    admitted: bool = False,
) -> tuple[Registration, bool]:
    """A place for the registrant, or a place in the queue when the event is full.

    `by` is the user doing it: the registrant themselves (or None, the public),
    or an organiser, who may register outside the window and for members-only
    events; so may a place `admitted` by whoever decides it (a congress's credentials
    commission, whose service checks its caller). Registering the same address twice
    gives back the first registration (created is False), so a retried request never
    books two places."""
    given_name, surname, email = _clean_registrant(given_name, surname, email)
    _check_language(language)
    organiser = admitted or (by is not None and by.is_authenticated and organises(by, event))
    if not organiser:
        if not registration_is_open(event):
            raise EventError(_("Registration for this event is closed."))
        if event.audience == Event.Audience.MEMBERS and not is_member(person, event):
            raise EventError(_("This event is for members of the organising organisations."))
    elif event.status != Event.Status.SCHEDULED:
        raise EventError(_("This event has been cancelled."))
    existing = _active_registration(event, email, person)
    if existing is not None:
        return existing, False
    _hold_address(email)
    registrant = _person_for(
        given_name=given_name, surname=surname, email=email, person=person, by=by
    )
    method = Consent.Method.IMPORT if organiser else Consent.Method.WEB
    _ensure_consent(registrant, Consent.Purpose.REGISTRY, by=by, method=method)
    if contact:
        _ensure_consent(registrant, Consent.Purpose.CONTACT, by=by, method=method)

    event = locked(event)
    if event.status != Event.Status.SCHEDULED:  # cancelled while we waited
        raise EventError(_("This event has been cancelled."))
    # Someone may have registered this address while we waited for the lock.
    existing = _active_registration(event, email, registrant)
    if existing is not None:
        return existing, False
    has_place = event.capacity is None or (
        event.confirmed_count < event.capacity and event.waitlisted_count == 0
    )
    status = Registration.Status.CONFIRMED if has_place else Registration.Status.WAITLISTED
    registration = Registration.objects.create(
        event=event,
        person=registrant,
        code=_new_code(),
        status=status,
        given_name=given_name,
        surname=surname,
        email=email,
        language=language,
        registered_by=by if by is not None and by.pk else None,
    )
    _count(event, status, +1)
    audit.record(
        actor=by,
        action="register",
        target=registration,
        changes={
            "event": [None, event.pk],
            "person": [None, registrant.pk],
            "status": [None, status],
        },
    )
    notices.on_commit_confirm(registration)
    return registration, True


@transaction.atomic
def register_publicly(
    event: Event,
    *,
    given_name: str,
    surname: str = "",
    email: str,
    by: User | None,
    person: Person | None,
    language: str = "",
    contact: bool = False,
) -> Registration | None:
    """A registration from the event's public page, where anyone may type any address.

    Checks nothing of the caller beyond `register`: what it guards is what the caller
    learns. The registration comes back only when it is the caller's own (`person`
    is their record); otherwise None, and the ticket link goes by email to the
    address registered: a new registration's confirmation, or, when the address had
    a registration already, that registration's link again, the registration itself
    neither shown nor changed. So the answer is the same whether or not an address
    is registered, and a ticket reaches only whoever reads its address's mail."""
    registration, created = register(
        event,
        given_name=given_name,
        surname=surname,
        email=email,
        by=by,
        person=person,
        language=language,
        contact=contact,
    )
    if person is not None and registration.person_id == person.pk:
        return registration
    if not created:
        notices.on_commit_resend(registration)
    return None


def _hold_address(email: str) -> None:
    """Wait for any other registration of this address to commit, so that the same
    address sent twice at once finds one person, whatever the events. On PostgreSQL a
    transaction's advisory lock on the address, taken before the event's lock (the
    person is looked up and created outside the event's lock, which stays short); on
    SQLite the IMMEDIATE transaction has already waited for every other writer."""
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(email.lower().encode()).digest()[:8], signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _active_registration(event: Event, email: str, person: Person | None) -> Registration | None:
    active = Registration.objects.filter(event=event).exclude(status=Registration.Status.CANCELLED)
    found = active.filter(email__iexact=email).first()
    if found is None and person is not None:
        found = active.filter(person=person).first()
    return found


def _count(event: Event, status: str, step: int) -> None:
    field = {
        Registration.Status.CONFIRMED: "confirmed_count",
        Registration.Status.WAITLISTED: "waitlisted_count",
    }.get(status)
    if field is None:
        return
    Event.objects.filter(pk=event.pk).update(**{field: F(field) + step})
    setattr(event, field, getattr(event, field) + step)


def _promote(event: Event, *, by: User | None) -> list[Registration]:
    """Fill free places from the waiting list, first come first served (event locked)."""
    promoted = []
    while event.capacity is None or event.confirmed_count < event.capacity:
        waiting = (
            Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED)
            .order_by("id")
            .first()
        )
        if waiting is None:
            break
        waiting.status = Registration.Status.CONFIRMED
        waiting.promoted_at = timezone.now()
        waiting.save(update_fields=["status", "promoted_at"])
        _count(event, Registration.Status.WAITLISTED, -1)
        _count(event, Registration.Status.CONFIRMED, +1)
        audit.record(
            actor=by,
            action="promote",
            target=waiting,
            changes={"status": [Registration.Status.WAITLISTED, Registration.Status.CONFIRMED]},
        )
        notices.on_commit_promoted(waiting)
        promoted.append(waiting)
    return promoted


@transaction.atomic
def cancel_registration(registration: Registration, *, by: User | None) -> list[Registration]:
    """Cancel a place or a place in the queue; a freed place goes to the next in line.
    Returns the registrations moved up."""
    event = locked(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise EventError(_("This registration was already cancelled."))
    if registration.checked_in_at is not None:
        raise EventError(_("This guest has already arrived; the ticket cannot be cancelled."))
    was = registration.status
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    _count(event, was, -1)
    audit.record(
        actor=by,
        action="cancel registration",
        target=registration,
        changes={"status": [was, Registration.Status.CANCELLED]},
    )
    return _promote(event, by=by)


def ticket_by_token(token: str) -> Registration | None:
    """The registration whose ticket page this secret opens (the holder's link)."""
    if not token or len(token) > 64:
        return None
    return Registration.objects.select_related("event", "person").filter(token=token).first()


def find_ticket(code: str) -> Registration | None:
    """The registration a door code lets in; it opens no ticket page."""
    code = normalise_code(code)
    if not code or len(code) > 32:
        return None
    return Registration.objects.select_related("event", "person").filter(code=code).first()


@transaction.atomic
def check_in(event: Event, code: str, *, by: User | None) -> Registration:
    """Let the ticket's holder in, once; refuse anything else with the reason."""
    registration = find_ticket(code)
    if registration is None:
        raise CheckInRefused(
            _("No ticket has the code “%(code)s”.") % {"code": code.strip()}, code="unknown_ticket"
        )
    if registration.event_id != event.pk:
        # Whose ticket it is stays with that event's organisers; so does which
        # event, unless the door organises that one too.
        other = registration.event
        if not organises(by, other):
            raise CheckInRefused(_("This ticket is for another event."), code="other_event")
        raise CheckInRefused(
            _("This ticket is for another event: %(title)s on %(date)s.")
            % {"title": other.local_title, "date": other.local_starts_at.date().isoformat()},
            code="other_event",
        )
    if registration.status == Registration.Status.CANCELLED:
        raise CheckInRefused(_("This ticket was cancelled."), registration, code="cancelled")
    if registration.status == Registration.Status.WAITLISTED:
        raise CheckInRefused(
            _("This ticket is on the waiting list and has no place yet."),
            registration,
            code="waitlisted",
        )
    now = timezone.now()
    # One conditional write: of two scans at the same moment, one lets the guest in;
    # a cancellation committed while we read the ticket wins over the scan.
    admitted = Registration.objects.filter(
        pk=registration.pk, status=Registration.Status.CONFIRMED, checked_in_at__isnull=True
    ).update(checked_in_at=now, checked_in_by=by if by is not None and by.pk else None)
    if not admitted:
        registration.refresh_from_db()
        if registration.status != Registration.Status.CONFIRMED:
            raise CheckInRefused(_("This ticket was cancelled."), registration, code="cancelled")
        arrived = timezone.localtime(registration.checked_in_at, event.zone)
        raise CheckInRefused(
            _("Already checked in at %(time)s.") % {"time": arrived.strftime("%H:%M")},
            registration,
            code="already_checked_in",
        )
    registration.checked_in_at = now
    audit.record(
        actor=by, action="check in", target=registration, changes={"checked_in_at": [None, now]}
    )
    return registration


def arrivals(event: Event) -> int:
    return Registration.objects.filter(event=event, checked_in_at__isnull=False).count()


def kind_by_code(code: str) -> EventKind | None:
    return EventKind.objects.filter(code=code).first()


def city_in(country: Country | None, name_or_id: str | int | None) -> City | None:
    """A city of the directory by id (of the country, when one is given) or by its
    name in any of its languages, scripts or cases (a name needs the country)."""
    if name_or_id in (None, ""):
        return None
    if isinstance(name_or_id, int) or str(name_or_id).isdigit():
        if len(str(name_or_id)) > 18:
            return None
        cities = City.objects.filter(pk=int(name_or_id)).select_related("country")
        return cities.filter(country=country).first() if country else cities.first()
    if country is None:
        return None
    return gazetteer.find_city(country, str(name_or_id))
