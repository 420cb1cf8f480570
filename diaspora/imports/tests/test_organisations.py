import pytest
from django.core.management import call_command

from diaspora.accounts.models import AuditEntry
from diaspora.directory.models import City, Organisation
from diaspora.imports import organisations
from diaspora.imports.readers import Rejected

pytestmark = pytest.mark.django_db

LIST = (
    "Təşkilat;Növ;Ölkə;Şəhər;E-poçt;Sayt;Yaradılıb\n"
    "Vətən Cəmiyyəti;Diaspor təşkilatı;Almaniya;Berlin;info@veten.de;veten.de;12.03.1999\n"
    "Odlar Yurdu;association;DE;Köln;;;\n"
    "Azərbaycan Evi Vyana;Azerbaijan House;Austria;Wien;;;\n"
).encode("utf-8-sig")


def test_a_list_is_checked_then_added_once(tree):
    council = tree["council"]
    report = organisations.check(LIST, "list.csv", parent=council)
    assert report.counts == {"rows": 3, "new": 3, "matched": 0, "errors": 0}
    assert not Organisation.objects.filter(name="Odlar Yurdu").exists()
    audited = AuditEntry.objects.filter(target_type="directory.organisation").count()
    organisations.commit(LIST, "list.csv", parent=council, by=None)
    veten = Organisation.objects.get(name="Vətən Cəmiyyəti")
    assert Organisation.objects.get_parent(veten) == council
    assert veten.website == "https://veten.de" and veten.founded_on.isoformat() == "1999-03-12"
    assert veten.kind.code == "association" and veten.city.name == "Berlin"
    # Austria keeps one time zone, so an unknown city joins the directory with it.
    assert City.objects.get(name="Wien").timezone == "Europe/Vienna"
    assert AuditEntry.objects.filter(target_type="directory.organisation").count() == audited + 3
    again = organisations.commit(LIST, "list.csv", parent=council, by=None)
    assert again.counts == {"rows": 3, "new": 0, "matched": 3, "errors": 0}
    assert Organisation.objects.filter(name="Odlar Yurdu").count() == 1


def test_every_problem_is_named_and_nothing_is_written(tree):
    bad = (
        b"name,kind,country,city,email,founded\n"
        b"Good One,association,DE,Berlin,,\n"
        b",association,DE,,,\n"
        b"Third,picnic club,Atlantis,,,\n"
        b"Fourth,house,US,Springfield,not-mail,31.02.2001\n"
    )
    before = Organisation.objects.count()
    with pytest.raises(organisations.ListRejected) as refusal:
        organisations.commit(bad, "bad.csv", parent=tree["root"], by=None)
    problems = {(p.row, p.column): p.reason for p in refusal.value.report.problems}
    assert problems[(3, "name")] == "This value is required."
    assert problems[(4, "kind")].startswith("Unknown kind")
    assert problems[(4, "country")].startswith("Unknown country")
    assert "several time zones" in problems[(5, "city")]
    assert (5, "email") in problems and problems[(5, "founded")] == "There is no such day."
    assert Organisation.objects.count() == before


def test_a_list_without_the_needed_columns_is_refused(tree):
    with pytest.raises(Rejected, match="needs columns for kind, country"):
        organisations.check(b"name;city\nX;Berlin\n", "x.csv", parent=tree["root"])


def test_the_command_counts_and_fails_on_problems(tree, tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_bytes(LIST)
    call_command(
        "import_organisations",
        str(path),
        "--parent",
        tree["council"].slug,
        "--commit",
        "--language",
        "en",
    )
    assert capsys.readouterr().out.splitlines()[-1] == "rows=3 new=3 matched=0 errors=0"
    path.write_bytes(b"name,kind,country\nX,picnic,DE\n")
    with pytest.raises(SystemExit) as exit_status:
        call_command("import_organisations", str(path), "--language", "en")
    assert exit_status.value.code == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("row 2, kind: 'picnic': Unknown kind")
    assert out[-1] == "rows=1 new=0 matched=0 errors=1"


def test_the_office_page_checks_then_adds(tree, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from diaspora.accounts.services import grant_role
    from diaspora.people.tests.factories import UserFactory

    settings.MEDIA_ROOT = tmp_path
    coordinator = UserFactory()
    grant_role(coordinator, "coordinator", tree["council"], by=None)
    client = Client()
    client.force_login(coordinator)
    url = "/en/imports/organisations/"
    upload = SimpleUploadedFile("list.csv", LIST, content_type="text/csv")
    checked = client.post(url, {"parent": tree["council"].pk, "file": upload})
    assert checked.status_code == 200
    assert "3 rows: 3 new" in checked.content.decode()
    assert not Organisation.objects.filter(name="Odlar Yurdu").exists()
    token = checked.context["token"]
    added = client.post(url, {"token": token}, follow=True)
    assert "3 organisations added" in added.content.decode()
    assert Organisation.objects.filter(name="Odlar Yurdu").count() == 1
    assert not any(tmp_path.rglob(token))  # the waiting file is gone
    # Another node's list: the form offers only the coordinator's reach.
    upload = SimpleUploadedFile("list.csv", LIST, content_type="text/csv")
    refused = client.post(url, {"parent": tree["paris"].pk, "file": upload})
    assert refused.status_code == 400
