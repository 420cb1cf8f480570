"""The office's pages of people: a list (searched, exported) and a person's record."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.apitools import MAX_QUERY_TEXT
from diaspora.imports import exports

from . import record, unreadable
from .models import Person
from .queries import visible_people
from .search import search_people

FORMATS = {
    "csv": ("text/csv; charset=utf-8", exports.to_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.to_xlsx,
    ),
}
SEARCH_RESULTS = 200


def office_or_refused(request: HttpRequest, action: Action) -> None:
    if not access.scope(request.user, action).office:
        raise PermissionDenied(_("Compatriots' records are read in the office."))


def filtered(request: HttpRequest, people: QuerySet[Person]) -> QuerySet[Person]:
    """The list's filters, the same for the page and its exports: a name in any
    script, a country of residence, an organisation (and those below it)."""
    country = request.GET.get("country", "").strip().upper()[:2]
    if country:
        people = people.filter(country_id=country)
    organisation = request.GET.get("organisation", "").strip()[:120]
    if organisation:
        from diaspora.directory.models import Organisation

        node = Organisation.objects.filter(slug=organisation).first()
        if node is None:
            raise Http404(_("No organisation has this address."))
        people = people.filter(memberships__organisation__path__startswith=node.path).distinct()
    text = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_TEXT]
    if not text:
        return people.order_by("surname", "given_name", "pk")
    # Best match first, as the search ranked them: sorted by surname, the very
    # spelling asked for would sink below look-alikes.
    ranked = [hit.person.pk for hit in search_people(text, people, limit=SEARCH_RESULTS)]
    if not ranked:
        return people.none()
    rank = Case(*(When(pk=pk, then=Value(n)) for n, pk in enumerate(ranked)))
    return people.filter(pk__in=ranked).order_by(rank)


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    office_or_refused(request, Action.PEOPLE_VIEW)
    people = filtered(request, visible_people(request.user)).select_related("country", "city")
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    q = request.GET.get("q", "")[:MAX_QUERY_TEXT]
    return render(
        request,
        "people/people_list.html",
        {
            "page": page,
            "q": q,
            # A search shows its closest matches only: say so, so that nobody
            # takes the two hundredth Aliyev for the last.
            "capped": bool(q.strip()) and page.paginator.count >= SEARCH_RESULTS,
            "query": query.urlencode(),
            "may_export": access.scope(request.user, Action.PEOPLE_EXPORT).office,
        },
    )


def download(people: QuerySet[Person], request: HttpRequest, format: str, name: str):
    if format not in FORMATS:
        raise Http404(_("Exports are CSV or XLSX."))
    content_type, write = FORMATS[format]
    # Audited before it is written: a read that fails halfway was still asked for.
    exports.record_export(
        people,
        by=request.user,
        query={"path": request.path[:200], **request.GET.dict()},
        format=format,
    )
    response = HttpResponse(write(people), content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{format}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def people_export(request: HttpRequest, format: str) -> HttpResponse:
    office_or_refused(request, Action.PEOPLE_EXPORT)
    people = filtered(request, visible_people(request.user, Action.PEOPLE_EXPORT))
    return download(people, request, format, "people")


@login_required
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    people = visible_people(request.user, Action.PEOPLE_EXPORT).filter(pk=pk)
    if not people.exists():
        raise Http404(_("No compatriot within your reach has this number."))
    return download(people, request, request.GET.get("format", "csv"), f"person-{pk}")


@login_required
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    office_or_refused(request, Action.PEOPLE_VIEW)
    person = record.person_in_reach(request.user, pk)
    if person is None:
        raise Http404(_("No compatriot within your reach has this number."))
    user = request.user
    return render(
        request,
        "people/person.html",
        {
            "person": person,
            "languages": ", ".join(person.languages or []),
            "citizenships": person.citizenships.all(),
            "unreadable": unreadable.described(person.unreadable),
            "memberships": record.memberships(user, person),
            "registrations": record.registrations(user, person),
            "attendances": record.online_attendance(user, person)[:100],
            "consents": person.consents.all(),
            "pairs": record.open_pairs(user, person),
            "timeline": record.timeline(user, person),
            "sections": record.sections(person, user),
            "actions": record.actions(user, person),
        },
    )
