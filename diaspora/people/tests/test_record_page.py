"""A person's record as a page of its own, and the people list's audited exports."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from diaspora.accounts.models import AuditEntry
from diaspora.accounts.services import grant_role
from diaspora.people import record, services
from diaspora.people.tests.factories import UserFactory


def office_of(organisation, kind="manager"):
    user = UserFactory()
    grant_role(user, kind, organisation, by=None)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(tree):
    berlin = services.register_person(
        by=None, full_name="Rəşad Əliyev", birth_date=date(1980, 7, 5), languages=["az", "de"]
    )
    services.add_membership(berlin, tree["house"], by=None)
    services.add_membership(berlin, tree["paris"], by=None)
    paris = services.register_person(by=None, full_name="Leyla Qasımova")
    services.add_membership(paris, tree["paris"], by=None)
    return {"berlin": berlin, "paris": paris}


def test_the_record_is_a_page_with_its_timeline_and_allowed_actions(tree, people):
    client = office_of(tree["house"])
    page = client.get(f"/en/people/{people['berlin'].pk}/").content.decode()
    assert "Rəşad Əliyev" in page and "az, de" in page
    assert "Azerbaijan House in Berlin" in page
    # A membership elsewhere is not the House's to learn.
    assert "Vatan Society" not in page
    assert "Record created" in page and "Timeline" in page
    assert f"/admin/people/person/{people['berlin'].pk}/change/" in page  # edit
    assert "/erasure/people/" not in page  # erasing is the Committee's


def test_a_coordinator_sees_the_record_without_editing_it(tree, people):
    client = office_of(tree["council"], "coordinator")
    page = client.get(f"/en/people/{people['berlin'].pk}/").content.decode()
    assert "Rəşad Əliyev" in page
    assert "/change/" not in page


def test_a_person_out_of_reach_is_not_found(tree, people):
    client = office_of(tree["house"])
    assert client.get(f"/en/people/{people['paris'].pk}/").status_code == 404


def test_a_compatriot_may_not_open_the_office_pages(tree, people):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert client.get("/en/people/").status_code == 403
    assert client.get(f"/en/people/{people['berlin'].pk}/").status_code == 403


def test_providers_add_sections(tree, people):
    def honours(person, user):
        return record.Section("Honours", [f"Medal for {person.full_name}"])

    record.register_section(honours)
    try:
        page = office_of(tree["house"]).get(f"/en/people/{people['berlin'].pk}/")
        assert "Medal for Rəşad Əliyev" in page.content.decode()
    finally:
        record.SECTION_PROVIDERS.remove(honours)


def test_the_list_exports_what_is_within_reach_and_is_audited(tree, people):
    client = office_of(tree["house"])
    listed = client.get("/en/people/").content.decode()
    assert "Rəşad Əliyev" in listed and "Leyla" not in listed
    response = client.get("/en/people/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and "Rəşad Əliyev" in rows[1]
    entry = AuditEntry.objects.get(action="people.export")
    assert entry.changes["count"] == 1 and entry.changes["query"]["format"] == "csv"
    response = client.get("/en/people/export.xlsx?q=Aliyev")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    assert len(sheet.to_python()) == 2
    assert AuditEntry.objects.filter(action="people.export").count() == 2


def test_a_coordinator_exports_but_a_teacher_may_not(tree, people):
    assert office_of(tree["council"], "coordinator").get("/en/people/export.csv").status_code == 200
    assert office_of(tree["school"], "teacher").get("/en/people/export.csv").status_code == 403
    assert office_of(tree["house"]).get("/en/people/export.pdf").status_code == 404


def test_an_events_registrations_export_is_audited(tree, people):
    from diaspora.events import services as events
    from diaspora.events.tests.factories import make_event

    event = make_event(tree["house"])
    events.register(event, by=None, given_name="=HYPERLINK(1)", surname="X", email="x@example.org")
    client = office_of(tree["house"])
    response = client.get(f"/en/events/{event.pk}/registrations/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(1)"  # not run as a formula
    assert AuditEntry.objects.get(action="registrations.export").changes["count"] == 1
    outsider = office_of(tree["paris"])
    assert outsider.get(f"/en/events/{event.pk}/registrations/export.xlsx").status_code in (
        403,
        404,
    )


def test_the_admin_form_takes_languages_as_codes(tree, people):
    from diaspora.people.admin import PersonForm

    form = PersonForm(instance=people["berlin"])
    assert form.initial["languages"] == "az, de"
    bound = PersonForm(data={"full_name": "A B", "languages": "az, r!"}, instance=people["berlin"])
    assert not bound.is_valid() and "languages" in bound.errors


def test_the_admin_hides_the_time_zone_warning_under_dates(tree, people):
    client = office_of(tree["house"])
    page = client.get(f"/en/admin/people/person/{people['berlin'].pk}/change/").content.decode()
    assert "css/admin.css" in page
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/admin.css")).read_text(encoding="utf-8")
    assert ".timezonewarning { display: none; }" in css


def test_a_search_lists_the_best_match_first_and_says_when_it_shows_only_the_closest(
    tree, people, monkeypatch
):
    from diaspora.people import record_views

    for name in ("Asif Aliyev", "Rasim Aliyev", "Rasul Aliyev"):
        person = services.register_person(by=None, full_name=name)
        services.add_membership(person, tree["house"], by=None)
    client = office_of(tree["house"])
    listed = client.get("/en/people/?q=Aliyev+Rashad").content.decode()
    # By surname, Rəşad Əliyev (Ə after A) would come last.
    assert listed.index("Rəşad Əliyev") < listed.index("Rasim Aliyev")
    assert "closest matches" not in listed
    # Within an organisation the list is DISTINCT, and still ranked.
    within = client.get(f"/en/people/?q=Aliyev+Rashad&organisation={tree['house'].slug}")
    assert within.content.decode().index("Rəşad Əliyev") < within.content.decode().index("Asif")
    monkeypatch.setattr(record_views, "SEARCH_RESULTS", 2)
    capped = client.get("/en/people/?q=Aliyev").content.decode()
    assert "The 2 closest matches, best first." in capped
    rows = client.get("/en/people/export.csv?q=Aliyev+Rashad").content.decode("utf-8-sig")
    assert rows.splitlines()[1].count("Rəşad Əliyev") == 1
