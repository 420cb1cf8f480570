import io

from python_calamine import CalamineWorkbook

from diaspora.imports import exports, services
from diaspora.people import services as people
from diaspora.people.models import Person


def test_cells_that_a_spreadsheet_would_run_are_defused():
    assert exports.safe_cell('=HYPERLINK("http://x","click")').startswith("'=")
    assert exports.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert exports.safe_cell("-2+3") == "'-2+3"  # a sum is a formula
    assert exports.safe_cell("-273") == "-273"  # a plain number is harmless
    assert exports.safe_cell("+994 50 123 45 67") == "+994 50 123 45 67"
    assert exports.safe_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert exports.safe_cell("Məmmədov") == "Məmmədov"


def test_an_export_reads_back_as_the_same_people(tree):
    people.register_person(by=None, full_name="=Məmmədov Rəşad", email="r@example.org")
    people.register_person(by=None, full_name="Гусейнова Айгюн", phone="+994501234567")
    data = exports.to_csv(Person.objects.all())
    assert data.startswith(b"\xef\xbb\xbf")
    assert "'=Məmmədov Rəşad" in data.decode("utf-8-sig")
    report = services.check(data, "export.csv", organisation=tree["house"], by=None)
    assert report.counts["errors"] == 0
    assert report.counts["matched"] == 2


def test_values_kept_as_written_are_exported_as_written_and_read_back(tree):
    data = "Soyad;Ad;Telefon;Ölkə;Şəhər\nMəmmədov;Rəşad;ring me;GB;Лондон\n".encode()
    services.commit(data, "list.csv", organisation=tree["house"], by=None)
    exported = exports.to_csv(Person.objects.all()).decode("utf-8-sig")
    assert "ring me" in exported and "Лондон" in exported
    Person.objects.all().delete()
    services.commit(exported.encode(), "export.csv", organisation=tree["house"], by=None)
    assert Person.objects.get().unreadable == {"phone": "ring me", "city": "Лондон"}


def test_the_xlsx_export_holds_text_not_formulas(tree):
    people.register_person(by=None, full_name="=1+1 Rəşad")
    data = exports.to_xlsx(Person.objects.all())
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert sheet[1][sheet[0].index("full name")] == "'=1+1 Rəşad"


def test_the_command_exports_only_what_its_user_may_export(tree, capfdbinary):
    from django.core.management import call_command

    from diaspora.accounts.models import AuditEntry
    from diaspora.accounts.services import grant_role
    from diaspora.people.tests.factories import UserFactory, member_of

    member_of(tree["house"], surname="Qwhausova")
    member_of(tree["school"], surname="Qwschulova")
    member_of(tree["paris"], surname="Qwparisova")
    for kind, node, seen, unseen in (
        ("manager", "house", ["Qwhausova"], ["Qwschulova", "Qwparisova"]),
        ("coordinator", "council", ["Qwhausova", "Qwschulova"], ["Qwparisova"]),
        ("teacher", "school", [], ["Qwhausova", "Qwschulova", "Qwparisova"]),  # no export
    ):
        user = UserFactory(username=f"export-{kind}")
        grant_role(user, kind, tree[node], by=None)
        call_command("export_people", "--user", user.username)
        out = capfdbinary.readouterr().out.decode("utf-8-sig")
        assert all(name in out for name in seen), kind
        assert not any(name in out for name in unseen), kind
        assert AuditEntry.objects.filter(actor=user, action="people.export").exists()
    call_command("export_people")  # the system: everyone
    out = capfdbinary.readouterr().out.decode("utf-8-sig")
    assert all(name in out for name in ("Qwhausova", "Qwschulova", "Qwparisova"))
