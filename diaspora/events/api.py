from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from diaspora.accounts.models import User
from diaspora.accounts.tokens import BearerToken, user_for_token
from diaspora.apitools import clean_text
from diaspora.directory.api import country_or_400
from diaspora.directory.models import Organisation
from diaspora.directory.queries import reach
from diaspora.directory.services import ensure_city
from diaspora.people.reads import AuditedPagination

from . import queries, services
from .models import Event, Registration
from .notices import ticket_url

router = Router(tags=["events"])
signed_in = [BearerToken(), django_auth]


class EventIn(Schema):
    title: str = Field(..., max_length=200)
    kind: str
    starts_at: datetime = Field(..., description="ISO 8601 with its offset")
    timezone: str = Field(..., max_length=64, description="IANA name, e.g. Europe/Berlin")
    ends_at: datetime | None = None
    capacity: int | None = Field(None, ge=0, le=1_000_000)
    country: str | None = Field(None, max_length=2)
    city: str | None = Field(None, max_length=120)
    address: str = Field("", max_length=255)
    online_url: str = Field("", max_length=200)
    organisation: str | None = Field(None, max_length=120, description="slug; default: yours")
    audience: Event.Audience = Event.Audience.PUBLIC
    titles: dict[str, str] = {}
    description: dict[str, str] = {}
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None


class EventOut(Schema):
    id: int
    title: str
    local_title: str
    kind: str
    status: str
    audience: str
    starts_at: datetime
    ends_at: datetime | None
    timezone: str
    country: str | None
    city: str | None
    address: str
    online_url: str
    capacity: int | None
    confirmed: int
    waitlisted: int
    organisers: list[str]

    @staticmethod
    def resolve_kind(obj: Event) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_starts_at(obj: Event) -> datetime:
        return obj.local_starts_at

    @staticmethod
    def resolve_ends_at(obj: Event) -> datetime | None:
        return obj.local_ends_at

    @staticmethod
    def resolve_country(obj: Event) -> str | None:
        return obj.country_id

    @staticmethod
    def resolve_city(obj: Event) -> str | None:
        return obj.city.local_name if obj.city else None

    @staticmethod
    def resolve_confirmed(obj: Event) -> int:
        return obj.confirmed_count

    @staticmethod
    def resolve_waitlisted(obj: Event) -> int:
        return obj.waitlisted_count

    @staticmethod
    def resolve_organisers(obj: Event) -> list[str]:
        return [organisation.slug for organisation in obj.organisers.all()]


class RegistrationIn(Schema):
    given_name: str = Field(..., max_length=100)
    surname: str = Field("", max_length=100)
    email: str = Field(..., max_length=254)
    language: str = Field("", max_length=8)


class RegistrationOut(Schema):
    id: int
    event: int
    status: str
    code: str
    given_name: str
    surname: str
    email: str
    registered_at: datetime
    checked_in_at: datetime | None
    ticket_url: str

    @staticmethod
    def resolve_event(obj: Registration) -> int:
        return obj.event_id

    @staticmethod
    def resolve_ticket_url(obj: Registration) -> str:
        return ticket_url(obj)


class CancelOut(Schema):
    cancelled: RegistrationOut
    promoted: list[RegistrationOut]


class CheckInIn(Schema):
    code: str = Field(..., max_length=40)


def caller(request: HttpRequest):
    """Who asks a public endpoint: a bearer token if one is sent, else the session."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_token(header[7:].strip()) or AnonymousUser()
    return request.user


def refused(error: services.EventError) -> HttpError:
    return HttpError(400, str(error))


def organiser_of(user: User, slug: str | None) -> Organisation:
    """The organisation the caller creates an event for: the one named, else their own."""
    if slug:
        organisation = Organisation.objects.filter(slug=clean_text(slug, "organisation")).first()
        if organisation is None:
            raise HttpError(400, _("Unknown organisation “%(slug)s”.") % {"slug": slug})
        return organisation
    paths = reach(user)
    roles = list(user.roles.select_related("organisation")) if user.is_authenticated else []
    if paths is None and not roles:
        root = Organisation.objects.get_root_nodes().first()
        if root is not None:
            return root
    if len({role.organisation_id for role in roles}) == 1:
        return roles[0].organisation
    if not roles:
        raise HttpError(403, _("Only organisers create events."))
    raise HttpError(400, _("You organise for several organisations: say which one."))


@router.post("/events", response={201: EventOut}, auth=signed_in, summary="Create an event")
def create_event(request: HttpRequest, payload: EventIn):
    organisation = organiser_of(request.user, payload.organisation)
    if not services.can_organise(request.user, organisation):
        raise HttpError(
            403,
            _("You do not organise events for %(name)s.") % {"name": organisation.local_name},
        )
    kind = services.kind_by_code(payload.kind)
    if kind is None:
        raise HttpError(400, _("Unknown event kind “%(code)s”.") % {"code": payload.kind})
    country = country_or_400(payload.country)
    city = None
    if country is not None and payload.city:
        city = services.city_in(country, payload.city.strip())
        if city is None:
            # A new place: the city joins the directory with the event's time zone.
            try:
                services.zone_or_error(payload.timezone)
            except services.EventError as error:
                raise refused(error) from None
            city = ensure_city(country, name=payload.city.strip(), timezone=payload.timezone)
    values = payload.dict(exclude={"organisation", "kind", "country", "city"})
    try:
        event = services.create_event(
            by=request.user,
            organisers=[organisation],
            kind=kind,
            country=country,
            city=city,
            **values,
        )
    except services.EventError as error:
        raise refused(error) from None
    return Status(201, queries.all_events().get(pk=event.pk))


@router.get("/events", response=list[EventOut], summary="Events the caller may see")
@paginate(LimitOffsetPagination)
def list_events(
    request: HttpRequest, country: str | None = None, kind: str | None = None, past: bool = False
):
    events = queries.visible_events(caller(request))
    residence = country_or_400(country)
    if residence is not None:
        events = events.filter(country=residence)
    if kind:
        events = events.filter(kind__code=clean_text(kind, "kind"))
    if past:
        return events.filter(starts_at__lt=timezone.now()).order_by("-starts_at", "-id")
    return queries.upcoming(events, timezone.now())


@router.get("/events/{event_id}", response=EventOut)
def get_event(request: HttpRequest, event_id: int):
    return get_object_or_404(queries.visible_events(caller(request)), pk=event_id)


def managed_or_404(request: HttpRequest, event_id: int) -> Event:
    event = get_object_or_404(queries.visible_events(request.user), pk=event_id)
    if not services.can_manage(request.user, event):
        raise HttpError(403, _("Only the event's organisers may do this."))
    return event


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut, 200: RegistrationOut},
    auth=signed_in,
    summary="Register someone (200 when the address was registered already)",
)
def register(request: HttpRequest, event_id: int, payload: RegistrationIn):
    event = managed_or_404(request, event_id)
    try:
        registration, created = services.register(
            event,
            given_name=payload.given_name,
            surname=payload.surname,
            email=payload.email,
            by=request.user,
            language=payload.language or (get_language() or ""),
        )
    except services.EventError as error:
        raise refused(error) from None
    return Status(201 if created else 200, registration)


@router.get("/events/{event_id}/registrations", response=list[RegistrationOut], auth=signed_in)
@paginate(AuditedPagination, action="registrations.api_list", target_type="events.registration")
def list_registrations(request: HttpRequest, event_id: int, status: str | None = None):
    event = managed_or_404(request, event_id)
    registrations = queries.registrations_of(event)
    if status:
        registrations = registrations.filter(status=clean_text(status, "status"))
    return registrations


@router.delete(
    "/events/{event_id}/registrations/{registration_id}", response=CancelOut, auth=signed_in
)
def cancel(request: HttpRequest, event_id: int, registration_id: int):
    event = managed_or_404(request, event_id)
    registration = get_object_or_404(Registration, event=event, pk=registration_id)
    try:
        promoted = services.cancel_registration(registration, by=request.user)
    except services.EventError as error:
        raise refused(error) from None
    registration.refresh_from_db()
    return {"cancelled": registration, "promoted": promoted}


@router.post(
    "/events/{event_id}/check-ins",
    response={200: RegistrationOut, 409: dict},
    auth=signed_in,
    summary="Let a ticket in; 409 with the reason when the door must refuse it",
)
def check_in(request: HttpRequest, event_id: int, payload: CheckInIn):
    event = managed_or_404(request, event_id)
    try:
        return Status(200, services.check_in(event, payload.code, by=request.user))
    except services.CheckInRefused as refusal:
        return Status(409, {"detail": str(refusal)})
