from datetime import datetime
from typing import Annotated

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import StringConstraints

from diaspora import access
from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.accounts.models import User
from diaspora.accounts.tokens import BearerToken, session, user_for_token
from diaspora.apitools import ApiError, ErrorOut, Id, Moment, Text, clean_text, error_body, refuse
from diaspora.directory.api import country_or_400
from diaspora.directory.models import City, Country, Organisation
from diaspora.people.reads import AuditedPagination, asked

from . import queries, services
from .attendance import figures
from .models import Event, Registration

router = Router(tags=["events"])
signed_in = [BearerToken(), session]


LanguageCode = Annotated[str, StringConstraints(max_length=8)]


class EventIn(Schema):
    title: Text = Field(..., min_length=1, max_length=services.TITLE_LENGTH)
    kind: Text = Field(..., max_length=40)
    starts_at: Moment = Field(..., description="ISO 8601 with its offset")
    timezone: Text = Field(..., max_length=64, description="IANA name, e.g. Europe/Berlin")
    ends_at: Moment | None = None
    capacity: int | None = Field(None, ge=0, le=1_000_000)
    country: Text | None = Field(None, max_length=2)
    city: Text | None = Field(
        None,
        max_length=120,
        description="A city of the directory: its id, or a name the directory knows "
        "it by, in any script or case. Unknown places are refused.",
    )
    address: Text = Field("", max_length=255)
    online_url: Text = Field("", max_length=200)
    organisation: Text | None = Field(None, max_length=120, description="slug; default: yours")
    audience: Event.Audience = Event.Audience.PUBLIC
    titles: dict[LanguageCode, Annotated[Text, StringConstraints(max_length=200)]] = Field(
        {}, max_length=20, description="By language code, among the deployment's languages"
    )
    description: dict[
        LanguageCode, Annotated[Text, StringConstraints(max_length=services.DESCRIPTION_LENGTH)]
    ] = Field({}, max_length=20, description="By language code, as `titles`")
    registration_opens_at: Moment | None = None
    registration_closes_at: Moment | None = None


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
    given_name: Text = Field(..., max_length=100)
    surname: Text = Field("", max_length=100)
    email: Text = Field(..., max_length=254)
    language: Text = Field(
        "", max_length=8, description="One of the deployment's languages; default: the request's"
    )


class RegistrationOut(Schema):
    """A registration as its event's organisers see it. `code` is the door code; the
    ticket page's link is not here: it goes by email to the holder alone."""

    id: int
    event: int
    status: str
    code: str
    given_name: str
    surname: str
    email: str
    registered_at: datetime
    checked_in_at: datetime | None

    @staticmethod
    def resolve_event(obj: Registration) -> int:
        return obj.event_id


class CancelOut(Schema):
    cancelled: RegistrationOut
    promoted: list[RegistrationOut]


class CheckInIn(Schema):
    code: Text = Field(..., max_length=40)


def caller(request: HttpRequest):
    """Who asks a public endpoint: a bearer token if one is sent, else the session."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return user_for_token(header[7:].strip(), request) or AnonymousUser()
    return request.user


def refused(error: services.EventError) -> HttpError:
    return ApiError(400, str(error), code=error.code, field=error.field)


def organiser_of(user: User, slug: str | None) -> Organisation:
    """The organisation the caller creates an event for: the one named, else their own."""
    if slug:
        organisation = Organisation.objects.filter(slug=clean_text(slug, "organisation")).first()
        if organisation is None:
            raise refuse(
                _("Unknown organisation “%(slug)s”.") % {"slug": slug},
                field="organisation",
                code="unknown",
            )
        return organisation
    reached = access.scope(user, Action.EVENTS_ORGANISE)
    if reached.everywhere:
        root = Organisation.objects.get_root_nodes().first()
        if root is not None:
            return root
    paths = {*reached.below, *reached.nodes}
    if len(paths) == 1:
        return Organisation.objects.get(path=paths.pop())
    if not paths:
        raise HttpError(403, _("Only organisers create events."))
    raise refuse(
        _("You organise for several organisations: say which one."),
        field="organisation",
        code="required",
    )


def directory_city(country: Country | None, city: str | None) -> City | None:
    """The directory's city an event names, by id or by a name the directory knows;
    places come only from the directory, so anything else is refused."""
    if city is None or not city.strip():
        if city is not None:
            raise refuse(_("The city is empty."), field="city", code="invalid")
        return None
    found = services.city_in(country, city.strip())
    if found is None:
        raise refuse(
            _(
                "The directory knows no city “%(city)s”: give a city's id, or the country "
                "and a name the directory knows the city by."
            )
            % {"city": city.strip()},
            field="city",
            code="unknown",
        )
    return found


@router.post("/events", response={201: EventOut}, auth=signed_in, summary="Create an event")
def create_event(request: HttpRequest, payload: EventIn):
    organisation = organiser_of(request.user, payload.organisation)
    if not access.allowed(request.user, Action.EVENTS_ORGANISE, organisation):
        raise HttpError(
            403,
            _("You do not organise events for %(name)s.") % {"name": organisation.local_name},
        )
    kind = services.kind_by_code(payload.kind)
    if kind is None:
        raise refuse(
            _("Unknown event kind “%(code)s”.") % {"code": payload.kind},
            field="kind",
            code="unknown",
        )
    country = country_or_400(payload.country)
    city = directory_city(country, payload.city)
    if country is None and city is not None:
        country = city.country
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
    request: HttpRequest,
    country: str | None = Query(None, max_length=2, description="ISO 3166-1 alpha-2"),
    kind: str | None = Query(None, max_length=40),
    past: bool = False,
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
def get_event(request: HttpRequest, event_id: int = Id()):
    return get_object_or_404(queries.visible_events(caller(request)), pk=event_id)


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut, 200: RegistrationOut},
    auth=signed_in,
    summary="Register someone (200 when the address was registered already)",
)
def register(request: HttpRequest, payload: RegistrationIn, event_id: int = Id()):
    event = queries.managed_or_refused(request.user, event_id)
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
def list_registrations(
    request: HttpRequest, event_id: int = Id(), status: Registration.Status | None = None
):
    event = queries.managed_or_refused(request.user, event_id)
    registrations = queries.registrations_of(event)
    if status:
        registrations = registrations.filter(status=status)
    return registrations


@router.delete(
    "/events/{event_id}/registrations/{registration_id}", response=CancelOut, auth=signed_in
)
def cancel(request: HttpRequest, event_id: int = Id(), registration_id: int = Id()):
    event = queries.managed_or_refused(request.user, event_id)
    registration = get_object_or_404(Registration, event=event, pk=registration_id)
    try:
        promoted = services.cancel_registration(registration, by=request.user)
    except services.EventError as error:
        raise refused(error) from None
    registration.refresh_from_db()
    return {"cancelled": registration, "promoted": promoted}


@router.post(
    "/events/{event_id}/check-ins",
    response={200: RegistrationOut, 409: ErrorOut},
    auth=signed_in,
    summary="Let a ticket in; 409 with the reason when the door must refuse it",
)
def check_in(request: HttpRequest, payload: CheckInIn, event_id: int = Id()):
    event = queries.managed_or_refused(request.user, event_id)
    try:
        return Status(200, services.check_in(event, payload.code, by=request.user))
    except services.CheckInRefused as refusal:
        return Status(409, error_body(409, str(refusal), refusal.code))


class AttendeeOut(Schema):
    person_id: int
    minutes: int
    country: str | None


class AttendanceOut(Schema):
    participants: int
    countries: int
    minutes: int
    people: list[AttendeeOut]


@router.get(
    "/events/{event_id}/attendance",
    response=AttendanceOut,
    auth=signed_in,
    summary="Who took part in an online event, and for how long",
    description="The totals count every participant recorded; `people` lists only "
    "the people the caller may see. For the event's organisers.",
)
def get_attendance(request: HttpRequest, event_id: int = Id()):
    event = queries.managed_or_refused(request.user, event_id)
    found = figures.totals(event)
    people = figures.people(event, request.user)
    audit.record_read(
        actor=request.user,
        action="attendance.api_list",
        target_type="events.attendance",
        count=len(people),
        query=asked(request),
    )
    return {
        "participants": found.participants,
        "countries": found.countries,
        "minutes": found.minutes,
        "people": people,
    }
