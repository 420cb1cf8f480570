"""Lists from abroad as they really come (issue 14): every row goes in, the phones
read where they fit, what cannot be read kept as written on the person."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from diaspora.directory.models import City, Organisation, OrganisationKind
from diaspora.imports import services
from diaspora.imports.tests.lists_abroad import member_list
from diaspora.people.models import Person


def test_a_british_list_in_windows_1251_with_soviet_phones_imports_every_row(tree):
    # 220 rows, as in the issue, where 143 were refused and nothing imported.
    data = member_list("london", 220)
    report = services.commit(data, "члены.csv", organisation=tree["root"], by=None)
    assert report.table.encoding == "cp1251"
    assert sorted(report.mapping.values()) == sorted(
        ["surname", "given_name", "sex", "birth_date", "phone", "email", "country", "city"]
    )
    assert report.counts["errors"] == 0 and report.counts["new"] == 220
    assert report.counts["warnings"] == 220  # London is not in the test's directory
    assert Person.objects.count() == 220
    phones = dict(Person.objects.values_list("id", "phone").order_by("id"))
    ids = sorted(phones)
    assert phones[ids[0]] == "+994509860079"  # 8 (050) 986-00-79
    assert phones[ids[1]] == "+447700900001"  # 07700 900001, a British mobile
    assert phones[ids[2]] == "+994509860279"  # 050 986 02 79
    assert phones[ids[3]] == "+994124980334"  # (012) 498-03-34
    assert phones[ids[4]] == "+442079460004"
    unread = Person.objects.get(pk=ids[5])  # "звоните вечером", and London
    assert unread.phone == "" and unread.city is None and unread.country_id == "GB"
    assert unread.unreadable == {"phone": "звоните вечером", "city": "Лондон"}
    assert Person.objects.get(pk=ids[3]).unreadable == {
        "city": "Лондон",
        "email": "member3(at)mail.ru",
    }
    reasons = {(w.row, w.column): w.reason for w in report.warnings}
    assert "not in the directory" in reasons[(2, "Город")]
    assert "not a phone number we can read" in reasons[(7, "Телефон")]
    assert "not an email address" in reasons[(5, "Эл. почта")]
    # Written once: the batch keeps the warnings, marked, for the page.
    assert all(item["warning"] for item in report.batch.problems)


@pytest.mark.parametrize("city", ["berlin", "kyiv", "ganja"])
def test_lists_from_berlin_kyiv_and_ganja_import_every_row_with_local_phones(tree, city):
    report = services.commit(
        member_list(city, 60), f"{city}.csv", organisation=tree["root"], by=None
    )
    assert report.counts["errors"] == 0 and report.counts["new"] == 60
    assert not Person.objects.filter(phone="").exists()  # every phone read
    assert not Person.objects.filter(unreadable__has_key="phone").exists()
    prefixes = {"berlin": ("+49", "+994"), "kyiv": ("+380", "+994"), "ganja": ("+994",)}
    assert all(
        phone.startswith(prefixes[city]) for phone in Person.objects.values_list("phone", flat=True)
    )


def test_a_new_deployment_is_set_up_and_imports_a_london_list(db, tmp_path):
    path = tmp_path / "london.csv"
    path.write_bytes(member_list("london", 220))
    with pytest.raises(CommandError, match="No organisation has the slug None"):
        call_command("import_people", str(path), "--commit", stdout=StringIO())
    out = StringIO()
    call_command("setup", stdout=out)
    assert "Set up from the deployment file." in out.getvalue()
    assert "Organisation kinds: created (5)." in out.getvalue()
    committee = Organisation.objects.get()
    assert committee.slug == "state-committee" and committee.country_id == "AZ"
    state = [list(model.objects.values()) for model in (Organisation, OrganisationKind, City)]
    again = StringIO()
    call_command("setup", stdout=again)
    assert again.getvalue().strip().splitlines()[-1] == (
        "Nothing to change: the deployment is already set up."
    )
    assert [
        list(model.objects.values()) for model in (Organisation, OrganisationKind, City)
    ] == state
    out = StringIO()
    call_command("import_people", str(path), "--commit", "--language", "en", stdout=out)
    lines = out.getvalue().strip().splitlines()
    # Every row in; the warnings are the phones and addresses no one could read:
    # setup loaded the world's cities, so Лондон is London.
    assert lines[-1].startswith("rows=220 new=220 matched=0 review=0 errors=0 warnings=")
    warned = [line for line in lines if ": warning: " in line]
    assert warned and all(", Телефон: " in line or ", Эл. почта: " in line for line in warned)
    assert not Person.objects.filter(city__isnull=True).exists()
    assert set(Person.objects.values_list("city__name", flat=True)) == {"London"}
    assert Person.objects.filter(memberships__organisation=committee).count() == 220


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("UK", "GB"), ("Great Britain", "GB"), ("England", "GB"), ("Англия", "GB"),
        ("Соединённое Королевство", "GB"), ("Böyük Britaniya", "GB"), ("Turkey", "TR"),
        ("США", "US"), ("ABŞ", "US"), ("U.S.A.", "US"), ("РФ", "RU"), ("Deutschland", "DE"),
        ("Україна", "UA"), ("Holland", "NL"), ("Белоруссия", "BY"), ("Кыргызстан", "KG"),
        ("Türkiyə", "TR"), ("Almaniya", "DE"),
    ],
)  # fmt: skip
def test_a_country_is_read_as_lists_write_it(db, written, code):
    from diaspora.imports.values import country_names, read_country

    country_names.cache_clear()
    assert read_country(written) == code


def test_a_country_no_one_knows_still_refuses_the_row(db):
    from diaspora.imports.values import Unreadable, country_names, read_country

    country_names.cache_clear()
    with pytest.raises(Unreadable):
        read_country("Narnia")


def test_a_city_says_nothing_more_of_a_row_its_unknown_country_refuses(tree):
    rows = "Soyad;Ad;Ölkə;Şəhər\nQasımova;Aygün;Narnia;Cair Paravel\nƏliyev;Elçin;;Bakı\n"
    report = services.check(rows.encode(), "list.csv", organisation=tree["house"], by=None)
    assert [(p.row, p.column) for p in report.problems] == [(2, "Ölkə")]
    assert [(w.row, w.column) for w in report.warnings] == [(3, "Şəhər")]  # no country given


@pytest.mark.parametrize(
    "rows",
    [
        "Nachname;Vorname;Geburtsdatum;Geschlecht;E-Mail;Handy;Land;Stadt\n"
        "Məmmədova;Aygün;14.03.1975;weiblich;aygun@example.de;0151 23456789;Deutschland;München\n",
        "Прізвище;Ім'я;По батькові;Дата народження;Стать;Телефон;Країна;Місто\n"
        "Алієв;Рашад;Алійович;05.07.1980;чоловіча;067 123 45 67;Україна;Київ\n",
        "Soyadı;Adı;Doğum tarihi;Cinsiyet;E-posta;Telefon;Ülke;Şehir\n"
        "Hüseynova;Leyla;23.04.1991;Kadın;leyla@example.com.tr;0532 123 45 67;Türkiye;İstanbul\n",
    ],
)
def test_a_list_with_the_headers_of_its_country_goes_in_whole(tree, rows):
    from diaspora.directory import gazetteer

    gazetteer.load(["DE", "UA", "TR"])
    report = services.check(rows.encode(), "list.csv", organisation=tree["house"], by=None)
    assert report.counts["errors"] == 0 and report.counts["warnings"] == 0, report.warnings
    assert {"surname", "given_name", "birth_date", "sex", "phone", "country", "city"} <= set(
        report.mapping.values()
    )
