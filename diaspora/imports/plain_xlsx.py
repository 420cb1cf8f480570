"""The same measures as `workbooks` takes of an XLSX sheet, for the XML every
spreadsheet program writes, counted with a score of passes of bytes methods and
regular expressions over each block instead of one Python call per element.

Each function answers None as soon as the XML is anything but plain, or a bound
counted here passes a limit; the caller then takes the exact measures
(`workbooks`), so what is counted here needs only be sound for plain XML, and only
positions, which are counted exactly, refuse a file here. Plain means, in every
block (the part cut just before a `<`, so that no tag is split): no comment, CDATA
or DTD (`<!`); no `:c`, `:row`, `:v` or `:si` anywhere (no prefixed element the
reader would take for a cell); every tag that may be a cell's (`<c` followed by
anything but `o`, `f`, `u` or `e`: cols, cfRule, customSheetViews, cellWatches...)
written `<c r="`, every row's `<row r="`, every value's `<v>`, and no other
attribute ` r="`. Then each cell's reference is where the reader puts it. Each
value is counted as the shared string it would name (a number's too: a bound), a
value that is no string number as the longest string."""

import re
from collections.abc import Iterator

from .workbooks import MAX_CELL_CHARS, MAX_TEXT, Extent, column_index

NOT_CELLS = (b"<co", b"<cf", b"<cu", b"<ce")
PREFIXED = (b":c", b":row", b":v", b":si")
COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}"')
ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
NUMBER = re.compile(rb"<v>([0-9]{1,9})</v>")


def blocks(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The inflated part in blocks that each end just before a `<`."""
    tail = b""
    for chunk in chunks:
        chunk = tail + chunk
        cut = chunk.rfind(b"<")
        if cut <= 0:
            tail = chunk
            continue
        tail = chunk[cut:]
        yield chunk[:cut]
    if tail:
        yield tail


def prefixed(block: bytes) -> bool:
    return any(tag in block for tag in PREFIXED)


class Spans:
    """The bytes between one `separator` and the next (never fewer than the
    characters of the text there), over blocks fed in turn; the text before the
    first does not count, the last runs to the end."""

    def __init__(self, separator: bytes) -> None:
        self.separator, self.open = separator, -1  # -1: none met yet

    def feed(self, block: bytes) -> list[int]:
        first, *rest = block.split(self.separator)
        if not rest:
            if self.open >= 0:
                self.open += len(first)
            return []
        done = [self.open + len(first)] if self.open >= 0 else []
        done += map(len, rest[:-1])
        self.open = len(rest[-1])
        return done

    def end(self) -> list[int]:
        return [self.open] if self.open >= 0 else []


def shared_string_sizes(chunks: Iterator[bytes]) -> list[int] | None:
    """Each shared string's bytes, from its <si> to the next; None when the XML is
    not plain or a string may be too long (for the exact measures to say)."""
    sizes: list[int] = []
    spans = Spans(b"<si>")
    for block in blocks(chunks):
        if b"<!" in block or prefixed(block) or block.count(b"<si>") != block.count(b"<si"):
            return None
        found = spans.feed(block)
        if max(found, default=0) > MAX_CELL_CHARS:
            return None
        sizes += found
    sizes += spans.end()
    return None if sizes and sizes[-1] > MAX_CELL_CHARS else sizes


def scan_sheet(chunks: Iterator[bytes], sheet: str, sizes: list[int]) -> Extent | None:
    """The sheet's extent (refused by TooBig as soon as it passes a limit), or None
    when its XML is not plain, or a cell or all the text may be too long."""
    extent, spans = Extent(sheet), Spans(b'<c r="')
    longest = max(sizes, default=0)
    for block in blocks(chunks):
        count = block.count
        cells, rows, values = count(b'<c r="'), count(b'<row r="'), count(b"<v>")
        if (
            b"<!" in block
            or prefixed(block)
            or count(b"<c") - sum(map(count, NOT_CELLS)) != cells
            or count(b"<row") - count(b"<rowB") != rows
            or count(b' r="') != cells + rows
            or count(b"<v") != values
        ):
            return None
        columns, rows_of_cells = COLUMN.findall(block), ROW.findall(block)
        if len(columns) != cells or len(rows_of_cells) != cells:
            return None
        if cells:
            last_column = max(column_index(letters.decode()) for letters in set(columns))
            extent.cells += cells
            extent.grow(max(map(int, rows_of_cells)) - 1, last_column, 0)
        numbers = list(map(int, NUMBER.findall(block)))
        try:
            named = sum(map(sizes.__getitem__, numbers))
        except IndexError:  # a number beyond the strings: a bound, counted as the longest
            named = longest * len(numbers)
        extent.text += named + (values - len(numbers)) * longest
        if extent.text > MAX_TEXT or max(spans.feed(block), default=0) > MAX_CELL_CHARS:
            return None
    if max(spans.end(), default=0) > MAX_CELL_CHARS:
        return None
    return extent
