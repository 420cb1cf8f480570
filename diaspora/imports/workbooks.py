"""A workbook's (XLSX, ODS) true size, measured before the spreadsheet reader sees it.

The reader (calamine) allocates a cell for every position between the first and the
last cell of a sheet, a string for each shared string at once and a copy of it for
every cell that refers to it; two cells (A1 and XFD1048576) in a 1.5 KB file make it
ask for 550 GB and abort the process. So the ZIP's parts are inflated here by our
own streaming inflater (which trusts no declared size), and the sheet's XML read by
a streaming parser that keeps nothing but counts, and stops at the first limit
passed: a bomb is refused in milliseconds, a real list costs one pass over its XML.

The sheet's `<dimension>` is checked too, but it decides nothing: the reader ignores
it, and a lying one must not hide the cells' real extent."""

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import zip_longest
from xml.parsers import expat

from django.utils.translation import gettext as _

MAX_CELLS = 30_000_000  # positions in a sheet's rectangle: a million rows of 30 columns
MAX_CELL_CHARS = 32_767  # what a cell may hold in Excel and LibreOffice
# All the cells' text, in bytes of XML (never fewer than its characters), a shared
# string counted each time a cell uses it: the reader copies it into each.
MAX_TEXT = 2**30
MAX_UNZIPPED = 2**30  # all the parts together, inflated
MAX_RATIO = 100  # inflated/compressed, for parts above RATIO_FROM; XML lists give 5-20
RATIO_FROM = 2**20
MAX_PARTS = 10_000
CHUNK = 2**16

REFERENCE = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")
ROW_NUMBER = re.compile(r"[0-9]{1,9}")


class TooBig(ValueError):
    """The workbook passes a limit; the message says which, in the user's language."""


@dataclass
class Extent:
    """What one sheet declares, counted as the reader would allocate it."""

    name: str
    rows: int = 0  # the last row with a cell, counted from 1
    columns: int = 0
    cells: int = 0
    text: int = 0  # see MAX_TEXT

    def grow(self, row: int, column: int, count: int = 1) -> None:
        """A cell (or `count` of them) reaching row and column (from 0)."""
        self.rows, self.columns = max(self.rows, row + 1), max(self.columns, column + 1)
        self.cells += count
        if self.cells > MAX_CELLS:
            raise TooBig(
                _("The sheet “%(sheet)s” holds more than %(limit)d cells.")
                % {"sheet": self.name, "limit": MAX_CELLS}
            )
        if self.rows * self.columns > MAX_CELLS:
            raise TooBig(
                _(
                    "The sheet “%(sheet)s” reaches row %(rows)d and column %(columns)d, "
                    "%(area)d cells; at most %(limit)d are accepted."
                )
                % {
                    "sheet": self.name,
                    "rows": self.rows,
                    "columns": self.columns,
                    "area": self.rows * self.columns,
                    "limit": MAX_CELLS,
                }
            )

    def add_text(self, length: int, uses: int = 1) -> None:
        self.text += length * uses
        if self.text > MAX_TEXT:
            raise TooBig(
                _("The sheet “%(sheet)s” holds more than %(limit)d MB of text.")
                % {"sheet": self.name, "limit": MAX_TEXT // 2**20}
            )


def cell_too_long(sheet: str, where: str, length: int) -> TooBig:
    return TooBig(
        _(
            "A cell of the sheet “%(sheet)s” (%(where)s) holds %(length)d characters "
            "or more; a cell may hold at most %(limit)d."
        )
        % {"sheet": sheet, "where": where, "length": length, "limit": MAX_CELL_CHARS}
    )


# The ZIP container


def parts(data: bytes) -> dict[str, zipfile.ZipInfo]:
    """The ZIP's parts by name, once their declared sizes pass the limits."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise TooBig(
            _("The file holds %(count)d parts; a spreadsheet has far fewer.")
            % {"count": len(infos)}
        )
    by_name: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if info.filename in by_name:
            raise TooBig(_("The file holds two parts named “%(name)s”.") % {"name": info.filename})
        by_name[info.filename] = info
        if info.flag_bits & 0x1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise TooBig(
                _("The part “%(name)s” is encrypted or compressed in a way spreadsheets are not.")
                % {"name": info.filename}
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNZIPPED or (info.file_size > RATIO_FROM and ratio > MAX_RATIO):
            raise unzipped_too_big(info.filename, total, ratio)
    return by_name


def unzipped_too_big(name: str, size: int, ratio: float) -> TooBig:
    return TooBig(
        _(
            "Unpacked, the spreadsheet would take %(size)d MB or more (the part “%(name)s” "
            "is %(ratio)d times its packed size); at most %(limit)d MB and %(max_ratio)d "
            "times are accepted."
        )
        % {
            "size": size // 2**20,
            "name": name,
            "ratio": ratio,
            "limit": MAX_UNZIPPED // 2**20,
            "max_ratio": MAX_RATIO,
        }
    )


def inflated(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes, inflated chunk by chunk from the packed data itself; refused
    as soon as they pass the size the ZIP declares (a lying header: Python's own
    reader would silently stop there, other readers go on)."""
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
        raise zipfile.BadZipFile(info.filename)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = info.header_offset + 30 + name_length + extra_length
    packed = memoryview(data)[start : start + info.compress_size]
    declared, produced = info.file_size, 0
    if info.compress_type == zipfile.ZIP_STORED:
        chunks: Iterator[bytes] = (
            bytes(packed[at : at + CHUNK]) for at in range(0, len(packed), CHUNK)
        )
    else:
        chunks = inflate(packed)
    for chunk in chunks:
        produced += len(chunk)
        if produced > declared:
            raise TooBig(
                _("The part “%(name)s” unpacks to more than the %(size)d bytes it declares.")
                % {"name": info.filename, "size": declared}
            )
        yield chunk


def inflate(packed: memoryview) -> Iterator[bytes]:
    """Never more than CHUNK bytes at once, whatever a few packed bytes unpack to."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    for at in range(0, len(packed), CHUNK):
        pending = bytes(packed[at : at + CHUNK])
        while True:
            chunk = inflater.decompress(pending, CHUNK)
            if chunk:
                yield chunk
            if inflater.eof:
                return
            pending = inflater.unconsumed_tail
            if not pending and len(chunk) < CHUNK:
                break  # this block taken whole and its output drained: the next one


def check_sizes(data: bytes, infos: dict[str, zipfile.ZipInfo], skip: set[str]) -> None:
    """Every part not read otherwise (`skip`) inflated once, to find a lying header."""
    for name, info in infos.items():
        if name not in skip:
            for _chunk in inflated(data, info):
                pass


# XML, streamed


class Stream:
    """A part fed to an expat parser chunk by chunk, the chunk at hand kept so that
    a handler can read the bytes after the element it is told about."""

    def __init__(self, data: bytes, info: zipfile.ZipInfo) -> None:
        self.data, self.info = data, info
        self.chunk, self.offset = b"", 0  # the chunk being parsed, where it starts
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.buffer_size = CHUNK
        self.parser.StartDoctypeDeclHandler = refuse_doctype

    @property
    def at(self) -> int:
        """Where, in the inflated part, the element being told about begins."""
        return self.parser.CurrentByteIndex

    def after(self, at: int, length: int) -> bytes:
        """The bytes from `at` (in the chunk at hand), at most `length` of them."""
        start = at - self.offset
        return self.chunk[start : start + length] if start >= 0 else b""

    def run(self, start: Callable | None = None, end=None, text=None) -> int:
        """Parse it all with these handlers; the size of the part."""
        parser = self.parser
        parser.StartElementHandler, parser.EndElementHandler = start, end
        parser.CharacterDataHandler = text
        try:
            for chunk in inflated(self.data, self.info):
                self.chunk = chunk
                parser.Parse(chunk, False)
                self.offset += len(chunk)
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise TooBig(
                _("The part “%(name)s” is not well-formed XML: %(reason)s")
                % {"name": self.info.filename, "reason": error}
            ) from error
        return self.offset


def refuse_doctype(*args) -> None:
    raise TooBig(_("The spreadsheet declares a DTD, which spreadsheets do not."))


# XLSX


def check_xlsx(data: bytes) -> None:
    """The workbook's parts, its shared strings and its first sheet (the one the
    reader reads) measured; plain XML counted fast (`plain_xlsx`), any other
    exactly, one call per element. A part's name is taken both as written and
    normalised (`xl/../a.xml`), whichever the reader looks up."""
    from . import plain_xlsx

    infos = parts(data)
    for name in OWN_PARTS:
        if name in infos and infos[name].file_size > MAX_OWN_PART:
            raise unzipped_too_big(name, infos[name].file_size, 0)
    sheet_name, sheet_paths, strings_paths = first_sheet(data, infos)
    sheets = [infos[path] for path in sheet_paths if path in infos]
    if not sheets:
        raise TooBig(_("The workbook does not hold the first sheet it names."))
    sizes: list[int] = []
    for strings in (infos[path] for path in strings_paths if path in infos):
        found = plain_xlsx.shared_string_sizes(inflated(data, strings))
        if found is None:
            found = shared_string_sizes(data, strings, sheet_name)
        sizes = [max(pair) for pair in zip_longest(sizes, found, fillvalue=0)]
    for sheet in sheets:
        if plain_xlsx.scan_sheet(inflated(data, sheet), sheet_name, sizes) is None:
            scan_xlsx_sheet(data, sheet, sheet_name, sizes)
    check_sizes(data, infos, {*sheet_paths, *strings_paths})


# The parts the reader reads whole when it opens a workbook, besides the shared
# strings: a few kilobytes in any real workbook.
OWN_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml")
MAX_OWN_PART = 32 * 2**20


def first_sheet(data: bytes, infos: dict[str, zipfile.ZipInfo]) -> tuple[str, set, set]:
    """The first sheet's name, the names its part may have, and those of the
    shared strings' part, as the workbook and its relationships name them."""
    sheets: list[tuple[str, list[str]]] = []  # (name, relationship ids)
    targets: dict[str, set[str]] = {}
    strings = {"xl/sharedStrings.xml"}

    def on_sheet(name: str, attributes: dict) -> None:
        if local(name) == "sheet" and not sheets:
            ids = [value for key, value in attributes.items() if local(key) == "id"]
            sheets.append((attributes.get("name", ""), ids))

    def on_relationship(name: str, attributes: dict) -> None:
        if local(name) == "Relationship":
            target = attributes.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            paths = {path, posixpath.normpath(path)}
            targets.setdefault(attributes.get("Id", ""), set()).update(paths)
            if attributes.get("Type", "").endswith("/sharedStrings"):
                strings.update(paths)

    if "xl/workbook.xml" in infos:
        Stream(data, infos["xl/workbook.xml"]).run(on_sheet)
    if "xl/_rels/workbook.xml.rels" in infos:
        Stream(data, infos["xl/_rels/workbook.xml.rels"]).run(on_relationship)
    name, ids = sheets[0] if sheets else ("", [])
    paths = {path for id in ids for path in targets.get(id, ())}
    return name or "1", paths, strings


def shared_string_sizes(data: bytes, info: zipfile.ZipInfo | None, sheet: str) -> list[int]:
    """Each shared string's size: the bytes of XML from its start to the next one's
    (never fewer than its characters; counted so, one call per element and none
    per text, the pass costs little). One too long is refused as soon as it ends."""
    sizes: list[int] = []
    if info is None:
        return sizes
    stream = Stream(data, info)
    last = -1

    def start(name: str, attributes: dict) -> None:
        nonlocal last
        if local(name) == "si":
            at = stream.at
            if last >= 0:
                close(at - last)
            last = at

    def close(size: int) -> None:
        if size > MAX_CELL_CHARS:
            raise cell_too_long(sheet, _("shared string %(n)d") % {"n": len(sizes) + 1}, size)
        sizes.append(size)
        if len(sizes) > MAX_CELLS:
            raise TooBig(
                _("The spreadsheet holds more than %(limit)d shared strings.")
                % {"limit": MAX_CELLS}
            )

    end = stream.run(start)
    if last >= 0:
        close(end - last)
    return sizes


# A shared string's number, in the value right after the cell's tag (as every
# writer puts it); otherwise the cell is counted as using the longest string.
SHARED_INDEX = re.compile(rb"<[^<>]*>\s*<(?:[^<>/\s]*:)?v>([0-9]{1,9})<")


def scan_xlsx_sheet(data: bytes, info: zipfile.ZipInfo, sheet: str, sizes: list[int]) -> None:
    """Every cell's position, as the reader places it (from its reference, or after
    the previous cell when it has none), and its text's size: the bytes from its
    start to the next cell's or row's, or for a shared string the string's size,
    counted once for each cell that uses it (the reader copies it into each).

    One call per element, in the hottest loop of an import of a long list: the
    state is in local variables, the extent checked only when it grows."""
    extent, stream = Extent(sheet), Stream(data, info)
    parser, after, match = stream.parser, stream.after, REFERENCE.fullmatch
    inside = CELL_CONTENT
    longest, count = max(sizes, default=0), len(sizes)
    columns_of: dict[str, int] = {}
    row, cell_row, rows_seen, column, in_row = -1, 0, 0, -1, 0
    last, where = -1, ""  # where the cell being read starts, and its reference

    def close(at: int) -> None:
        nonlocal last
        if last >= 0 and at - last > MAX_CELL_CHARS:
            raise cell_too_long(sheet, where, at - last)
        last = -1

    def start(name: str, attributes: dict) -> None:
        nonlocal row, cell_row, rows_seen, column, in_row, last, where
        name = name[name.rfind(" ") + 1 :]  # any namespace: the reader looks at local names
        if name == "c":
            at = parser.CurrentByteIndex
            if last >= 0:
                close(at)
            reference = attributes.get("r")
            if reference is None:  # after the previous cell, on its row
                cell_row, column = max(row, cell_row, 0), max(column + 1, in_row)
                where = f"R{cell_row + 1}C{column + 1}"
            else:
                found = match(reference)
                if found is None:
                    raise not_a_cell(sheet, reference)
                letters, digits = found.groups()
                column = columns_of.get(letters, -1)
                if column < 0:
                    column = columns_of[letters] = column_index(letters)
                cell_row, where = int(digits) - 1, reference
            in_row += 1
            extent.cells += 1
            if cell_row >= extent.rows or column >= extent.columns or extent.cells > MAX_CELLS:
                extent.grow(cell_row, column, 0)
            last = at
            if attributes.get("t") == "s":
                found = SHARED_INDEX.match(after(at, 200))
                index = int(found.group(1)) if found else -1
                extent.add_text(sizes[index] if 0 <= index < count else longest)
        elif name in inside:
            return
        elif name == "row":
            close(parser.CurrentByteIndex)
            number = attributes.get("r")
            if number is None:
                row = max(row + 1, rows_seen)
            elif ROW_NUMBER.fullmatch(number):
                row = int(number) - 1
            else:
                raise TooBig(
                    _("The sheet “%(sheet)s” has a row numbered “%(row)s”.")
                    % {"sheet": sheet, "row": number[:20]}
                )
            cell_row, column, in_row = row, -1, 0
            rows_seen += 1
        elif name == "dimension":
            check_dimension(attributes.get("ref", ""), sheet)
        else:  # the sheet goes on after its cells
            close(parser.CurrentByteIndex)

    close(stream.run(start))


# What a cell may hold (CT_Cell, CT_Rst): anything else ends the cell being read.
CELL_CONTENT = {  # local names
    *("v", "f", "is", "t", "r", "rPr", "rPh", "phoneticPr", "b", "i", "strike"),
    *("condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color"),
    *("rFont", "family", "charset", "scheme"),
}


def parse_reference(reference: str, sheet: str) -> tuple[int, int]:
    """(row, column) from 0, of a reference such as B12."""
    found = REFERENCE.fullmatch(reference)
    if found is None:
        raise not_a_cell(sheet, reference)
    letters, digits = found.groups()
    return int(digits) - 1, column_index(letters)


def column_index(letters: str) -> int:
    """From 0: A is 0, Z 25, AA 26, XFD 16383."""
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return column - 1


def not_a_cell(sheet: str, reference: str) -> TooBig:
    return TooBig(
        _("The sheet “%(sheet)s” has a cell at “%(reference)s”, which is no cell.")
        % {"sheet": sheet, "reference": reference[:20]}
    )


def check_dimension(reference: str, sheet: str) -> None:
    """The size the sheet declares, at its top: refused before a cell is read."""
    corners = [
        parse_reference(part, sheet)
        for part in reference.split(":")
        if REFERENCE.fullmatch(part.strip())  # a malformed one is the reader's to ignore
    ]
    if corners:
        rows = max(row for row, _column in corners) + 1
        columns = max(column for _row, column in corners) + 1
        Extent(sheet).grow(rows - 1, columns - 1, 0)


# ODS


def check_ods(data: bytes) -> None:
    """Every sheet of content.xml (the reader reads them all), repeated rows and
    columns counted as the reader expands them: a cell with a value, repeated, takes
    a place for each repetition; empty ones at the end of a row or a sheet take none."""
    infos = parts(data)
    if "content.xml" in infos:
        scan_ods(data, infos["content.xml"])
    check_sizes(data, infos, {"content.xml"})


def scan_ods(data: bytes, info: zipfile.ZipInfo) -> None:
    cells = {"table-cell", "covered-table-cell"}
    sheet: dict = {"extent": None, "row": 0, "repeat": 1, "column": 0, "depth": 0}
    cell: dict = {"at": None, "repeat": 1, "full": False, "length": 0}

    def start(name: str, attributes: dict) -> None:
        # Local names, whatever the namespace or prefix: what the reader matches.
        name, extent = local(name), sheet["extent"]
        if name in ("table", "table-row") or name in cells:
            attributes = {local(key): value for key, value in attributes.items()}
        if name == "table":
            sheet["depth"] += 1
            if sheet["depth"] == 1:
                sheet.update(extent=Extent(attributes.get("name", "?")), row=0)
        elif extent is None:
            return
        elif name == "table-row":
            sheet.update(repeat=repeats(attributes.get("number-rows-repeated")), column=0)
        elif name in cells:
            cell.update(
                at=sheet["column"],
                repeat=repeats(attributes.get("number-columns-repeated")),
                full="value-type" in attributes,
                length=0,
            )
            sheet["column"] += cell["repeat"]
        elif cell["at"] is not None:
            cell["full"] = True  # a paragraph or anything else inside a cell

    def end(name: str) -> None:
        name, extent = local(name), sheet["extent"]
        if name == "table":
            sheet["depth"] -= 1
        elif extent is None:
            return
        elif name in cells:
            if cell["full"]:
                last_row = sheet["row"] + sheet["repeat"] - 1
                extent.grow(last_row, cell["at"] + cell["repeat"] - 1, 0)
                uses = cell["repeat"] * sheet["repeat"]
                extent.grow(last_row, 0, uses)
                extent.add_text(cell["length"], uses)
            cell["at"] = None
        elif name == "table-row":
            sheet["row"] += sheet["repeat"]
        if name == "table" and sheet["depth"] == 0:
            sheet["extent"] = None

    def text(content: str) -> None:
        if cell["at"] is not None:
            cell["length"] += len(content)
            if cell["length"] > MAX_CELL_CHARS:
                extent = sheet["extent"]
                where = f"{sheet['row'] + 1}:{cell['at'] + 1}"
                raise cell_too_long(extent.name, where, cell["length"])

    Stream(data, info).run(start, end, text)


def local(name: str) -> str:
    """An element's or attribute's name without its namespace."""
    return name[name.rfind(" ") + 1 :]


def repeats(value: str | None) -> int:
    """A repetition count as written (a huge one stays huge); one when absent or not
    a number."""
    if value is None or not ROW_NUMBER.fullmatch(value[:9]):
        return 1
    return int(value) if len(value) <= 9 else 10**9
