"""A ticket in the three forms people carry it: a QR code on the page, a PDF, and
the event in their calendar."""

import io
from datetime import timedelta
from functools import cache

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from diaspora import siteurl

from .models import Event, Registration

FONT_DIR = settings.BASE_DIR / "diaspora" / "static" / "vendor"
DEFAULT_LENGTH = timedelta(hours=3)


def qr(registration: Registration) -> segno.QRCode:
    # The code alone: short enough for a low-version, high-correction symbol that
    # a phone camera reads off a cracked screen or a crumpled print.
    return segno.make_qr(registration.code, error="q")


def qr_svg(registration: Registration) -> str:
    return qr(registration).svg_inline(scale=6, border=2, omitsize=True, title=registration.code)


def _place(event: Event) -> str:
    parts = [
        event.address,
        event.city.local_name if event.city else "",
        event.country.name if event.country else "",
    ]
    return ", ".join(part for part in parts if part) or event.online_url


def when(event: Event) -> str:
    start, end = event.local_starts_at, event.local_ends_at
    text = f"{start:%Y-%m-%d %H:%M}"
    if end is not None:
        text += f" – {end:%H:%M}" if end.date() == start.date() else f" – {end:%Y-%m-%d %H:%M}"
    return f"{text} ({event.timezone})"


@cache
def _font_files() -> tuple[str, str]:
    return str(FONT_DIR / "DejaVuSans.ttf"), str(FONT_DIR / "DejaVuSans-Bold.ttf")


def ticket_pdf(registration: Registration) -> bytes:
    """An A6 ticket: event, time, place, holder, the QR code and the typed code."""
    event = registration.event
    regular, bold = _font_files()
    pdf = FPDF(format=(105, 148), unit="mm")  # A6
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(8, 8, 8)
    pdf.add_page()
    # DejaVu covers Azerbaijani Latin (Ə, ğ), Cyrillic and the rest; PDF core fonts do not.
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold)
    pdf.set_title(f"{event.local_title} · {registration.display_code}")
    pdf.set_font("DejaVu", "", 8)
    pdf.cell(0, 4, str(settings.DIASPORA_SITE_NAME), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 6, event.local_title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 4.5, when(event), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 4.5, _place(event), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 5, registration.full_name, new_x="LMARGIN", new_y="NEXT")
    image = io.BytesIO()
    qr(registration).save(image, kind="png", scale=10, border=2)
    image.seek(0)
    size = 52
    pdf.image(image, x=(pdf.w - size) / 2, y=pdf.get_y() + 2, w=size, h=size)
    pdf.set_y(pdf.get_y() + size + 4)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 7, registration.display_code, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 7)
    pdf.multi_cell(0, 3.5, _("Show this code at the door, on paper or on your phone."), align="C")
    return bytes(pdf.output())


def calendar_file(event: Event) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Diaspora//events//EN")
    calendar.add("version", "2.0")
    entry = CalendarEvent()
    # Stable across exports, unique to this deployment: the public host names it.
    entry.add("uid", f"event-{event.pk}@{siteurl.host()}")
    entry.add("dtstamp", timezone.now())
    # In the event's own zone, so calendars show the local time of the place.
    entry.add("dtstart", event.local_starts_at)
    entry.add("dtend", event.local_ends_at or event.local_starts_at + DEFAULT_LENGTH)
    entry.add("summary", event.local_title)
    entry.add("location", _place(event))
    if event.local_description:
        entry.add("description", event.local_description)
    if event.online_url:
        entry.add("url", event.online_url)
    if event.status == Event.Status.CANCELLED:
        entry.add("status", "CANCELLED")
    calendar.add_component(entry)
    return calendar.to_ical()
