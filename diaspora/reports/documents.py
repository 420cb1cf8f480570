"""The yearly report as a PDF (tables that run over a page repeat their header
row) and as a DOCX that Word opens (header rows marked to repeat as well)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from fpdf import FPDF
from fpdf.fonts import FontFace

from diaspora.events.tickets import _font_files

from .yearly import Content, Table


def status_line(content: Content) -> str:
    if content.report is not None:
        return _("Published on %(date)s; its figures and the records behind them are frozen.") % {
            "date": timezone.localtime(content.report.published_at).date().isoformat()
        }
    return _("Draft generated on %(date)s from the records as they are now.") % {
        "date": timezone.localdate().isoformat()
    }


class ReportPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4", unit="mm")
        self.report_title = title

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 6, f"{self.report_title} · {self.page_no()}/{{nb}}", align="C")


def to_pdf(content: Content) -> bytes:
    regular, bold = _font_files()
    pdf = ReportPDF(content.title)
    pdf.add_font("DejaVu", "", regular)
    pdf.add_font("DejaVu", "B", bold)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, content.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, status_line(content), new_x="LMARGIN", new_y="NEXT")
    for table in content.tables:
        pdf_table(pdf, table)
    return bytes(pdf.output())


def pdf_table(pdf: FPDF, table: Table) -> None:
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, table.title, new_x="LMARGIN", new_y="NEXT")
    if table.note:
        pdf.set_font("DejaVu", "", 8)
        pdf.multi_cell(0, 4, table.note, new_x="LMARGIN", new_y="NEXT")
    if not table.rows:
        pdf.set_font("DejaVu", "", 9)
        pdf.multi_cell(0, 5, _("Nothing recorded."), new_x="LMARGIN", new_y="NEXT")
        return
    columns = len(table.header)
    pdf.set_font("DejaVu", "", 8 if columns > 6 else 9)
    widths = table.widths
    if widths is None and table.numeric:
        widths = (1.6 if columns > 4 else 3, *([1] * (columns - 1)))
    align = ("LEFT", *(["RIGHT"] * (columns - 1))) if table.numeric else "LEFT"
    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
        repeat_headings=1,  # on top of every page the table runs over
        line_height=4.5,
        padding=1,
    ) as drawn:
        drawn.row(table.header)
        for values in table.rows:
            drawn.row(values)


def repeat_header(row) -> None:
    """Marks a DOCX table row as a header row Word repeats on every page."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def to_docx(content: Content) -> bytes:
    document = Document()
    document.core_properties.title = content.title
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(content.title, level=0)
    document.add_paragraph(status_line(content))
    for table in content.tables:
        document.add_heading(table.title, level=1)
        if table.note:
            document.add_paragraph(table.note)
        if not table.rows:
            document.add_paragraph(_("Nothing recorded."))
            continue
        drawn = document.add_table(rows=1, cols=len(table.header))
        drawn.style = "Table Grid"
        head = drawn.rows[0]
        repeat_header(head)
        for cell, text in zip(head.cells, table.header, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for values in table.rows:
            cells = drawn.add_row().cells
            for number, (cell, text) in enumerate(zip(cells, values, strict=True)):
                cell.text = text
                if table.numeric and number:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
