from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from diaspora.apitools import MAX_QUERY_TEXT, Id, clean_text, refuse

from . import gazetteer, queries
from .models import City, Country, Organisation, OrganisationKind

router = Router(tags=["directory"])


class CountryOut(Schema):
    code: str
    code3: str
    name: str
    organisations: int


class CityOut(Schema):
    id: int
    name: str
    local_name: str
    country: str
    latitude: float | None
    longitude: float | None
    timezone: str
    population: int | None

    @staticmethod
    def resolve_country(obj: City) -> str:
        return obj.country_id


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    local_name: str
    kind: str
    kind_name: str
    focus: str
    status: str
    country: str
    country_name: str
    city: str | None
    city_id: int | None
    address: str
    email: str
    phone: str
    website: str
    founded_on: date | None
    url: str

    @staticmethod
    def resolve_kind(obj: Organisation) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_kind_name(obj: Organisation) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_country(obj: Organisation) -> str:
        return obj.country_id

    @staticmethod
    def resolve_country_name(obj: Organisation) -> str:
        return obj.country.name

    @staticmethod
    def resolve_city(obj: Organisation) -> str | None:
        return obj.city.local_name if obj.city else None

    @staticmethod
    def resolve_url(obj: Organisation) -> str:
        return reverse("organisation", kwargs={"slug": obj.slug})


class OrganisationDetailOut(OrganisationOut):
    description: str
    parent: str | None
    children: list[str]

    @staticmethod
    def resolve_description(obj: Organisation) -> str:
        return obj.local_description

    @staticmethod
    def resolve_parent(obj: Organisation) -> str | None:
        parent = Organisation.objects.get_parent(obj)
        return parent.slug if parent is not None else None

    @staticmethod
    def resolve_children(obj: Organisation) -> list[str]:
        return list(queries.public_children(obj).values_list("slug", flat=True))


def country_or_400(code: str | None) -> Country | None:
    code = clean_text(code, "country").upper()
    if not code:
        return None
    country = Country.objects.filter(code=code).first()
    if country is None:
        raise refuse(
            _("Unknown country code “%(code)s”: use an ISO 3166-1 alpha-2 code such as DE or TR.")
            % {"code": code},
            field="country",
            code="unknown",
        )
    return country


def city_or_400(text: str | None, country: Country | None) -> int | None:
    """A city's id from its id or from any spelling of its name: within the country
    when one is given, else the largest city of the world written so."""
    text = clean_text(text, "city").strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    city = gazetteer.find_city(country, text)
    if city is None:
        message = (
            _("The directory knows no city “%(city)s” in %(country)s.")
            if country is not None
            else _("The directory knows no city “%(city)s”.")
        )
        raise refuse(
            message % {"city": text, "country": country.name if country else ""},
            field="city",
            code="unknown",
        )
    return city.pk


def kind_or_400(code: str | None) -> OrganisationKind | None:
    code = clean_text(code, "kind")
    if not code:
        return None
    kind = OrganisationKind.objects.filter(code=code).first()
    if kind is None:
        known = ", ".join(OrganisationKind.objects.values_list("code", flat=True))
        raise refuse(
            _("Unknown kind “%(code)s”; known kinds: %(known)s.") % {"code": code, "known": known},
            field="kind",
            code="unknown",
        )
    return kind


@router.get("/organisations", response=list[OrganisationOut], summary="Public directory")
@paginate(LimitOffsetPagination)
def list_organisations(
    request: HttpRequest,
    country: str | None = Query(None, max_length=2, description="ISO 3166-1 alpha-2"),
    kind: str | None = Query(None, max_length=40),
    city: str | None = Query(
        None,
        max_length=MAX_QUERY_TEXT,
        description="a city's id, or its name in any script and spelling (Kiev, Киев, Київ)",
    ),
    q: str | None = Query(None, max_length=MAX_QUERY_TEXT, description="words of a name"),
):
    place = country_or_400(country)
    return queries.filter_organisations(
        queries.public_organisations(),
        country=place,
        kind=kind_or_400(kind),
        city=city_or_400(city, place),
        text=clean_text(q, "q"),
    )


@router.get("/organisations/{organisation_id}", response=OrganisationDetailOut)
def get_organisation(request: HttpRequest, organisation_id: int = Id()):
    return get_object_or_404(queries.public_organisations(), pk=organisation_id)


@router.get("/countries", response=list[CountryOut], summary="Countries with organisations")
def list_countries(request: HttpRequest):
    return [
        {"code": c.code, "code3": c.code3, "name": c.name, "organisations": c.organisation_count}
        for c in queries.countries_with_organisations()
    ]


@router.get("/cities", response=list[CityOut], summary="Cities of the gazetteer")
def list_cities(
    request: HttpRequest,
    q: str = Query(..., min_length=1, max_length=MAX_QUERY_TEXT, description="a name or its start"),
    country: str | None = Query(None, max_length=2, description="ISO 3166-1 alpha-2"),
    limit: int = Query(10, ge=1, le=50),
):
    """The cities a name may mean, in any script, case or accents, the larger first;
    the city written exactly so (or folded alike: Kiyev, Киев, Київ) within the
    country comes first."""
    place = country_or_400(country)
    text = clean_text(q, "q")
    found = gazetteer.search(text, place, limit)
    exact = gazetteer.find_city(place, text) if place is not None else None
    if exact is not None:
        found = [exact, *(city for city in found if city.pk != exact.pk)][:limit]
    return found
