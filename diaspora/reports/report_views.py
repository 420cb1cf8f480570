"""The yearly report's pages: the index, the report (page, PDF, DOCX), publishing,
and each figure's records within the reader's reach."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diaspora import access
from diaspora.access import Action
from diaspora.directory.models import Organisation

from . import documents, records, yearly
from .models import Report


def may_draft(user, node: Organisation) -> bool:
    """Drafts (figures not yet published) are for the node's office."""
    return access.allowed(user, Action.ORGANISATIONS_VIEW, node)


def may_publish(user, node: Organisation) -> bool:
    return access.allowed(user, Action.EVENTS_REPORT, node)


def node_or_404(slug: str) -> Organisation:
    try:
        return yearly.node_by_slug(slug)
    except yearly.ReportError as error:
        raise Http404(str(error)) from error


def year_or_404(year: int) -> None:
    try:
        yearly.check_year(year)
    except yearly.ReportError as error:
        raise Http404(str(error)) from error


def readable_node(request: HttpRequest, year: int, slug: str) -> Organisation:
    """A published report is public; a draft is the node's office's."""
    year_or_404(year)
    node = node_or_404(slug)
    if yearly.published(node, year) is None and not may_draft(request.user, node):
        if not request.user.is_authenticated:
            raise Http404(_("This report is not published yet."))
        raise PermissionDenied(_("Drafts of this report are for its office."))
    return node


def readable(request: HttpRequest, year: int, slug: str) -> yearly.Content:
    return yearly.content(readable_node(request, year, slug), year)


def reports(request: HttpRequest) -> HttpResponse:
    """Published reports, and a draft to open for the reader's part of the network."""
    published = Report.objects.filter(status=Report.Status.PUBLISHED).select_related("node")
    nodes = (
        access.organisations(request.user, Action.ORGANISATIONS_VIEW).filter(depth__lte=2)
        if request.user.is_authenticated
        else Organisation.objects.none()
    )
    this_year = timezone.now().year
    return render(
        request,
        "reports/reports.html",
        {
            "published": published,
            "nodes": nodes.order_by("path")[:200],
            "years": range(this_year, yearly.FIRST_YEAR - 1, -1),
            "default_year": this_year - 1,
        },
    )


def open_report(request: HttpRequest) -> HttpResponse:
    """The index's form: to the chosen year and node's page."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = 0
    try:
        yearly.check_year(year)
        node = yearly.node_by_slug(request.GET.get("node", ""))
    except yearly.ReportError as error:
        messages.error(request, str(error))
        return redirect("reports")
    return redirect("report", year=year, node=node.slug)


def report(request: HttpRequest, year: int, node: str) -> HttpResponse:
    content = readable(request, year, node)
    office = may_draft(request.user, content.node)
    changed = yearly.changes(content.report) if content.report and office else None
    return render(
        request,
        "reports/report.html",
        {
            "content": content,
            "summary": [f for f in content.figures if not yearly.in_detail(f.key)],
            "changes": changed,
            "may_publish": content.report is None and may_publish(request.user, content.node),
        },
    )


def report_pdf(request: HttpRequest, year: int, node: str) -> HttpResponse:
    content = readable(request, year, node)
    return attachment(documents.to_pdf(content), "application/pdf", content, "pdf")


def report_docx(request: HttpRequest, year: int, node: str) -> HttpResponse:
    content = readable(request, year, node)
    kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return attachment(documents.to_docx(content), kind, content, "docx")


def attachment(data: bytes, kind: str, content: yearly.Content, extension: str) -> HttpResponse:
    response = HttpResponse(data, kind)
    name = f"report-{content.year}-{content.node.slug}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def publish(request: HttpRequest, year: int, node: str) -> HttpResponse:
    year_or_404(year)
    organisation = node_or_404(node)
    if not may_publish(request.user, organisation):
        raise PermissionDenied(_("Reports are published by the node's office."))
    try:
        yearly.publish(organisation, year, by=request.user)
    except yearly.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report is published: its figures are frozen."))
    return redirect("report", year=year, node=organisation.slug)


def figure_records(request: HttpRequest, year: int, node: str, key: str) -> HttpResponse:
    """A figure's records: its count for anyone who may see the figure, the records
    themselves as far as the reader may open them."""
    organisation = readable_node(request, year, node)
    found, report = yearly.figures_for(organisation, year)
    content = yearly.Content(organisation, year, report, found, [])
    figure = content.figure(key)
    if figure is None:
        raise Http404(_("This report has no such figure."))
    reached = records.within_reach(figure.model, figure.ids, request.user)
    page = Paginator(reached, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/figure_records.html",
        {
            "content": content,
            "figure": figure,
            "page": page,
            "items": [records.item(figure.model, record) for record in page],
            "back": reverse("report", args=[year, content.node.slug]),
        },
    )
