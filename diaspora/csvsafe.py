"""Cells written for a spreadsheet. A spreadsheet runs a cell that starts with
= + - @ as a formula; a name or an address typed that way must not (CSV injection).
Such cells get a leading apostrophe, except phone numbers and plain numbers, which
are safe as they are."""

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HARMLESS = re.compile(r"[+-]?[\d\s().-]+")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not HARMLESS.fullmatch(text):
        return "'" + text
    return text
