"""An event's registrations out to CSV or XLSX, for its organisers; every export is
audited as a bulk read of personal data."""

from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora.accounts import audit
from diaspora.csvsafe import csv_bytes, safe_cell, xlsx_bytes

from .models import Registration
from .queries import managed_or_refused, registrations_of


def header() -> list[str]:
    return [
        _("ticket code"),
        _("given name"),
        _("surname"),
        _("email"),
        _("status"),
        _("registered at"),
        _("arrived at"),
        _("record"),
    ]


def rows(registrations) -> Iterable[list[str]]:
    for registration in registrations.iterator(chunk_size=2000):
        yield [
            safe_cell(value)
            for value in (
                registration.code,
                registration.given_name,
                registration.surname,
                registration.email,
                registration.get_status_display(),
                registration.registered_at.isoformat(timespec="minutes"),
                registration.checked_in_at.isoformat(timespec="minutes")
                if registration.checked_in_at
                else "",
                registration.person_id or "",
            )
        ]


def to_csv(registrations) -> bytes:
    return csv_bytes(header(), rows(registrations))


def to_xlsx(registrations) -> bytes:
    return xlsx_bytes(header(), rows(registrations))


FORMATS = {
    "csv": ("text/csv; charset=utf-8", to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
}


@login_required
def registrations_export(request: HttpRequest, event_id: int, format: str) -> HttpResponse:
    event = managed_or_refused(request.user, event_id)
    if format not in FORMATS:
        raise Http404(_("Exports are CSV or XLSX."))
    registrations = registrations_of(event)
    status = request.GET.get("status", "")
    if status in Registration.Status.values:
        registrations = registrations.filter(status=status)
    content_type, write = FORMATS[format]
    audit.record_read(
        actor=request.user,
        action="registrations.export",
        target_type=Registration._meta.label_lower,
        count=registrations.count(),
        query={"event": event.pk, "status": status, "format": format},
    )
    response = HttpResponse(write(registrations), content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="registrations-{event.pk}-{stamp}.{format}"'
    )
    response["Cache-Control"] = "no-store"
    return response
