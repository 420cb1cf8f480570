from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from diaspora import access
from diaspora.access import Action
from diaspora.accounts.tokens import BearerToken, session
from diaspora.apitools import refuse
from diaspora.people.reads import AuditedPagination

from . import records, yearly
from .queries import network_stats

router = Router(tags=["statistics"])


class KindFigures(Schema):
    count: int
    countries: int


class OrganisationFigures(Schema):
    total: int
    countries: int
    by_kind: dict[str, KindFigures]


class AttendanceFigures(Schema):
    events: int
    participants: int
    countries: int
    minutes: int


class StatsOut(Schema):
    organisations: OrganisationFigures
    people: int
    online_attendance: AttendanceFigures


@router.get("/stats", response=StatsOut, summary="The network's figures")
def stats(request: HttpRequest):
    return network_stats()


# The yearly report: each figure with an API address listing the records it counts.


class FigureOut(Schema):
    key: str
    label: str
    value: int
    records: str


class ReportOut(Schema):
    year: int
    node: str
    published: bool
    figures: list[FigureOut]


class RecordOut(Schema):
    type: str
    id: str
    label: str
    url: str


def report_content(request: HttpRequest, year: int, node: str | None):
    """The node's year as the caller may read it: a published report for anyone
    signed in, a draft for the node's office."""
    try:
        yearly.check_year(year)
        organisation = yearly.node_by_slug(node)
    except yearly.ReportError as error:
        if error.field == "node":
            raise Http404 from error
        raise refuse(str(error), field=error.field, code="out_of_range") from error
    found, report = yearly.figures_for(organisation, year)
    if report is None and not access.allowed(request.user, Action.ORGANISATIONS_VIEW, organisation):
        raise PermissionDenied(_("Drafts of this report are for its office."))
    return organisation, found, report


@router.get(
    "/reports/{year}",
    response=ReportOut,
    auth=[BearerToken(), session],
    summary="A yearly report's figures, each with its records' address",
)
def yearly_report(request: HttpRequest, year: int, node: str | None = None):
    organisation, found, report = report_content(request, year, node)
    base = reverse("api:report_records", args=[year, "KEY"])
    return {
        "year": year,
        "node": organisation.slug,
        "published": report is not None,
        "figures": [
            {
                "key": figure.key,
                "label": figure.label,
                "value": figure.value,
                "records": base.replace("KEY", figure.key)
                + "?"
                + urlencode({"node": organisation.slug}),
            }
            for figure in found
        ],
    }


@router.get(
    "/reports/{year}/records/{key}",
    response=list[RecordOut],
    auth=[BearerToken(), session],
    url_name="report_records",
    summary="The records behind one figure, those within the caller's reach",
)
@paginate(AuditedPagination, action="report.records_read", target_type="reports.reportfigure")
def report_records(request: HttpRequest, year: int, key: str, node: str | None = None):
    _organisation, found, _report = report_content(request, year, node)
    figure = next((figure for figure in found if figure.key == key), None)
    if figure is None:
        raise Http404
    return records.Items(figure.model, records.within_reach(figure.model, figure.ids, request.user))
