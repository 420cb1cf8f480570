"""An event's registrations out to CSV or XLSX, for its organisers; every export is
audited as a bulk read of personal data."""

import csv
import io
from collections.abc import Iterable

import xlsxwriter
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora.accounts import audit
from diaspora.csvsafe import safe_cell

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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    writer.writerows(rows(registrations))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(registrations) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header())
    for number, values in enumerate(rows(registrations), start=1):
        for column, value in enumerate(values):
            sheet.write_string(number, column, value)
    book.close()
    return buffer.getvalue()


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
