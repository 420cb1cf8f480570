"""No file can stop the platform: files built to exhaust the reader are refused,
fast, with the limit and the sheet named; an import that fails for any reason
marks its batch failed and the worker goes on; an import's memory is bounded."""

import io
import os
import resource
import time
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from diaspora.imports import bounded, services
from diaspora.imports.models import ImportBatch
from diaspora.imports.readers import MAX_LINE_CHARS, Rejected, read_table
from diaspora.imports.tests import bomb_files
from diaspora.imports.tests.test_import import GOOD
from diaspora.imports.workbooks import MAX_CELL_CHARS, MAX_CELLS


def refused(data: bytes) -> tuple[str, float]:
    """The refusal's message, and how long it took."""
    started = time.perf_counter()
    with pytest.raises(Rejected) as refusal:
        read_table(data, "list")
    return str(refusal.value), time.perf_counter() - started


@pytest.mark.parametrize("build", [bomb_files.far_corner, bomb_files.far_corner_hidden])
def test_a_sheet_whose_only_cells_are_a1_and_xfd1048576_is_refused_in_under_a_second(build):
    data = build()
    assert len(data) < 2000
    message, seconds = refused(data)
    assert seconds < 1
    assert "“Members”" in message  # the sheet
    assert "row 1048576 and column 16384" in message and str(MAX_CELLS) in message


FIRST = f'<row r="1">{bomb_files.inline("A1", "surname")}</row>'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize(
    "far",
    [
        '<row r="1048576"><c\tr="XFD1048576"><v>1</v></c></row>',
        "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",
        '<row r="1048576"><c r = "XFD1048576"><v>1</v></c></row>',
        f'<row r="1048576"><x:c xmlns:x="{MAIN}" r="XFD1048576"><x:v>1</x:v></x:c></row>',
        '<row r="1048576"><y:c xmlns:y="urn:other" r="XFD1048576"><v>1</v></y:c></row>',
        '<!-- a comment --><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        '<row r="1048576">' + "<c><v>1</v></c>" * 16_384 + "</row>",  # placed one after another
        "<row/>" * 1_048_574 + '<row><c r="XFD1048576"/></row>',  # rows without numbers
    ],
    ids=["tab", "quotes", "spaces", "prefix", "other-namespace", "comment", "unnumbered", "rows"],
)
def test_a_far_cell_written_in_any_way_xml_allows_is_refused(far):
    message, seconds = refused(bomb_files.xlsx(FIRST + far))
    assert seconds < 5  # some are read the slow way: a million rows
    # Refused as soon as a limit is passed: a row of cells without references before
    # its 16384th, a million empty rows by their packing.
    assert "reaches row 1048576 and column" in message or "times its packed size" in message


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A{n}" t="s"><v>0</v></c>',
        "<c r='A{n}' t='s'><v>0</v></c>",
        '<c r="A{n}" t ="s"><v> 0</v></c>',
        '<c r="A{n}" t="s"><f>x</f><v>0</v></c>',
    ],
    ids=["plain", "quotes", "odd-value", "formula"],
)
def test_a_long_shared_string_used_by_many_cells_is_refused_however_written(cell):
    rows = "".join(f'<row r="{n}">{cell.format(n=n)}</row>' for n in range(1, 40_000))
    message, _seconds = refused(bomb_files.xlsx(rows, shared=["a" * 30_000]))
    assert "MB of text" in message


def test_a_file_with_one_huge_cell_is_refused_before_it_is_unpacked():
    data = bomb_files.huge_cell(200_000_000)  # 200 MB of one letter in 0.2 MB
    message, seconds = refused(data)
    assert seconds < 1
    assert "xl/sharedStrings.xml" in message and "100 times" in message


def test_a_huge_cell_that_packs_like_text_is_refused_at_the_cell_limit():
    message, seconds = refused(bomb_files.huge_cell_honest_ratio())
    assert seconds < 1
    assert "(A1)" in message and str(MAX_CELL_CHARS) in message


def test_one_long_shared_string_used_by_a_million_cells_is_refused():
    # The reader copies a shared string into each cell: 30,000 × 1,000,000.
    message, seconds = refused(bomb_files.shared_string_reused())
    assert seconds < 2  # a 5 MB file: a million cells to count
    assert "MB of text" in message


@pytest.mark.parametrize("build", [bomb_files.ods_repeated, bomb_files.ods_empty_gap])
def test_an_ods_with_huge_repeated_columns_and_rows_is_refused(build):
    message, seconds = refused(build())
    assert seconds < 1
    assert "“Members”" in message and "17179869184 cells" in message


def test_the_empty_rows_libreoffice_writes_to_the_end_of_a_sheet_are_no_bomb():
    table = read_table(bomb_files.ods_libreoffice_tail(), "list.ods")
    assert table.header == ["surname", "given name"]
    assert table.rows == [["Aliyeva", "Leyla"]]


def test_an_ods_bomb_inside_an_xlsx_is_measured_too():
    # The reader, failing to read it as an XLSX (its styles are broken), would try
    # it as an ODS.
    buffer = io.BytesIO(bomb_files.xlsx(FIRST))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/styles.xml", "<styleSheet><")
        inside = zipfile.ZipFile(io.BytesIO(bomb_files.ods_repeated()))
        archive.writestr("content.xml", inside.read("content.xml"))
    message, _seconds = refused(buffer.getvalue())
    assert "17179869184 cells" in message


def test_a_workbook_whose_first_sheet_cannot_be_found_is_refused():
    original, buffer = zipfile.ZipFile(io.BytesIO(bomb_files.xlsx(FIRST))), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in original.namelist():
            content = original.read(name)
            if name == "xl/_rels/workbook.xml.rels":  # the sheet elsewhere than it is
                content = content.replace(b"worksheets/sheet1.xml", b"../sheets/one.xml")
            archive.writestr(name, content)
    message, _seconds = refused(buffer.getvalue())
    assert "does not hold the first sheet it names" in message


def test_a_zip_that_lies_about_its_unpacked_size_is_refused():
    data = bomb_files.lying_zip()
    message, seconds = refused(data)
    assert seconds < 1
    assert "unpacks to more than the 1000 bytes it declares" in message


def test_a_csv_line_or_cell_too_long_is_refused_before_it_is_split():
    message, seconds = refused(bomb_files.csv_long_line())
    assert seconds < 1
    assert "Line 2 is" in message and str(MAX_LINE_CHARS) in message
    quoted = b'surname,given name\n"' + b"a\n" * MAX_CELL_CHARS + b'",b\n'  # short lines
    message, _seconds = refused(quoted)
    assert f"more than {MAX_CELL_CHARS} characters" in message


def test_a_csv_made_to_stall_the_delimiter_sniffer_is_answered_in_under_a_second():
    started = time.perf_counter()
    with pytest.raises(Rejected):
        read_table(b"surname,given name\n" + b',"' * 100_000, "list.csv")
    assert time.perf_counter() - started < 1


def test_a_spreadsheet_within_the_limits_is_still_read():
    rows = "".join(
        f'<row r="{n}">{bomb_files.inline(f"A{n}", f"name {n}")}'
        f'<c r="B{n}" t="s"><v>0</v></c><c t="inlineStr"><is><t>x</t></is></c></row>'
        for n in range(1, 200)
    )
    table = read_table(bomb_files.xlsx(rows, dimension="A1:C199", shared=["Baku"]), "list.xlsx")
    assert table.header == ["name 1", "Baku", "x"]
    assert len(table.rows) == 198 and table.rows[-1] == ["name 199", "Baku", "x"]


def test_the_import_page_refuses_a_bomb_with_the_reason(tree, office):
    upload = SimpleUploadedFile("members.xlsx", bomb_files.far_corner())
    office.post("/en/imports/", {"organisation": tree["house"].pk, "file": upload})
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED
    page = office.get(f"/en/imports/{batch.pk}/").content.decode()
    assert "“Members” reaches row 1048576" in page


def test_the_command_refuses_a_bomb_with_exit_status_1(tree, tmp_path):
    path = tmp_path / "members.xlsx"
    path.write_bytes(bomb_files.far_corner())
    out = StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("import_people", str(path), "--language", "en", stdout=out)
    assert exit.value.code == 1
    assert "reaches row 1048576 and column 16384" in out.getvalue()


# Failing tasks and the memory bound


def upload(office, tree, name: str, data: bytes) -> ImportBatch:
    office.post(
        "/en/imports/",
        {"organisation": tree["house"].pk, "file": SimpleUploadedFile(name, data)},
    )
    return ImportBatch.objects.get(filename=name)


# Committed for real: the worker (and, on PostgreSQL, each task's own process)
# reads what the page wrote.
def test_a_task_whose_import_raises_marks_its_batch_failed_and_the_next_task_still_runs(
    transactional_db, tree, office, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    check = services.check

    def check_or_break(data, filename, **options):
        if filename == "broken.csv":
            raise RuntimeError("a bug")
        return check(data, filename, **options)

    monkeypatch.setattr(services, "check", check_or_break)
    broken = upload(office, tree, "broken.csv", GOOD)
    good = upload(office, tree, "good.csv", GOOD)
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    broken.refresh_from_db()
    good.refresh_from_db()
    assert broken.status == ImportBatch.Status.FAILED and broken.progress == 100
    assert "RuntimeError" in broken.message
    assert good.status == ImportBatch.Status.CHECKED and good.counts["new"] == 2
    page = office.get(f"/en/imports/{broken.pk}/").content.decode()
    assert "failed" in page and "error in the platform (RuntimeError)" in page
    assert "hx-trigger" not in page  # not "being checked" forever


def address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize")


def test_a_child_passing_the_memory_limit_ends_as_failed_and_the_parent_goes_on(db):
    limit = address_space() + 256 * 2**20

    def greedy() -> None:
        bytearray(2 * 2**30)

    assert bounded.in_child(greedy, limit) == bounded.Outcome(False, "memory", "MemoryError")


def test_a_child_the_spreadsheet_reader_aborts_ends_as_failed_and_the_parent_goes_on(db):
    from python_calamine import CalamineWorkbook

    limit = address_space() + 512 * 2**20
    data = bomb_files.far_corner()  # handed to the reader unchecked: it asks for 550 GB

    def unchecked() -> None:
        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)

    outcome = bounded.in_child(unchecked, limit)
    assert outcome == bounded.Outcome(False, "died", "SIGABRT")
    assert resource.getrlimit(resource.RLIMIT_AS)[0] != limit  # the parent is not bounded


def test_the_memory_bound_reaches_the_processes_an_import_forks_to_read_rows(db):
    limit = address_space() + 256 * 2**20
    told: list[int] = []

    def grandchild_limit() -> None:
        reading, writing = os.pipe()
        if os.fork() == 0:
            os.write(writing, str(resource.getrlimit(resource.RLIMIT_AS)[0]).encode())
            os._exit(0)
        os.close(writing)
        told.append(int(os.read(reading, 64)))
        assert told[0] == limit

    assert bounded.in_child(grandchild_limit, limit).ok


def test_a_task_whose_process_dies_marks_its_batch_failed(
    transactional_db, tree, office, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    batch = upload(office, tree, "list.csv", GOOD)
    if not bounded.can_fork():
        pytest.skip("an in-memory SQLite database is this process's alone: no child")

    def abort(*args, **options):
        os.abort()  # as a library that cannot allocate does

    monkeypatch.setattr(services, "check", abort)
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    limit = filesizeformat(settings.DIASPORA_IMPORT_MEMORY_LIMIT)
    assert f"more than the {limit} of memory" in batch.message


def test_an_organisation_list_too_large_is_refused_before_it_is_read(tree, council_office):
    response = council_office.post(
        reverse("organisation-lists"),
        data=b"x",
        content_type="text/plain",
        CONTENT_LENGTH=str(2 * 2**30),
    )
    assert response.status_code == 413
    assert "lists up to 5 MB" in response.content.decode()


def test_a_garbled_declared_length_is_no_server_error(tree, office):
    response = office.post(
        "/en/imports/", data=b"x", content_type="text/plain", CONTENT_LENGTH="many"
    )
    assert response.status_code == 400


def test_no_process_to_be_had_for_an_import_is_its_failure_not_the_workers(db, monkeypatch):
    def no_fork():
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    outcome = bounded.in_child(lambda: None, 2**32)
    assert outcome == bounded.Outcome(False, "error", "BlockingIOError")


def test_a_child_neither_uses_nor_ends_a_session_its_parent_still_holds(
    transactional_db, monkeypatch
):
    from django.db import connection, connections

    if not bounded.can_fork():
        pytest.skip("an in-memory SQLite database is this process's alone: no child")
    parent, close_all = os.getpid(), connections.close_all
    # A parent that keeps its session open across the fork (as a test runner did).
    monkeypatch.setattr(
        connections, "close_all", lambda: None if os.getpid() == parent else close_all()
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    session = connection.connection
    for _ in range(2):
        assert bounded.in_child(lambda: ImportBatch.objects.count(), 2**34).ok
    assert connection.connection is session
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def test_an_organisation_list_that_is_a_bomb_is_refused_on_its_page(tree, council_office):
    """Organisation lists are read inside the request: a bomb there would take the
    web server down, not a task."""
    upload = SimpleUploadedFile("orgs.xlsx", bomb_files.far_corner())
    response = council_office.post(
        reverse("organisation-lists"), {"parent": tree["house"].pk, "file": upload}
    )
    assert response.status_code == 400
    assert "reaches row 1048576" in response.content.decode()
