"""Badges: one PDF for the whole congress, several badges to an A4 sheet with cut
lines. A badge shows the photo, the name in each of the congress's languages, the
country and organisation, DELEGATE or GUEST in every language, and the QR code of
the holder's registration, which the door's check-in page reads as a ticket."""

import io
from collections.abc import Iterable
from dataclasses import dataclass

import segno
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from diaspora.accounts import audit
from diaspora.events.tickets import _font_files
from diaspora.localized import country_name, pick

from .models import Accreditation, Congress

A4 = (210.0, 297.0)


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    columns: int
    rows: int

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, index: int) -> tuple[float, float]:
        """Top-left corner of the index-th badge of a sheet, the grid centred."""
        left = (A4[0] - self.columns * self.width) / 2
        top = (A4[1] - self.rows * self.height) / 2
        column, row = index % self.columns, index // self.columns
        return left + column * self.width, top + row * self.height


LAYOUTS = {
    Congress.BadgeSize.A6: Layout(105, 148, 2, 2),  # 4 to a sheet, no margin lost
    Congress.BadgeSize.CARD: Layout(85.6, 54, 2, 5),  # ISO/IEC 7810 ID-1, 10 to a sheet
}
DELEGATE_COLOUR = (20, 90, 160)
GUEST_COLOUR = (190, 120, 20)


def accreditations(congress: Congress):
    return (
        Accreditation.objects.filter(nomination__congress=congress)
        .select_related("nomination__organisation", "registration")
        .order_by("-delegate", "nomination__country", "nomination__surname", "pk")
    )


def names(accreditation: Accreditation, languages: Iterable[str]) -> list[str]:
    """The holder's name in each language the congress writes, each form once."""
    nomination = accreditation.nomination
    written = nomination.full_name
    forms = []
    for code in languages:
        form = nomination.names.get(code) or written
        if form not in forms:
            forms.append(form)
    return forms


def role_words(delegate: bool, languages: Iterable[str]) -> str:
    words = []
    for code in languages:
        with translation.override(code):
            word = _("Delegate") if delegate else _("Guest")
        if word.upper() not in words:
            words.append(word.upper())
    return " · ".join(words)


def _qr_png(code: str) -> io.BytesIO:
    image = io.BytesIO()
    segno.make_qr(code, error="q").save(image, kind="png", scale=8, border=1)
    image.seek(0)
    return image


def _photo(accreditation: Accreditation) -> io.BytesIO | None:
    if not accreditation.photo:
        return None
    try:
        with accreditation.photo.open("rb") as handle:
            return io.BytesIO(handle.read())
    except FileNotFoundError:
        return None


class BadgeSheet(FPDF):
    def __init__(self, congress: Congress) -> None:
        super().__init__(format="A4", unit="mm")
        self.congress = congress
        self.layout = LAYOUTS[congress.badge_size]
        self.languages = congress.language_codes
        self.set_auto_page_break(auto=False)
        self.set_margins(0, 0, 0)
        regular, bold = _font_files()
        self.add_font("DejaVu", "", regular)
        self.add_font("DejaVu", "B", bold)
        self.set_title(str(congress.event.local_title))
        self.title_words = pick(congress.event.titles, congress.event.title)
        self.roles = {flag: role_words(flag, self.languages) for flag in (True, False)}
        self.countries: dict[str, str] = {}

    def country(self, code: str) -> str:
        if code not in self.countries:
            forms = []
            for language in self.languages:
                name = country_name(code, language)
                if name not in forms:
                    forms.append(name)
            self.countries[code] = " / ".join(forms)
        return self.countries[code]

    def badge(self, index: int, accreditation: Accreditation) -> None:
        if index % self.layout.per_page == 0:
            self.add_page()
        x, y = self.layout.origin(index % self.layout.per_page)
        self.set_draw_color(180, 180, 180)
        self.set_line_width(0.2)
        self.rect(x, y, self.layout.width, self.layout.height)  # the cut line
        if self.congress.badge_size == Congress.BadgeSize.CARD:
            self._card(x, y, accreditation)
        else:
            self._a6(x, y, accreditation)

    def _band(
        self, x: float, y: float, width: float, height: float, delegate: bool, size: float
    ) -> None:
        self.set_fill_color(*(DELEGATE_COLOUR if delegate else GUEST_COLOUR))
        self.rect(x, y, width, height, style="F")
        self.set_text_color(255, 255, 255)
        self.set_font("DejaVu", "B", size)
        self.set_xy(x, y)
        self.cell(width, height, self.roles[delegate], align="C")
        self.set_text_color(0, 0, 0)

    def _photo_box(
        self, accreditation: Accreditation, x: float, y: float, w: float, h: float
    ) -> None:
        photo = _photo(accreditation)
        if photo is not None:
            self.image(photo, x=x, y=y, w=w, h=h, keep_aspect_ratio=True)
        else:
            self.set_fill_color(235, 235, 235)
            self.rect(x, y, w, h, style="F")

    def _a6(self, x: float, y: float, accreditation: Accreditation) -> None:
        nomination = accreditation.nomination
        width = self.layout.width
        pad = 7
        self.set_font("DejaVu", "B", 10)
        self.set_xy(x + pad, y + pad)
        self.multi_cell(width - 2 * pad, 4.5, self.title_words, align="C")
        self._band(x, y + 22, width, 9, accreditation.delegate, 9)
        self._photo_box(accreditation, x + pad, y + 36, 30, 40)
        self.set_xy(x + pad + 34, y + 37)
        self.set_font("DejaVu", "B", 12)
        forms = names(accreditation, self.languages)
        self.multi_cell(width - 2 * pad - 34, 5.5, forms[0], align="L", new_x="LEFT", new_y="NEXT")
        self.set_font("DejaVu", "", 9)
        for form in forms[1:]:
            self.multi_cell(width - 2 * pad - 34, 4.5, form, align="L", new_x="LEFT", new_y="NEXT")
        self.set_xy(x + pad, y + 80)
        self.set_font("DejaVu", "B", 9)
        self.multi_cell(
            width - 2 * pad,
            4.5,
            self.country(nomination.country_id),
            align="C",
            new_x="LEFT",
            new_y="NEXT",
        )
        self.set_font("DejaVu", "", 8)
        self.multi_cell(width - 2 * pad, 4, nomination.organisation.local_name, align="C")
        size = 36
        self.image(
            _qr_png(accreditation.registration.code),
            x=x + (width - size) / 2,
            y=y + 98,
            w=size,
            h=size,
        )
        self.set_xy(x, y + 135)
        self.set_font("DejaVu", "B", 10)
        self.cell(width, 5, accreditation.registration.display_code, align="C")

    def _card(self, x: float, y: float, accreditation: Accreditation) -> None:
        nomination = accreditation.nomination
        width = self.layout.width
        self.set_font("DejaVu", "B", 6.5)
        self.set_xy(x + 3, y + 2.5)
        self.cell(width - 6, 3, self.title_words[:80], align="C")
        self._band(x, y + 6.5, width, 5, accreditation.delegate, 6)
        self._photo_box(accreditation, x + 3, y + 14, 20, 26)
        qr_size = 22
        text_x, text_w = x + 25, width - 25 - qr_size - 4
        self.set_xy(text_x, y + 14)
        forms = names(accreditation, self.languages)
        self.set_font("DejaVu", "B", 8.5)
        self.multi_cell(text_w, 3.8, forms[0], align="L", new_x="LEFT", new_y="NEXT")
        self.set_font("DejaVu", "", 6.5)
        for form in forms[1:]:
            self.multi_cell(text_w, 3, form, align="L", new_x="LEFT", new_y="NEXT")
        self.set_font("DejaVu", "B", 6.5)
        self.multi_cell(
            text_w, 3, self.country(nomination.country_id), align="L", new_x="LEFT", new_y="NEXT"
        )
        self.set_font("DejaVu", "", 6)
        self.multi_cell(text_w, 2.8, nomination.organisation.local_name[:90], align="L")
        self.image(
            _qr_png(accreditation.registration.code),
            x=x + width - qr_size - 3,
            y=y + 14,
            w=qr_size,
            h=qr_size,
        )
        self.set_xy(x + width - qr_size - 5, y + 37)
        self.set_font("DejaVu", "B", 6.5)
        self.cell(qr_size + 4, 3, accreditation.registration.display_code, align="C")
        self.set_xy(x + 3, y + 47)
        self.set_font("DejaVu", "", 5.5)
        self.cell(width - 6, 3, str(settings.DIASPORA_SITE_NAME), align="C")


def badges_pdf(congress: Congress, chosen=None) -> bytes:
    """Every accredited person's badge (or the chosen accreditations'), in one PDF."""
    sheet = BadgeSheet(congress)
    found = list(chosen if chosen is not None else accreditations(congress))
    for index, accreditation in enumerate(found):
        sheet.badge(index, accreditation)
    if not found:
        sheet.add_page()
        sheet.set_font("DejaVu", "", 12)
        sheet.set_xy(20, 20)
        sheet.cell(0, 8, _("No one is accredited yet."))
    return bytes(sheet.output())


def print_all(congress: Congress, *, by, query: dict) -> bytes:
    """Every badge, the read audited (names and photos of people leave the platform)."""
    found = list(accreditations(congress))
    audit.record_read(
        actor=by,
        action="congress.badges_printed",
        target_type="congress.accreditation",
        count=len(found),
        query=query,
    )
    return badges_pdf(congress, found)
