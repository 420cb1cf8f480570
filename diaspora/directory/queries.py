"""Reading the directory. Who reaches which part of it is diaspora.access's to say."""

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q, QuerySet

from . import gazetteer
from .models import Country, Organisation, OrganisationKind
from .search import searchable


def under(paths: list[str], prefix: str = "") -> Q:
    """A filter for nodes at or below any of the paths (prefix names the relation):
    the tree's shape, not anyone's rights (those are diaspora.access's)."""
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{prefix}path__startswith": path}) for path in paths))


def cities_by_name(country: str) -> gazetteer.CityIndex:
    """A country's cities by every spelling the gazetteer knows (Köln, Koln, Кёльн,
    Cologne): built once and asked (`.get(text)`) for every row of a list."""
    return gazetteer.index(country)


def root() -> Organisation | None:
    return Organisation.objects.get_root_nodes().first()


def public_organisations() -> QuerySet[Organisation]:
    """Organisations the public directory lists: active ones below the root."""
    return (
        Organisation.objects.filter(depth__gt=1, status=Organisation.Status.ACTIVE)
        .select_related("kind", "country", "city")
        .order_by("country_id", "name")
    )


def public_children(organisation: Organisation) -> QuerySet[Organisation]:
    return public_organisations().filter(
        path__startswith=organisation.path, depth=organisation.depth + 1
    )


def filter_organisations(
    queryset: QuerySet[Organisation],
    *,
    country: Country | None = None,
    kind: OrganisationKind | None = None,
    city: int | None = None,
    text: str = "",
) -> QuerySet[Organisation]:
    if country is not None:
        queryset = queryset.filter(country=country)
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    if city is not None:
        queryset = queryset.filter(city_id=city)
    for word in searchable(text).split()[:8]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def figures() -> dict[str, Any]:
    """The network's figures: organisations by kind, with the countries they are in."""
    public = Organisation.objects.filter(depth__gt=1, status=Organisation.Status.ACTIVE)
    by_kind = {
        row["kind__code"]: {"count": row["count"], "countries": row["countries"]}
        for row in public.order_by()
        .values("kind__code")
        .annotate(count=Count("id"), countries=Count("country", distinct=True))
    }
    totals = public.aggregate(total=Count("id"), countries=Count("country", distinct=True))
    return {"total": totals["total"], "countries": totals["countries"], "by_kind": by_kind}


def countries_with_organisations() -> QuerySet[Country]:
    return (
        Country.objects.filter(
            organisations__depth__gt=1, organisations__status=Organisation.Status.ACTIVE
        )
        .annotate(organisation_count=Count("organisations"))
        .order_by("code")
    )


def kinds() -> QuerySet[OrganisationKind]:
    return OrganisationKind.objects.all()
