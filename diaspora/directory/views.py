from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from diaspora.localized import collation_key

from . import queries
from .forms import OrganisationFilterForm
from .models import Country, Organisation

PAGE_SIZE = 30


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    organisations = queries.public_organisations()
    status = 200
    if form.is_bound and form.is_valid():
        organisations = queries.filter_organisations(
            organisations,
            country=form.cleaned_data["country"],
            kind=form.cleaned_data["kind"],
            city=form.cleaned_data["city"].pk if form.cleaned_data["city"] else None,
            text=form.cleaned_data["q"],
        )
    elif form.is_bound:
        status = 400
        organisations = organisations.none()
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    partial = (
        bool(request.headers.get("HX-Request")) and request.headers.get("HX-Target") == "results"
    )
    context = {"form": form, "page": page, "query": query.urlencode(), "partial": partial}
    template = (
        "directory/_organisation_results.html" if partial else "directory/organisation_list.html"
    )
    return render(request, template, context, status=status)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(queries.public_organisations(), slug=slug)
    context = {
        "organisation": organisation,
        "ancestors": [
            node for node in Organisation.objects.get_ancestors(organisation) if node.depth > 1
        ],
        "children": queries.public_children(organisation),
    }
    return render(request, "directory/organisation_detail.html", context)


def country_list(request: HttpRequest) -> HttpResponse:
    countries = sorted(queries.countries_with_organisations(), key=lambda c: collation_key(c.name))
    return render(request, "directory/country_list.html", {"countries": countries})


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = get_object_or_404(Country, code=code.upper())
    organisations = queries.public_organisations().filter(country=country)
    by_kind = (
        organisations.order_by("kind__position")
        .values("kind__position", "kind__code")
        .annotate(count=Count("id"))
    )
    kinds = {kind.code: kind for kind in queries.kinds()}
    context = {
        "country": country,
        "by_kind": [(kinds[row["kind__code"]], row["count"]) for row in by_kind],
        "organisations": organisations.order_by("city__name", "name"),
    }
    return render(request, "directory/country_detail.html", context)
