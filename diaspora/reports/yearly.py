"""The yearly report of a node: drafted from the records, published frozen (its
figures with the ids behind each), compared with a later regeneration."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora.accounts import audit
from diaspora.directory.models import Country, Organisation, OrganisationKind
from diaspora.events.models import Event

from . import figures as figures_module
from .figures import Figure
from .models import Report, ReportFigure

FIRST_YEAR = 2002  # the Committee's founding year: nothing to report before


class ReportError(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def check_year(year: int) -> None:
    this_year = timezone.now().year
    if not FIRST_YEAR <= year <= this_year:
        raise ReportError(
            _("A yearly report covers a year from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": this_year},
            "year",
        )


def node_by_slug(slug: str | None) -> Organisation:
    """The part of the network a report covers: the whole network without a slug."""
    if not slug:
        node = Organisation.objects.get_root_nodes().first()
    else:
        node = Organisation.objects.filter(slug=slug).first()
    if node is None:
        raise ReportError(_("No part of the network has this address."), "node")
    return node


def published(node: Organisation, year: int) -> Report | None:
    return Report.objects.filter(node=node, year=year, status=Report.Status.PUBLISHED).first()


def stored_figures(report: Report) -> list[Figure]:
    return [
        Figure(row.key, row.model, list(row.ids))
        for row in report.figures.order_by("position").only("key", "model", "ids")
    ]


def figures_for(node: Organisation, year: int) -> tuple[list[Figure], Report | None]:
    """The published report's frozen figures if there is one, else the records' now."""
    report = published(node, year)
    if report is not None:
        return stored_figures(report), report
    return figures_module.compute(node, year), None


@transaction.atomic
def publish(node: Organisation, year: int, *, by: Any) -> Report:
    """Freeze the year's figures as they are now. A year is published once per node."""
    check_year(year)
    if published(node, year) is not None:
        raise ReportError(_("The report for this year is already published."), "year")
    computed = figures_module.compute(node, year)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                year=year,
                node=node,
                status=Report.Status.PUBLISHED,
                published_at=timezone.now(),
                published_by=by if by is not None and by.pk else None,
            )
    except IntegrityError as error:  # published meanwhile by someone else
        raise ReportError(_("The report for this year is already published."), "year") from error
    ReportFigure.objects.bulk_create(
        [
            ReportFigure(
                report=report,
                position=position,
                key=figure.key,
                model=figure.model,
                value=figure.value,
                ids=figure.ids,
            )
            for position, figure in enumerate(computed)
        ],
        batch_size=200,
    )
    audit.record_about(
        actor=by,
        action="report.published",
        target_type=Report._meta.label_lower,
        target_id=str(report.pk),
        changes={"year": year, "node": node.slug, "figures": len(computed)},
    )
    return report


@dataclass
class Change:
    key: str
    then: int
    now: int
    added: int
    removed: int

    @property
    def label(self) -> str:
        return figures_module.label(self.key)


def changes(report: Report) -> list[Change]:
    """What a regeneration finds different from the published figures: per figure,
    the values then and now, and how many records came in or went out."""
    now = {figure.key: figure for figure in figures_module.compute(report.node, report.year)}
    found = []
    for figure in stored_figures(report):
        current = now.pop(figure.key, Figure(figure.key, figure.model))
        before, after = set(figure.ids), set(current.ids)
        if before != after:
            found.append(
                Change(
                    figure.key, len(before), len(after), len(after - before), len(before - after)
                )
            )
    for figure in now.values():  # figures that did not exist then (a new kind)
        if figure.value:
            found.append(Change(figure.key, 0, figure.value, figure.value, 0))
    return found


@dataclass
class Table:
    """A table of the report, as the page, the PDF and the DOCX all draw it."""

    title: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # per row, for the page (optional)
    numeric: bool = False  # right-align all but the first column
    note: str = ""
    widths: tuple[float, ...] | None = None  # the columns' shares of a printed page
    link_column: int = 1  # the cell of a row that carries its link on the page

    @property
    def linked_rows(self) -> list[tuple[list[str], str]]:
        """Rows with the address their second cell links to on the page ("" for none)."""
        links = self.links or [""] * len(self.rows)
        return list(zip(self.rows, links, strict=True))


@dataclass
class Content:
    node: Organisation
    year: int
    report: Report | None
    figures: list[Figure]
    tables: list[Table]

    @property
    def title(self) -> str:
        return _("Yearly report %(year)s: %(node)s") % {
            "year": self.year,
            "node": self.node.local_name,
        }

    def figure(self, key: str) -> Figure | None:
        return next((figure for figure in self.figures if figure.key == key), None)


def content(node: Organisation, year: int) -> Content:
    """Everything the report shows, drawn from its figures' ids (frozen or now)."""
    found, report = figures_for(node, year)
    by_key = {figure.key: figure for figure in found}
    kinds = list(OrganisationKind.objects.exclude(code="committee").order_by("position", "code"))
    summary = Table(
        _("The year in figures"),
        [_("Figure"), _("Number")],
        [[figure.label, str(figure.value)] for figure in found if not in_detail(figure.key)],
        numeric=True,
    )
    months = Table(
        _("People who joined, by month"),
        [_("Month"), _("People")],
        [[figure.label, str(figure.value)] for figure in found if is_month(figure.key)],
        links=[report_figure(node, year, figure.key) for figure in found if is_month(figure.key)],
        numeric=True,
    )
    orgs = list(
        Organisation.objects.filter(pk__in=by_key["organisations"].ids)
        .select_related("kind", "city")
        .order_by("country_id", "kind__position", "name")
    )
    counts = Counter((org.country_id, org.kind.code) for org in orgs)
    countries = sorted({org.country_id for org in orgs}, key=lambda code: Country(code=code).name)
    by_country = Table(
        _("Organisations by country and kind"),
        [_("Country"), *[kind.plural_name for kind in kinds], _("Total")],
        [
            [
                Country(code=code).name,
                *[str(counts[(code, kind.code)]) for kind in kinds],
                str(sum(counts[(code, kind.code)] for kind in kinds)),
            ]
            for code in countries
        ],
        links=[report_figure(node, year, f"organisations.in.{code}") for code in countries],
        numeric=True,
        link_column=len(kinds) + 1,
    )
    listing = Table(
        _("The organisations"),
        [_("Country"), _("Name"), _("Kind"), _("City")],
        [
            [
                Country(code=org.country_id).name,
                org.local_name,
                org.kind.name,
                org.city.local_name if org.city else "",
            ]
            for org in orgs
        ],
        links=[reverse("organisation", args=[org.slug]) for org in orgs],
        widths=(3, 6, 4, 3),
    )
    events = list(
        Event.objects.filter(pk__in=by_key["events"].ids)
        .select_related("country", "city", "report")
        .order_by("starts_at", "pk")
    )
    world = set(by_key.get("worldday.events", Figure("", "")).ids)
    held = Table(
        _("Events held"),
        [_("Date"), _("Event"), _("Country"), _("Registered"), _("Came")],
        [
            [
                event.local_starts_at.date().isoformat(),
                event.local_title + (" ★" if event.pk in world else ""),
                event.country.name if event.country_id else "",
                str(event.confirmed_count),
                str(event.report.attendance) if hasattr(event, "report") else "",
            ]
            for event in events
        ],
        links=[reverse("event", args=[event.pk]) for event in events],
        widths=(2.2, 6.4, 2.8, 2.2, 1.6),
        note=_("★ a world day celebration. “Came” as the organisers reported."),
    )
    return Content(
        node,
        year,
        report,
        found,
        [summary, months, by_country, chronicle_of(year), listing, held],
    )


def chronicle_of(year: int) -> Table:
    """The chronicle's acts of the year, each with every date its sources give."""
    from diaspora.chronicle import queries as chronicle

    datings = chronicle.dated(chronicle.acts_in(year))
    return Table(
        _("In the chronicle"),
        [_("Date"), _("Act"), _("Source")],
        [
            [chronicle.when(claim), dating.act.title, claim.source]
            for dating in datings
            for claim in dating.claims
        ],
        links=[
            reverse("chronicle_act", args=[dating.act.slug])
            for dating in datings
            for _claim in dating.claims
        ],
        note=_("Where sources disagree on a date, each is listed with its source."),
        widths=(2.5, 8, 4),
    )


def report_figure(node: Organisation, year: int, key: str) -> str:
    return reverse("report_figure", args=[year, node.slug, key])


def is_month(key: str) -> bool:
    return key.startswith("people.joined.")


def in_detail(key: str) -> bool:
    """Figures shown in a table of their own, not in the summary (months, countries)."""
    return is_month(key) or key.startswith("organisations.in.")
