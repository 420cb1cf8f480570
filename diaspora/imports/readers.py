"""A member list as it arrives (CSV in any of the encodings Excel and old Windows
write, XLSX, ODS) into a header and rows of text, or a clear refusal.

Nothing here knows about people: `columns` maps the header, `rows` checks values."""

import codecs
import csv
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from . import workbooks
from .workbooks import MAX_CELL_CHARS

MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
MAX_LINE_CHARS = 1_000_000  # one line of a CSV, before it is split into cells
# The single-byte code pages lists from Azerbaijan, Russia and Turkey come in.
SINGLE_BYTE = ["cp1251", "cp1254", "iso8859_9"]


class Rejected(ValueError):
    """The whole file is refused; the message says why, in the user's language. When
    the refusal is for rows with problems, `report` (the check's) names them."""

    report: Any = None


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]  # each as long as the header
    format: str  # csv, xlsx or ods
    encoding: str = ""
    delimiter: str = ""
    # Rows (numbered as in the file, the header being 1) with values beyond the header.
    overflowing: list[int] = field(default_factory=list)


def read_table(data: bytes, filename: str = "") -> Table:
    if len(data) > MAX_BYTES:
        raise Rejected(
            _("The file is %(size)d MB; files up to %(limit)d MB are accepted.")
            % {"size": len(data) // 2**20, "limit": MAX_BYTES // 2**20}
        )
    if not data.strip():
        raise Rejected(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return read_workbook(data)
    if data.startswith((b"\xd0\xcf\x11\xe0", b"%PDF")):
        raise Rejected(
            _("This is an old Excel (.xls) or another binary file; save it as XLSX, ODS or CSV.")
        )
    text, encoding = decode(data)
    return read_csv(text, encoding)


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in, or a refusal saying what is wrong."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return strict(data, encoding), encoding
    if utf16_without_bom(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return strict(data, encoding), encoding
    if b"\x00" in data:
        raise Rejected(_("The file holds binary data, not text: it is not a CSV file."))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if utf8_sequences(data) >= 3:
            line = data[: error.start].count(b"\n") + 1
            raise Rejected(
                _(
                    "Line %(line)d is not in the same encoding as the lines before it (UTF-8): "
                    "the file mixes encodings. Save it again as UTF-8."
                )
                % {"line": line}
            ) from error
    best = from_bytes(data, cp_isolation=SINGLE_BYTE).best()
    if best is None:
        raise Rejected(_("The file's encoding could not be recognised; save it as UTF-8."))
    encoding = best.encoding
    if encoding == "iso8859_9" and any(0x80 <= byte <= 0x9F for byte in data):
        encoding = "cp1254"  # Windows' superset: quotes and dashes in 0x80-0x9F
    return data.decode(encoding), encoding


def strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise Rejected(
            _("The file says it is %(encoding)s but byte %(offset)d is not; it may be cut short.")
            % {"encoding": encoding.upper(), "offset": error.start}
        ) from error


def utf16_without_bom(data: bytes) -> bool:
    """Mostly-ASCII text in UTF-16 has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    zeros = max(sample[0::2].count(0), sample[1::2].count(0))
    return zeros > len(sample) // 2 * 0.6


def utf8_sequences(data: bytes) -> int:
    """How many well-formed two-byte UTF-8 letters (Cyrillic, ə, ş...) the data holds."""
    count = 0
    for index in range(len(data) - 1):
        if 0xC2 <= data[index] <= 0xDF and 0x80 <= data[index + 1] <= 0xBF:
            count += 1
            if count >= 3:
                break
    return count


# The sniffer's patterns take time growing with the square of the sample: 20,000
# characters of `,"` held it five seconds, 8,000 (some forty lines) well under one.
SNIFFED = 8_000


def read_csv(text: str, encoding: str) -> Table:
    sample = text[:SNIFFED]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delimiter = max(",;\t", key=first.count)
    # A cell longer than a spreadsheet's is refused by the reader itself, before it
    # builds it (the limit is the process's: the same everywhere here).
    csv.field_size_limit(MAX_CELL_CHARS)
    check_lines(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = limited(reader)
    except csv.Error as error:
        if "field limit" in str(error):
            raise Rejected(
                _("Line %(line)d holds a cell of more than %(limit)d characters.")
                % {"line": reader.line_num, "limit": MAX_CELL_CHARS}
            ) from error
        raise Rejected(
            _("Line %(line)d cannot be read as CSV: %(reason)s")
            % {"line": reader.line_num, "reason": error}
        ) from error
    table = shaped(records, "csv")
    table.encoding, table.delimiter = encoding, delimiter
    return table


def check_lines(text: str) -> None:
    """Refuse the first line longer than any list's line, before the CSV reader
    splits it into cells (a million commas would be a million cells). A line that
    long holds a whole stretch of MAX_LINE_CHARS // 2 from a multiple of it: only
    the stretches without a line break are looked at closer, so a list of short
    lines costs a few hundred searches."""
    half = MAX_LINE_CHARS // 2
    for start in range(0, len(text), half):
        stop = start + half
        if text.find("\n", start, stop) >= 0 or text.find("\r", start, stop) >= 0:
            continue
        begin = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        ends = [at for at in (text.find("\n", stop), text.find("\r", stop)) if at >= 0]
        length = min(ends, default=len(text)) - begin
        if length > MAX_LINE_CHARS:
            raise Rejected(
                _("Line %(line)d is %(length)d characters long; at most %(limit)d are accepted.")
                % {
                    "line": text.count("\n", 0, begin) + 1,
                    "length": length,
                    "limit": MAX_LINE_CHARS,
                }
            )


def read_workbook(data: bytes) -> Table:
    """The first sheet, once the whole workbook's true size is known to be within
    the limits (see `workbooks`): the reader is never handed a bomb."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        kind = "xlsx" if "xl/workbook.xml" in names else "ods" if "content.xml" in names else ""
        if not kind or "xl/workbook.bin" in names:  # XLSB: a binary sheet, not measured
            raise Rejected(_("This ZIP file is not an XLSX or ODS spreadsheet."))
        # The reader tries XLSX, then ODS, whatever the name: a file holding both
        # is measured as both.
        if "xl/workbook.xml" in names:
            workbooks.check_xlsx(data)
        if "content.xml" in names:
            workbooks.check_ods(data)
    except workbooks.TooBig as error:
        raise Rejected(str(error)) from error
    except (zipfile.BadZipFile, zlib.error, struct.error, EOFError) as error:
        raise Rejected(_("The spreadsheet is damaged or cut short.")) from error
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        records = limited([cell_text(cell) for cell in row] for row in sheet.iter_rows())
    except (CalamineError, ValueError, OSError) as error:
        raise Rejected(
            _("The spreadsheet cannot be read: %(reason)s") % {"reason": error}
        ) from error
    return shaped(records, kind)


def cell_text(value: object) -> str:
    """Spreadsheet cells as the text a CSV would hold: dates in ISO form, whole
    numbers without '.0' (phone numbers typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def limited(records) -> list[list[str]]:
    rows: list[list[str]] = []
    for record in records:
        if len(record) > MAX_COLUMNS and any(cell.strip() for cell in record[MAX_COLUMNS:]):
            raise Rejected(
                _("Row %(row)d has %(count)d columns; at most %(limit)d are accepted.")
                % {"row": len(rows) + 1, "count": len(record), "limit": MAX_COLUMNS}
            )
        rows.append(
            list(map(str.strip, record[:MAX_COLUMNS] if len(record) > MAX_COLUMNS else record))
        )
        if len(rows) > MAX_ROWS + 1:
            raise Rejected(
                _("The file has more than %(limit)d rows; split it into smaller files.")
                % {"limit": MAX_ROWS}
            )
    return rows


def shaped(records: list[list[str]], kind: str) -> Table:
    """The first non-empty row is the header; blank rows go; every row gets the
    header's length."""
    records = [record for record in records if any(record)]
    if not records:
        raise Rejected(_("The file has no rows."))
    header = records[0]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise Rejected(_("The first row should name the columns, but it is empty."))
    width = len(header)
    rows, overflowing = records[1:], []
    for number, record in enumerate(rows, start=2):
        if len(record) != width:  # seldom: most rows are as wide as their header
            if any(record[width:]):
                overflowing.append(number)
            rows[number - 2] = (record + [""] * width)[:width]
    return Table(header=header, rows=rows, format=kind, overflowing=overflowing)
