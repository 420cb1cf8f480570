"""Cells written for a spreadsheet. A spreadsheet runs a cell that starts with
= + - @ as a formula; a name or an address typed that way must not (CSV injection).
Such cells get a leading apostrophe, except phone numbers and plain numbers, which
are safe as they are. `csv_bytes` and `xlsx_bytes` write a table of such cells.
"""

import csv
import io
import re
from collections.abc import Iterable

import xlsxwriter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HARMLESS = re.compile(r"[+-]?[\d\s().-]+")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not HARMLESS.fullmatch(text):
        return "'" + text
    return text


def csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Cyrillic and ə right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """Every cell a string, never a formula, as safe_cell left it."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header)
    for number, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            sheet.write_string(number, column, value)
    book.close()
    return buffer.getvalue()
