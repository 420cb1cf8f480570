# ruff: noqa: E501  (the parts' XML is kept as a spreadsheet writes it, one line each)
"""Spreadsheets built to stop a reader: each a few kilobytes, written here with
zipfile so that no generator tidies them up. Used by the tests and by
bench/file_bombs.py."""

import io
import struct
import zipfile
import zlib

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Members" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx(sheet_data: str, dimension: str = "", shared: list[str] | None = None) -> bytes:
    """A workbook of one sheet whose <sheetData> is `sheet_data`."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{declared}<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            items = "".join(f"<si><t>{text}</t></si>" for text in shared)
            archive.writestr(
                "xl/sharedStrings.xml",
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f"{items}</sst>",
            )
    return buffer.getvalue()


def far_corner() -> bytes:
    """The issue's file: only A1 and XFD1048576, the sheet's last cell (~1.5 KB)."""
    return xlsx(
        f'<row r="1">{inline("A1", "surname")}</row>'
        f'<row r="1048576">{inline("XFD1048576", "x")}</row>',
        dimension="A1:XFD1048576",
    )


def far_corner_hidden() -> bytes:
    """The same cells under a dimension that lies (A1): the reader ignores it."""
    return xlsx(
        f'<row r="1">{inline("A1", "surname")}</row>'
        f'<row r="1048576">{inline("XFD1048576", "x")}</row>',
        dimension="A1",
    )


def huge_cell(characters: int = 1_500_000_000) -> bytes:
    """One shared string of `characters` letters, used by one cell: the packed file
    stays small (deflate shrinks repeated letters a thousandfold). Written by
    streaming, so that building it takes no memory."""
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    tail = b"</t></si></sst>"
    body = xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    buffer = io.BytesIO(body)
    block = b"a" * 2**20
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part,
    ):
        part.write(head)
        for _ in range(characters // len(block)):
            part.write(block)
        part.write(b"a" * (characters % len(block)))
        part.write(tail)
    return buffer.getvalue()


def huge_cell_honest_ratio() -> bytes:
    """A cell of 100,000 letters that do not repeat (so the ratio looks ordinary)."""
    letters = "".join(chr(0x410 + (i * 7919) % 32) for i in range(100_000))
    return xlsx(f'<row r="1">{inline("A1", letters)}</row>')


def shared_string_reused(uses: int = 1_000_000) -> bytes:
    """One 30,000-letter shared string used by a million cells: the reader copies it
    into each, 30 GB."""
    cells = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(1, uses))
    return xlsx(cells, shared=["a" * 30_000])


def ods(rows: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Members">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            "</manifest:manifest>",
        )
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def ods_cell(text: str, columns: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{columns}"' if columns > 1 else ""
    return (
        f'<table:table-cell{repeated} office:value-type="string">'
        f"<text:p>{text}</text:p></table:table-cell>"
    )


def ods_row(cells: str, rows: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{rows}"' if rows > 1 else ""
    return f"<table:table-row{repeated}>{cells}</table:table-row>"


def ods_repeated() -> bytes:
    """A cell with a value repeated over every column of a row repeated a million
    times: 17 billion cells declared in 1 KB."""
    return ods(ods_row(ods_cell("surname")) + ods_row(ods_cell("x", 16_384), 1_048_575))


def ods_empty_gap() -> bytes:
    """A million empty rows, then a cell in the last column: the reader fills the gap."""
    return ods(
        ods_row(ods_cell("surname"))
        + ods_row("<table:table-cell/>", 1_048_574)
        + ods_row('<table:table-cell table:number-columns-repeated="16383"/>' + ods_cell("x"))
    )


def ods_libreoffice_tail() -> bytes:
    """What LibreOffice writes after the last row: empty rows and columns repeated to
    the sheet's end. Harmless, and must stay accepted."""
    return ods(
        ods_row(ods_cell("surname") + ods_cell("given name"))
        + ods_row(ods_cell("Aliyeva") + ods_cell("Leyla"))
        + ods_row('<table:table-cell table:number-columns-repeated="1022"/>', 1_048_574)
    )


def lying_zip(declared: int = 1000, actual: int = 200 * 2**20) -> bytes:
    """A workbook whose shared strings say they unpack to `declared` bytes and unpack
    to `actual`: Python's zipfile stops at the declared size, other readers do not."""
    body = xlsx(f'<row r="1">{inline("A1", "surname")}</row>')
    block = b"a" * 2**20
    packed = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    compressed = b"".join(packed.compress(block) for _ in range(actual // len(block)))
    compressed += packed.flush()
    name = b"xl/sharedStrings.xml"
    crc = zlib.crc32(block[:declared])  # what the declared size would hold
    archive = zipfile.ZipFile(io.BytesIO(body))
    entries, offset, out = [], 0, io.BytesIO()
    for info in archive.infolist():
        data = archive.read(info)
        packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        payload = packer.compress(data) + packer.flush()
        entries.append((info.filename.encode(), zlib.crc32(data), len(payload), len(data), offset))
        out.write(local_header(info.filename.encode(), zlib.crc32(data), len(payload), len(data)))
        out.write(payload)
        offset = out.tell()
    entries.append((name, crc, len(compressed), declared, offset))
    out.write(local_header(name, crc, len(compressed), declared))
    out.write(compressed)
    directory = out.tell()
    for filename, crc32, packed_size, size, at in entries:
        out.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc32,
                packed_size,
                size,
                len(filename),
                0,
                0,
                0,
                0,
                0,
                at,
            )
            + filename
        )
    end = out.tell()
    out.write(
        struct.pack(
            "<4s4H2LH",
            b"PK\x05\x06",
            0,
            0,
            len(entries),
            len(entries),
            end - directory,
            directory,
            0,
        )
    )
    return out.getvalue()


def local_header(name: bytes, crc: int, packed: int, size: int) -> bytes:
    return (
        struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, packed, size, len(name), 0)
        + name
    )


def csv_long_line(length: int = 50_000_000) -> bytes:
    return b"surname,given name\n" + b"," * length + b"\n"


def csv_huge_cell(length: int = 150_000_000) -> bytes:
    return b"surname,given name\n" + b"a" * length + b",b\n"
