"""The world day's pages: the map of celebrations with each city's countdown to
midnight, the organisers' report after an event, its photos, and the roll-up of
reports for the Committee and the coordinators."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action

from . import queries, reporting, world, worldmap
from .forms import ReportForm
from .models import EventReport, ReportPhoto
from .services import EventError

# Years the page offers: far enough for history, near enough to stay sane.
FIRST_YEAR, YEARS_AHEAD = 2000, 5


def chosen_year(request: HttpRequest, now) -> int:
    default = world.default_year(now)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return default
    if not FIRST_YEAR <= year <= now.year + YEARS_AHEAD:
        raise Http404(_("No world day that year."))
    return year


def world_spec():
    spec = queries.world_day()
    if spec is None:
        raise Http404(_("This deployment has no world day."))
    return spec


def sees_reports(request: HttpRequest) -> bool:
    """Users who report on events (access: events.report) see their part's reports."""
    return access.allowed(request.user, Action.EVENTS_REPORT)


def world_day(request: HttpRequest) -> HttpResponse:
    spec = world_spec()
    now = timezone.now()
    year = chosen_year(request, now)
    day = spec.on(year)
    view = world.world_view(request.user, day)
    return render(
        request,
        "events/world_day.html",
        {
            "spec": spec,
            "year": year,
            "view": view,
            "view_box": worldmap.VIEW_BOX,
            "legend": world.legend(),
            "now": now,
            "previous": year - 1 if year > FIRST_YEAR else None,
            "next": year + 1 if year < now.year + YEARS_AHEAD else None,
            "sees_reports": sees_reports(request),
        },
    )


@login_required
def world_day_reports(request: HttpRequest) -> HttpResponse:
    if not sees_reports(request):
        raise PermissionDenied(_("The reports are for the Committee and the coordinators."))
    spec = world_spec()
    now = timezone.now()
    year = chosen_year(request, now)
    rollup = world.roll_up(request.user, spec.on(year), now)
    code = request.GET.get("country", "")[:2].upper()
    chosen = next((row for row in rollup.countries if row.country and row.country.pk == code), None)
    return render(
        request,
        "events/world_day_reports.html",
        {
            "spec": spec,
            "year": year,
            "rollup": rollup,
            "chosen": chosen,
            "reports": world.country_reports(rollup, code) if chosen else [],
            "whole_network": access.scope(request.user, Action.EVENTS_REPORT).everywhere,
            "previous": year - 1 if year > FIRST_YEAR else None,
            "next": year + 1 if year < now.year + YEARS_AHEAD else None,
        },
    )


def declared_length(request: HttpRequest) -> int:
    """The body's size as the client declares it (0 when it does not, or garbles it)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


@login_required
def event_report(request: HttpRequest, event_id: int) -> HttpResponse:
    event = queries.managed_or_refused(request.user, event_id, Action.EVENTS_REPORT)
    length = declared_length(request)
    if request.method == "POST" and length > reporting.MAX_REPORT_BYTES:
        # Refused before the body is read: no gigabyte of "photos" reaches the disk.
        return HttpResponse(
            _("The report with its photos is %(size)s; at most %(limit)s are accepted.")
            % {"size": filesizeformat(length), "limit": filesizeformat(reporting.MAX_REPORT_BYTES)},
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    report = EventReport.objects.filter(event=event).first()
    photos = list(report.photos.all()) if report is not None else []
    initial = {"attendance": report.attendance, "account": report.account} if report else {}
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial, photos=photos)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reporting.submit_report(
                event,
                attendance=data["attendance"],
                account=data["account"],
                photos=data["photos"],
                remove=[int(pk) for pk in data.get("remove", [])],
                by=request.user,
            )
        except reporting.ReportRefused as refused:
            problems = refused.problems
        except EventError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("The report is saved. Thank you."))
            return redirect("event_report", event_id=event.pk)
    return render(
        request,
        "events/report.html",
        {
            "event": event,
            "report": report,
            "photos": photos,
            "form": form,
            "problems": problems,
            "can_report": reporting.can_report(request.user, event),
        },
        status=400 if form.errors or problems else 200,
    )


@login_required
def report_photo(request: HttpRequest, event_id: int, photo_id: int) -> FileResponse:
    event = queries.managed_or_refused(request.user, event_id, Action.EVENTS_REPORT)
    photo = get_object_or_404(ReportPhoto, report__event=event, pk=photo_id)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404(_("This photo's file is missing.")) from None
    response = FileResponse(handle, content_type=reporting.photo_content_type(photo))
    # Photos of people: only in the organisers' own browser cache, never a shared one.
    response["Cache-Control"] = f"private, max-age={int(timedelta(hours=1).total_seconds())}"
    response["Content-Disposition"] = f'inline; filename="event-{event.pk}-{photo.pk}"'
    return response
