"""The congress's API: quotas, nominations, the commission's decisions, the
delegates' figures and the badges. Bearer token (or session); within the caller's
reach, as the pages."""

from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints

from diaspora.apitools import ApiError, ErrorOut, Id, Text, error_body
from diaspora.directory.api import country_or_400
from diaspora.events.api import organiser_of, signed_in
from diaspora.people.reads import asked

from . import badges, nominations, queries, setup
from .errors import CONFLICTS, CongressError
from .models import Accreditation

router = Router(tags=["congress"])

CountryCode = Annotated[str, StringConstraints(min_length=2, max_length=2)]
Slug = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Places = Annotated[int, Field(ge=0, le=setup.MAX_PLACES)]


def refusal(error: CongressError):
    if error.code in CONFLICTS:
        return Status(409, error_body(409, str(error), error.code, error.field))
    status = 403 if error.code == "forbidden" else 400
    raise ApiError(status, str(error), code=error.code, field=error.field)


class QuotasIn(Schema):
    countries: dict[CountryCode, Places] = Field(..., max_length=300)
    guests: Places | None = None
    organisations: dict[Slug, Places] = Field({}, max_length=2000)


class QuotasOut(Schema):
    countries: dict[str, int]
    organisations: dict[str, int]
    guests: int


@router.put(
    "/events/{event_id}/quotas",
    response={200: QuotasOut, 409: ErrorOut},
    auth=signed_in,
    summary="Set a congress's delegate quotas per country (and organisation) and its guests",
)
def put_quotas(request: HttpRequest, payload: QuotasIn, event_id: int = Id()):
    congress = queries.organised_or_refused(request.user, event_id)
    try:
        quotas = setup.set_quotas(
            congress,
            countries=payload.countries,
            guests=payload.guests,
            organisations=payload.organisations,
            by=request.user,
        )
    except CongressError as error:
        return refusal(error)
    out = {"countries": {}, "organisations": {}, "guests": 0}
    for quota in quotas:
        if quota.kind == "guest":
            out["guests"] = quota.places
        elif quota.organisation_id:
            out["organisations"][quota.organisation.slug] = quota.places
        else:
            out["countries"][quota.country_id] = quota.places
    return out


class NominationIn(Schema):
    given_name: Text = Field(..., max_length=100)
    surname: Text = Field("", max_length=100)
    email: Text = Field(..., max_length=254)
    country: Text = Field(..., max_length=2, description="ISO 3166-1 alpha-2")
    organisation: Text | None = Field(None, max_length=120, description="slug; default: yours")
    names: dict[Annotated[str, StringConstraints(max_length=8)], Text] = Field(
        {}, max_length=10, description="The name as the badge writes it, by language"
    )


class NominationOut(Schema):
    id: int
    status: str
    reason: str = ""


@router.post(
    "/events/{event_id}/nominations",
    response={201: NominationOut, 409: ErrorOut},
    auth=signed_in,
    summary="Nominate a delegate for a congress (409 when already nominated or closed)",
)
def nominate(request: HttpRequest, payload: NominationIn, event_id: int = Id()):
    congress = queries.congress_of(request.user, event_id)
    organisation = organiser_of(request.user, payload.organisation)
    country = country_or_400(payload.country)
    try:
        nomination = nominations.nominate(
            congress,
            organisation=organisation,
            by=request.user,
            given_name=payload.given_name,
            surname=payload.surname,
            email=payload.email,
            country=country,
            names=payload.names,
        )
    except CongressError as error:
        return refusal(error)
    return Status(201, nomination)


class DecisionIn(Schema):
    decision: Literal["delegate", "guest", "rejected"]
    reason: Text = Field("", max_length=nominations.REASON_LENGTH)


@router.post(
    "/nominations/{nomination_id}/decision",
    response={200: NominationOut, 409: ErrorOut},
    auth=signed_in,
    summary="The credentials commission's decision; 409 with the reason when a quota is full",
)
def decide(request: HttpRequest, payload: DecisionIn, nomination_id: int = Id()):
    nomination = queries.nomination_or_refused(request.user, nomination_id)
    try:
        decided = nominations.decide(
            nomination, payload.decision, reason=payload.reason, by=request.user
        )
    except CongressError as error:
        return refusal(error)
    return decided


class CountryFigures(Schema):
    quota: int
    delegates: int


class DelegatesOut(Schema):
    delegates: int
    guests: int
    guest_places: int
    nominated: int
    rejected: int
    by_country: dict[str, CountryFigures]


@router.get(
    "/events/{event_id}/delegates",
    response=DelegatesOut,
    auth=signed_in,
    summary="A congress's delegates and guests, and each country's quota",
)
def delegates(request: HttpRequest, event_id: int = Id()):
    congress = queries.commission_or_refused(request.user, event_id)
    return queries.figures(congress)


@router.get(
    "/events/{event_id}/badges.pdf",
    auth=signed_in,
    summary="Every accepted person's badge, in one PDF",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def badges_pdf(request: HttpRequest, event_id: int = Id()):
    congress = queries.commission_or_refused(request.user, event_id)
    pdf = badges.print_all(congress, by=request.user, query=asked(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badges-{event_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


class WeightIn(Schema):
    weight: int = Field(..., ge=0, le=1000)


class WeightOut(Schema):
    id: int
    weight: int


@router.put(
    "/accreditations/{accreditation_id}/weight",
    response=WeightOut,
    auth=signed_in,
    summary="Set a delegate's vote weight (one vote each unless the Committee sets this)",
)
def put_weight(request: HttpRequest, payload: WeightIn, accreditation_id: int = Id()):
    accreditation = get_object_or_404(
        Accreditation.objects.select_related("nomination__congress"), pk=accreditation_id
    )
    queries.organised_or_refused(request.user, accreditation.nomination.congress.event_id)
    setup.set_weight(accreditation, payload.weight, by=request.user)
    return accreditation
