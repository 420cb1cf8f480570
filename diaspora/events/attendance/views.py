"""The organisers' attendance page of an event: upload a participant report, see
its check (matched, to review, not in the registry), record it, and decide what was
held for review. The report checked waits in the organiser's session until it is
recorded (or another is checked): the same bytes are recorded as were checked."""

import base64

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from diaspora.imports.readers import Rejected

from ..models import Attendance, Event
from ..queries import managed_or_refused
from . import figures, services
from .matching import reach

MAX_PAGE_BYTES = 5 * 2**20  # a 100,000-line report; held in the session until recorded
SHOWN = 2000


class ReportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Participant report"),
        help_text=gettext_lazy(
            "As Zoom, Microsoft Teams or Webex export it, or a CSV/XLSX list with "
            "name, email and country."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PAGE_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)d MB; reports up to %(limit)d MB are accepted here.")
                % {"size": upload.size // 2**20, "limit": MAX_PAGE_BYTES // 2**20}
            )
        return upload


def held_key(event: Event) -> str:
    return f"attendance:{event.pk}"


@login_required
def attendance(request: HttpRequest, event_id: int) -> HttpResponse:
    event = managed_or_refused(request.user, event_id)
    if request.method == "POST" and declared_length(request) > MAX_PAGE_BYTES + 2**20:
        # Refused before the body is read: a gigabyte never reaches the disk.
        return HttpResponse(
            _("Reports up to %(limit)d MB are accepted here.") % {"limit": MAX_PAGE_BYTES // 2**20},
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    form = ReportForm(request.POST or None, request.FILES or None)
    report, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                report = services.check(event, data, upload.name, by=request.user)
            except Rejected as refusal:
                form.add_error("file", str(refusal))
            else:
                status = 200
                request.session[held_key(event)] = {
                    "name": upload.name[:255],
                    "sha256": report.sha256,
                    "data": base64.b64encode(data).decode("ascii"),
                }
    return render(
        request,
        "events/attendance.html",
        page_context(request, event) | {"form": form, "report": report},
        status=status,
    )


def declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def page_context(request: HttpRequest, event: Event) -> dict:
    visible = set(
        reach(request.user).filter(attendances__event=event).values_list("pk", flat=True).order_by()
    )
    rows = (
        Attendance.objects.filter(event=event)
        .select_related("person", "candidate", "country")
        .order_by("status", "name", "id")[:SHOWN]
    )
    candidates = set(
        reach(request.user)
        .filter(pk__in=[row.candidate_id for row in rows if row.candidate_id])
        .values_list("pk", flat=True)
    )
    return {
        "event": event,
        **figures.map_context(event),
        "rows": rows,
        "visible": visible,
        "candidates": candidates,
        "may_add": services.may_add(event, request.user),
    }


@login_required
@require_POST
def attendance_commit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = managed_or_refused(request.user, event_id)
    held = request.session.get(held_key(event))
    if not held or held.get("sha256") != request.POST.get("sha256"):
        messages.error(request, _("Upload the report again: the one checked is no longer held."))
        return redirect("event_attendance", event_id=event.pk)
    data = base64.b64decode(held["data"])
    try:
        report = services.commit(
            event, data, held["name"], by=request.user, add_new=bool(request.POST.get("add_new"))
        )
    except (Rejected, PermissionDenied) as refusal:
        messages.error(request, str(refusal))
        return redirect("event_attendance", event_id=event.pk)
    del request.session[held_key(event)]
    if report.earlier:
        messages.info(request, _("This report was recorded before: nothing changed."))
    else:
        messages.success(
            request,
            _("Recorded: %(matched)d matched, %(review)d to review, %(new)d not in the registry.")
            % report.counts,
        )
    return redirect("event_attendance", event_id=event.pk)


@login_required
@require_POST
def attendance_decide(
    request: HttpRequest, event_id: int, attendance_id: int, decision: str
) -> HttpResponse:
    event = managed_or_refused(request.user, event_id)
    row = get_object_or_404(
        Attendance.objects.select_related("candidate"), event=event, pk=attendance_id
    )
    candidate = row.candidate
    # The candidate is named only to a user who may see them.
    named = candidate is not None and reach(request.user).filter(pk=candidate.pk).exists()
    confirming = decision == "confirm"
    try:
        (services.confirm if confirming else services.reject)(row, by=request.user)
    except services.AttendanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, decided(row.name, candidate.full_name if named else "", confirming)
        )
    return redirect(f"{reverse('event_attendance', args=[event.pk])}#participants")


def decided(participant: str, person: str, confirmed: bool) -> str:
    """What a decision recorded, in words."""
    if confirmed:
        return _("Recorded: %(participant)s is %(person)s; the attendance is on their record.") % {
            "participant": participant,
            "person": person,
        }
    if person:
        return _(
            "Recorded: %(participant)s is someone else than %(person)s; they are kept as "
            "the report wrote them."
        ) % {"participant": participant, "person": person}
    return _(
        "Recorded: %(participant)s is not the person suggested; they are kept as the "
        "report wrote them."
    ) % {"participant": participant}
