"""The honours API: nominate, endorse, score, and read a nomination with its
endorsements, average and history. Refusals answer `{"detail", "code", "field"}`;
a score refused for a conflict of interest is a 409 whose code names the conflict."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints

from diaspora.accounts.tokens import BearerToken, session
from diaspora.apitools import ApiError, ErrorOut, Id, Text
from diaspora.directory.models import Organisation
from diaspora.people.models import Person

from . import queries, services
from .models import Honour, Nomination, Review

router = Router(tags=["honours"])
signed_in = [BearerToken(), session]

CitationText = Annotated[Text, StringConstraints(max_length=services.CITATION_LENGTH)]


class NominationIn(Schema):
    person_id: int = Field(..., ge=1, le=2**63 - 1)
    honour: Text = Field(..., max_length=60, description="The honour's code")
    citation: CitationText | dict[Annotated[str, StringConstraints(max_length=8)], CitationText] = (
        Field(..., description="Text in the request's language, or texts by language code")
    )


class MeritOut(Schema):
    kind: str
    text: str
    started_on: Any = None
    ended_on: Any = None
    from_registry: bool


class NominationCreated(Schema):
    id: int
    status: str


class EndorsementIn(Schema):
    organisation: Text | None = Field(None, max_length=120, description="slug, if several")
    text: Text = Field("", max_length=services.CITATION_LENGTH)


class EndorsementOut(Schema):
    organisation: str
    asked_at: datetime
    given_at: datetime | None


class ScoreIn(Schema):
    score: Decimal | None = Field(None, description="1 to 10; or give `criteria`")
    criteria: dict[Annotated[str, StringConstraints(max_length=60)], Decimal] | None = Field(
        None, max_length=20
    )
    verdict: Review.Verdict = Review.Verdict.SCORED
    reason: Text = Field("", max_length=300)


class ScoreOut(Schema):
    verdict: str
    score: Decimal | None


class StepOut(Schema):
    at: datetime
    action: str
    label: str
    by: str


class NominationOut(Schema):
    id: int
    status: str
    honour: str
    round: int
    person: str
    organisation: str
    citation: dict[str, str]
    merits: list[MeritOut]
    endorsements: list[EndorsementOut]
    endorsements_required: int
    average_score: Decimal | None
    scored: int | None
    abstained: int | None
    history: list[StepOut]


def refused(error: services.HonourError) -> ApiError:
    return ApiError(error.status, str(error), code=error.code, field=error.field)


def nomination_or_404(request: HttpRequest, nomination_id: int) -> Nomination:
    return get_object_or_404(queries.visible_nominations(request.user), pk=nomination_id)


@router.post(
    "/honours/nominations",
    response={201: NominationCreated, 409: ErrorOut},
    auth=signed_in,
    summary="Nominate a person",
)
def create_nomination(request: HttpRequest, payload: NominationIn):
    honour = Honour.objects.filter(code=payload.honour).first()
    if honour is None:
        raise ApiError(400, _("Unknown honour."), code="unknown", field="honour")
    person = Person.objects.filter(pk=payload.person_id, merged_into__isnull=True).first()
    if person is None:
        raise ApiError(400, _("No such person in the registry."), code="unknown", field="person_id")
    citation = payload.citation
    if isinstance(citation, str):
        citation = {get_language() or "en": citation}
    try:
        nomination = services.nominate(
            by=request.user, person=person, honour=honour, citation=citation
        )
    except services.HonourError as error:
        raise refused(error) from None
    return Status(201, {"id": nomination.pk, "status": nomination.status})


class AskIn(Schema):
    organisation: Text = Field(..., max_length=120, description="the slug of the one asked")


@router.post(
    "/honours/nominations/{nomination_id}/endorsement-requests",
    response={201: EndorsementOut, 409: ErrorOut},
    auth=signed_in,
    summary="Ask another organisation or council to endorse (the nominators)",
)
def ask_endorsement(request: HttpRequest, payload: AskIn, nomination_id: int = Id()):
    nomination = nomination_or_404(request, nomination_id)
    organisation = Organisation.objects.filter(slug=payload.organisation).first()
    if organisation is None:
        raise ApiError(400, _("Unknown organisation."), code="unknown", field="organisation")
    try:
        asked = services.ask_endorsement(nomination, organisation, by=request.user)
    except services.HonourError as error:
        raise refused(error) from None
    return Status(201, endorsement_out(asked))


@router.post(
    "/honours/nominations/{nomination_id}/endorsements",
    response={201: EndorsementOut, 409: ErrorOut},
    auth=signed_in,
    summary="Endorse a nomination your organisation was asked about",
)
def endorse(request: HttpRequest, payload: EndorsementIn, nomination_id: int = Id()):
    nomination = nomination_or_404(request, nomination_id)
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.filter(slug=payload.organisation).first()
        if organisation is None:
            raise ApiError(400, _("Unknown organisation."), code="unknown", field="organisation")
    try:
        given = services.endorse(
            nomination, by=request.user, organisation=organisation, text=payload.text
        )
    except services.HonourError as error:
        raise refused(error) from None
    return Status(201, endorsement_out(given))


@router.post(
    "/honours/nominations/{nomination_id}/scores",
    response={201: ScoreOut, 409: ErrorOut},
    auth=signed_in,
    summary="Score a nomination (a panel member), abstain or declare a conflict",
)
def score(request: HttpRequest, payload: ScoreIn, nomination_id: int = Id()):
    nomination = nomination_or_404(request, nomination_id)
    try:
        made = services.review(
            nomination,
            by=request.user,
            verdict=payload.verdict,
            score=payload.score,
            criteria=payload.criteria,
            reason=payload.reason,
        )
    except services.HonourError as error:
        raise refused(error) from None
    return Status(201, {"verdict": made.verdict, "score": made.score})


@router.get("/honours/nominations/{nomination_id}", response=NominationOut, auth=signed_in)
def get_nomination(request: HttpRequest, nomination_id: int = Id()):
    nomination = nomination_or_404(request, nomination_id)
    tally = queries.tally(nomination)
    shown = queries.average_visible(request.user, nomination)
    return {
        "id": nomination.pk,
        "status": nomination.status,
        "honour": nomination.honour.code,
        "round": nomination.round_id,
        "person": nomination.person.full_name,
        "organisation": nomination.organisation.slug,
        "citation": nomination.citation,
        "merits": list(nomination.merits.all()),
        "endorsements": [endorsement_out(item) for item in nomination.endorsements.all()],
        "endorsements_required": nomination.round.endorsements_required,
        "average_score": tally.average if shown else None,
        "scored": tally.scored if shown else None,
        "abstained": tally.abstained if shown else None,
        "history": queries.history(nomination, request.user),
    }


def endorsement_out(endorsement) -> dict[str, Any]:
    return {
        "organisation": endorsement.organisation.slug,
        "asked_at": endorsement.asked_at,
        "given_at": endorsement.given_at,
    }
