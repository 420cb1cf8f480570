"""Member lists in every encoding and format organisations send."""

import io
from datetime import datetime

import pytest
import xlsxwriter

from diaspora.imports.readers import MAX_COLUMNS, Rejected, read_table

ROWS = [
    ["Soyad", "Ad", "Doğum tarixi"],
    ["Məmmədov", "Rəşad", "05.07.1980"],
    ["Гусейнова", "Айгюн", "1991-04-23"],
]


def csv_text(delimiter=",", rows=ROWS) -> str:
    return "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (csv_text().encode("utf-8"), "utf-8"),
        (csv_text().encode("utf-8-sig"), "utf-8-sig"),
        (csv_text().encode("utf-16"), "utf-16"),  # what Excel writes as "Unicode text"
    ],
)
def test_unicode_files_are_read_exactly(encoded, encoding):
    table = read_table(encoded)
    assert table.encoding == encoding
    assert table.header == ROWS[0]
    assert table.rows == ROWS[1:]


def test_a_russian_windows_file_is_read_as_windows_1251():
    rows = [["Фамилия", "Имя"], ["Гусейнова", "Айгюн"], ["Мамедов", "Рашад"], ["Алиев", "Эльчин"]]
    table = read_table(csv_text(";", rows).encode("cp1251"))
    assert table.encoding == "cp1251"
    assert table.delimiter == ";"
    assert table.rows[0] == ["Гусейнова", "Айгюн"]


@pytest.mark.parametrize("codepage", ["cp1254", "iso8859_9"])
def test_a_turkish_windows_file_is_read_in_its_code_page(codepage):
    rows = [
        ["Soyadı", "Adı", "Şehir"],
        ["Hüseyinzade", "Çingiz", "İstanbul"],
        ["Şükür", "Gül", "Iğdır"],
    ]
    table = read_table(csv_text("\t", rows).encode(codepage))
    assert table.delimiter == "\t"
    assert table.rows == rows[1:]


def test_a_spreadsheet_is_read_with_dates_and_numbers_as_text():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Surname", "Given name", "Born", "Phone"])
    sheet.write_row(1, 0, ["Əliyev", "Rəşad"])
    sheet.write_datetime(
        1,
        2,
        datetime(1980, 7, 5),
        book.add_format({"num_format": "dd.mm.yyyy"}),
    )
    sheet.write_number(1, 3, 994501234567)
    book.close()
    table = read_table(buffer.getvalue())
    assert table.format == "xlsx"
    assert table.rows == [["Əliyev", "Rəşad", "1980-07-05", "994501234567"]]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\xff\x00garbage" * 50, "binary"),
        (b"PK\x03\x04truncated", "damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel"),
        (
            "Soyad,Ad\nMəmmədov,Rəşad\n".encode()
            + "Əliyev,Elçin\n".encode("cp1254", "replace")
            + "Quliyev,Orxan\n".encode("cp1251", "replace")
            + "Ləman,Zəhra\n".encode(),
            "mixes encodings",
        ),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(data, reason):
    with pytest.raises(Rejected) as refusal:
        read_table(data)
    assert reason in str(refusal.value)


def test_a_row_of_ten_thousand_columns_is_refused():
    wide = ",".join(["x"] * 10_000)
    with pytest.raises(Rejected) as refusal:
        read_table(f"Soyad,Ad\n{wide}\n".encode())
    assert f"at most {MAX_COLUMNS}" in str(refusal.value)
    assert "Row 2" in str(refusal.value)


def test_values_beyond_the_named_columns_are_noted_by_row():
    table = read_table("Soyad,Ad\nMəmmədov,Rəşad\nƏliyev,Elçin,extra\n".encode())
    assert table.overflowing == [3]
