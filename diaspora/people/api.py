from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from diaspora.access import Action
from diaspora.accounts.tokens import BearerToken, session
from diaspora.apitools import clean_text
from diaspora.directory.api import country_or_400

from . import reads
from .models import Membership, Person
from .queries import visible_memberships, visible_people
from .search import search_people

SEARCH_RESULTS = 200

router = Router(tags=["people"], auth=[BearerToken(), session])


class MembershipOut(Schema):
    organisation_id: int
    organisation: str
    role: str
    started_on: date | None
    ended_on: date | None

    @staticmethod
    def resolve_organisation(obj: Membership) -> str:
        return obj.organisation.local_name


class MatchOut(Schema):
    query: str
    matched: str
    score: float


class PersonOut(Schema):
    id: int
    full_name: str
    script: str
    given_name: str
    surname: str
    patronymic: str
    birth_date: date | None
    sex: str
    email: str
    phone: str
    country: str | None
    city: str | None
    citizenships: list[str]
    languages: list[str]
    unreadable: dict[str, str]  # values a list gave that could not be read, as written
    memberships: list[MembershipOut]
    score: float | None = None
    matched: list[MatchOut] = []

    @staticmethod
    def resolve_country(obj: Person) -> str | None:
        return obj.country_id

    @staticmethod
    def resolve_city(obj: Person) -> str | None:
        return obj.city.local_name if obj.city else None

    @staticmethod
    def resolve_citizenships(obj: Person) -> list[str]:
        return [country.code for country in obj.citizenships.all()]

    @staticmethod
    def resolve_memberships(obj: Person) -> list[Membership]:
        return list(obj.memberships.all())

    @staticmethod
    def resolve_score(obj: Person) -> float | None:
        return getattr(obj, "search_score", None)

    @staticmethod
    def resolve_matched(obj: Person) -> list[dict[str, object]]:
        pairs = getattr(obj, "search_matched", [])
        return [{"query": q, "matched": m, "score": s} for q, m, s in pairs]


def people_for(request: HttpRequest) -> QuerySet[Person]:
    """The API hands out whole records, as files do: what the caller may export
    (access: people.export), their own record included."""
    return (
        visible_people(request.user, Action.PEOPLE_EXPORT)
        .select_related("city")
        .prefetch_related(
            "citizenships",
            Prefetch(
                "memberships",
                queryset=visible_memberships(request.user, Action.PEOPLE_EXPORT).select_related(
                    "organisation"
                ),
            ),
        )
    )


@router.get("/people", response=list[PersonOut], summary="People in the caller's reach")
@paginate(reads.AuditedPagination, action="people.api_list")  # each page read is audited
def list_people(request: HttpRequest, q: str | None = None, country: str | None = None):
    """With `q`, the people whose names best answer it in any script, best first, each
    with its score and which of its words matched; without, everyone in reach."""
    people = people_for(request)
    residence = country_or_400(country)
    if residence is not None:
        people = people.filter(country=residence)
    text = clean_text(q, "q")
    if not text:
        return people.order_by("surname", "given_name", "id")
    found = []
    for hit in search_people(text, people, limit=SEARCH_RESULTS):
        hit.person.search_score = hit.score
        hit.person.search_matched = hit.matched
        found.append(hit.person)
    return found


@router.get("/people/{person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: int):
    return get_object_or_404(people_for(request), pk=person_id)
