"""What a dashboard shows: the reader's part of the network, what needs doing there,
and its figures over time. Other apps add to-dos (nominations to decide) by
registering a provider."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.directory.models import Organisation
from diaspora.events.models import EventReport, Registration
from diaspora.localized import country_name

from . import figures
from .charts import Bar, bar_chart

YEARS = 5
COUNTRIES = 12  # the largest countries of a node's chart


@dataclass
class Todo:
    label: str
    count: int
    url: str


TODO_PROVIDERS: list[Callable[[Any], list[Todo]]] = []


def register_todos(provider: Callable[[Any], list[Todo]]) -> None:
    if provider not in TODO_PROVIDERS:
        TODO_PROVIDERS.append(provider)


def nodes(user) -> list[Organisation]:
    """The outermost nodes the user's office reaches: the root for the whole network."""
    reached = access.scope(user, Action.ORGANISATIONS_VIEW)
    if reached.everywhere:
        return list(Organisation.objects.get_root_nodes()[:1])
    paths = sorted(set(reached.below) | set(reached.nodes))
    return list(Organisation.objects.filter(path__in=paths).order_by("path"))


def todos(user) -> list[Todo]:
    found: list[Todo] = []
    if access.allowed(user, Action.PEOPLE_MERGE):
        from diaspora.people.models import DuplicatePair
        from diaspora.people.queries import visible_people

        people = visible_people(user, Action.PEOPLE_MERGE)
        pairs = DuplicatePair.objects.filter(
            Exists(people.filter(pk=OuterRef("first_id"))),
            Exists(people.filter(pk=OuterRef("second_id"))),
            status=DuplicatePair.Status.OPEN,
        )
        found.append(Todo(_("Possible duplicates to review"), pairs.count(), reverse("duplicates")))
    if access.allowed(user, Action.PEOPLE_IMPORT):
        from diaspora.imports.models import ImportBatch

        lists = ImportBatch.objects.filter(
            access.scope(user, Action.PEOPLE_IMPORT).organisations("organisation__"),
            status=ImportBatch.Status.CHECKED,
        )
        found.append(
            Todo(
                _("Member lists checked, waiting to be imported"), lists.count(), reverse("imports")
            )
        )
    if access.allowed(user, Action.EVENTS_REPORT):
        found.append(unreported(user))
    if access.allowed(user, Action.PEOPLE_ERASE):
        from diaspora.people.models import ErasureRequest

        open_requests = ErasureRequest.objects.filter(status=ErasureRequest.Status.OPEN)
        found.append(
            Todo(
                _("Erasure requests to decide"), open_requests.count(), reverse("erasure_requests")
            )
        )
    for provider in TODO_PROVIDERS:
        found += provider(user)
    return found


def unreported(user) -> Todo:
    """The last world day's celebrations in reach that have no report yet."""
    from diaspora.events.queries import managed_events, world_day, world_day_events

    spec = world_day()
    today = timezone.localdate()
    year = today.year if spec and spec.on(today.year) <= today else today.year - 1
    held = (
        world_day_events(managed_events(user, Action.EVENTS_REPORT), spec.on(year)) if spec else []
    )
    missing = [event for event in held if not hasattr(event, "report")]
    return Todo(
        _("World day celebrations of %(year)s without a report") % {"year": year},
        len(missing),
        reverse("world_day_reports") + f"?year={year}",
    )


def figure_url(year: int, node: Organisation, key: str) -> str:
    return reverse("report_figure", args=[year, node.slug, key])


@dataclass
class Panel:
    title: str
    chart: str
    bars: list[Bar]


PANELS_FRESH = 300  # seconds: the figures of a node change slowly; a dashboard is opened often


def panels(node: Organisation) -> list[Panel]:
    """The node's figures, counted at most every few minutes (counts, no personal data:
    the same for every reader of the node)."""
    key = f"dashboard-panels:{node.pk}:{get_language()}:{timezone.localdate()}"
    made = cache.get(key)
    if made is None:
        made = count_panels(node)
        cache.set(key, made, PANELS_FRESH)
    return [Panel(title, bar_chart(title, bars), bars) for title, bars in made]


def count_panels(node: Organisation) -> list[tuple[str, list[Bar]]]:
    """The node's figures: this year's by kind and month, and the last years'."""
    this_year = timezone.localdate().year
    current = {figure.key: figure for figure in figures.compute(node, this_year)}
    by_kind = [
        Bar(figure.label, figure.value, figure_url(this_year, node, key))
        for key, figure in current.items()
        # By kind only: organisations.in.XX are the same organisations by country.
        if key.startswith("organisations.")
        and not key.startswith("organisations.in.")
        and figure.value
    ]
    months = [
        Bar(
            figures.month_name(number)[:3],
            current[f"people.joined.{number:02d}"].value,
            figure_url(this_year, node, f"people.joined.{number:02d}"),
        )
        for number in range(1, 13)
    ]
    years = range(this_year - YEARS + 1, this_year + 1)
    people = [
        Bar(str(year), figures.people(node, year).count(), figure_url(year, node, "people"))
        for year in years
    ]
    events = [
        Bar(str(year), figures.events(node, year).count(), figure_url(year, node, "events"))
        for year in years
    ]
    worldday = [
        Bar(
            str(year),
            len(figures.world_day_celebrations(node, year)),
            figure_url(year, node, "worldday.events"),
        )
        for year in years
    ]
    countries = sorted(
        (figure for key, figure in current.items() if key.startswith("organisations.in.")),
        key=lambda figure: -figure.value,
    )[:COUNTRIES]
    by_country = []
    for figure in countries:
        code = figure.key.rsplit(".", 1)[1]
        url = figure_url(this_year, node, figure.key)
        # Under the bars the codes: a dozen names side by side would run into each other.
        by_country.append(Bar(country_name(code), figure.value, url, short=code))
    arrivals = [
        Bar(
            str(year),
            Registration.objects.filter(
                event__in=figures.events(node, year).values("pk"), checked_in_at__isnull=False
            ).count(),
            figure_url(year, node, "events.arrivals"),
        )
        for year in years
    ]
    reported = [
        Bar(
            str(year),
            EventReport.objects.filter(
                event__in=[event.pk for event in figures.world_day_celebrations(node, year)]
            ).count(),
            figure_url(year, node, "worldday.reports"),
        )
        for year in years
    ]
    made = [
        (_("Organisations by kind"), by_kind),
        (_("Organisations by country (the largest)"), by_country),
        (_("People on the registry, by year"), people),
        (_("New members by month, %(year)s") % {"year": this_year}, months),
        (_("Events held, by year"), events),
        (_("Arrivals checked in at events, by year"), arrivals),
        (_("World day celebrations, by year"), worldday),
        (_("World day reports filed, by year"), reported),
    ]
    return made
