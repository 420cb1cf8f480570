"""The award certificate: an A4 landscape page in the recipient's language, set in
the vendored DejaVu fonts (Azerbaijani Latin, Cyrillic and the rest)."""

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from diaspora.directory.queries import root
from diaspora.events.tickets import _font_files
from diaspora.localized import pick

from .models import Award

GOLD = (176, 141, 52)
INK = (30, 30, 40)


def language_of(award: Award) -> str:
    """The recipient's language: the first of theirs the deployment speaks, else the
    deployment's own."""
    known = [code for code, _name in settings.LANGUAGES]
    for code in award.person.languages or []:
        if code in known:
            return code
    return settings.LANGUAGE_CODE


def certificate_pdf(award: Award, language: str | None = None) -> bytes:
    language = language or language_of(award)
    with translation.override(language):
        return _draw(award, language)


def _draw(award: Award, language: str) -> bytes:
    regular, bold = _font_files()
    pdf = FPDF(orientation="L", format="A4", unit="mm")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold)
    honour = pick(award.honour.names, award.honour.code, language)
    pdf.set_title(f"{honour} · {award.person.full_name}")
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(2.5)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.6)
    pdf.rect(15, 15, pdf.w - 30, pdf.h - 30)
    committee = root()
    pdf.set_text_color(*INK)
    pdf.set_xy(25, 28)
    pdf.set_font("DejaVu", "", 13)
    if committee is not None:
        pdf.cell(pdf.w - 50, 8, pick(committee.names, committee.name, language), align="C")
    # An eight-pointed star on each side of the title, in the border's gold.
    pdf.set_fill_color(*GOLD)
    for x in (pdf.w / 2 - 75, pdf.w / 2 + 75):
        pdf.star(x=x, y=55, r_in=3.2, r_out=7.5, corners=8, style="F")
    pdf.set_xy(25, 48)
    pdf.set_font("DejaVu", "B", 30)
    pdf.set_text_color(*GOLD)
    pdf.cell(pdf.w - 50, 14, _("Certificate"), align="C")
    pdf.set_text_color(*INK)
    pdf.set_xy(25, 70)
    pdf.set_font("DejaVu", "", 14)
    pdf.cell(pdf.w - 50, 8, _("is awarded to"), align="C")
    pdf.set_xy(25, 84)
    pdf.set_font("DejaVu", "B", 26)
    pdf.cell(pdf.w - 50, 14, award.person.full_name, align="C")
    pdf.set_xy(35, 106)
    pdf.set_font("DejaVu", "B", 17)
    pdf.multi_cell(pdf.w - 70, 9, honour, align="C")
    pdf.set_xy(25, pdf.get_y() + 8)
    pdf.set_font("DejaVu", "", 12)
    decree = _("Decree or order No. %(number)s of %(date)s") % {
        "number": award.decree_number,
        "date": formats.date_format(award.decree_date, "DATE_FORMAT"),
    }
    pdf.cell(pdf.w - 50, 7, decree, align="C")
    if award.ceremony is not None:
        pdf.set_xy(25, pdf.get_y() + 9)
        pdf.multi_cell(
            pdf.w - 50,
            7,
            _("Presented at %(event)s, %(date)s")
            % {
                "event": award.ceremony.local_title,
                "date": formats.date_format(award.ceremony.local_starts_at.date(), "DATE_FORMAT"),
            },
            align="C",
        )
    pdf.set_xy(25, pdf.h - 34)
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(
        pdf.w - 50,
        5,
        _("Register entry %(number)d · %(site)s")
        % {"number": award.pk, "site": settings.DIASPORA_SITE_NAME},
        align="C",
    )
    return bytes(pdf.output())
