"""The yearly report: figures traceable to their records, frozen on publication,
as a page, a PDF and a DOCX, and through the API."""

import io
import re
import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.utils import timezone, translation

from diaspora.accounts.models import AuditEntry
from diaspora.accounts.services import grant_role
from diaspora.directory.tests.factories import make_organisation
from diaspora.events import services as events
from diaspora.events.tests.factories import make_event
from diaspora.people import services as people
from diaspora.people.tests.factories import UserFactory
from diaspora.reports import figures, yearly
from diaspora.reports.charts import bar_chart
from diaspora.reports.models import Report

YEAR = timezone.now().year - 1


def client_of(organisation, kind="staff"):
    user = UserFactory()
    grant_role(user, kind, organisation, by=None)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def network(tree):
    """Members in Berlin and Paris, a celebration of the world day in Berlin with a
    registration checked in, and an event in Paris."""
    for number in range(3):
        person = people.register_person(by=None, full_name=f"Əli Məmmədov{number}")
        people.add_membership(person, tree["house"], by=None, started_on=date(YEAR, 3, 1))
    paris = people.register_person(by=None, full_name="Leyla Qasımova")
    people.add_membership(paris, tree["paris"], by=None, started_on=date(YEAR, 5, 2))
    celebration = make_event(
        tree["house"], starts_at=datetime(YEAR, 12, 31, 17, tzinfo=UTC), kind="celebration"
    )
    organiser = UserFactory()
    grant_role(organiser, "manager", tree["house"], by=None)
    registration, _created = events.register(
        celebration, by=organiser, given_name="Rəşad", surname="Əliyev", email="r@example.org"
    )
    events.check_in(celebration, registration.code, by=organiser)
    make_event(tree["paris"], starts_at=datetime(YEAR, 6, 1, 18, tzinfo=UTC), title="Novruz")
    return tree


def values(node, year=YEAR):
    return {figure.key: figure.value for figure in figures.compute(node, year)}


def test_the_figures_count_the_nodes_part_of_the_network(network):
    whole = values(network["root"])
    assert whole["organisations"] == 4 and whole["organisations.house"] == 1
    assert whole["countries"] == 2 and whole["people"] == 4
    assert whole["organisations.in.DE"] == 3 and whole["organisations.in.FR"] == 1
    assert whole["people.joined"] == 4 and whole["people.joined.03"] == 3
    assert whole["events"] == 2 and whole["events.arrivals"] == 1
    assert whole["worldday.events"] == 1
    council = values(network["council"])
    assert council["organisations"] == 3 and council["people"] == 3 and council["events"] == 1


def every_record(client, url):
    found, offset = [], 0
    while True:
        page = client.get(url + f"&limit=100&offset={offset}").json()
        found += page["items"]
        offset += 100
        if offset >= page["count"]:
            return page["count"], found


def test_every_figures_records_add_up_to_it(network):
    client = client_of(network["root"])
    body = client.get(f"/api/reports/{YEAR}").json()
    assert body["year"] == YEAR and body["node"] == network["root"].slug
    assert {"key", "label", "value", "records"} <= set(body["figures"][0])
    for figure in body["figures"]:
        count, items = every_record(client, figure["records"])
        assert count == figure["value"] == len(items), figure["key"]
    assert AuditEntry.objects.filter(action="report.records_read").exists()


def test_a_reader_sees_the_count_and_only_the_records_within_reach(network):
    manager = client_of(network["house"], "manager")
    published = yearly.publish(network["root"], YEAR, by=None)
    body = manager.get(f"/api/reports/{YEAR}").json()
    people_figure = next(f for f in body["figures"] if f["key"] == "people")
    assert people_figure["value"] == 4
    count, _items = every_record(manager, people_figure["records"])
    assert count == 3  # the House's members only
    page = manager.get(f"/en/reports/{YEAR}/{network['root'].slug}/figures/people/")
    assert "4 records make this figure; 3 of them are within your reach" in page.content.decode()
    assert published.status == Report.Status.PUBLISHED


def test_a_draft_is_the_offices_and_bad_input_is_refused(network):
    outsider = client_of(network["paris"], "manager")
    assert outsider.get(f"/api/reports/{YEAR}?node={network['council'].slug}").status_code == 403
    assert outsider.get(f"/en/reports/{YEAR}/{network['council'].slug}/").status_code == 403
    assert Client().get(f"/en/reports/{YEAR}/{network['council'].slug}/").status_code == 404
    staff = client_of(network["root"])
    refused = staff.get("/api/reports/1990")
    assert refused.status_code == 400 and refused.json()["field"] == "year"
    assert staff.get(f"/api/reports/{YEAR}?node=nowhere").status_code == 404
    assert staff.get(f"/api/reports/{YEAR}/records/nothing").status_code == 404


def test_a_published_report_is_frozen_and_a_regeneration_shows_the_change(network, kinds):
    staff = client_of(network["root"])
    url = f"/en/reports/{YEAR}/{network['root'].slug}/"
    assert staff.post(url + "publish/").status_code == 302
    assert AuditEntry.objects.filter(action="report.published").count() == 1
    make_organisation(network["council"], kinds["house"], "Azerbaijan House Munich", "DE", "Munich")
    body = staff.get(f"/api/reports/{YEAR}").json()
    houses = next(f for f in body["figures"] if f["key"] == "organisations.house")
    assert houses["value"] == 1  # as published
    page = staff.get(url).content.decode()
    assert "Changed since publication" in page and "+1" in page
    # Published twice: refused with the reason, nothing written.
    staff.post(url + "publish/")
    assert Report.objects.count() == 1
    # A published report is public.
    assert Client().get(url).status_code == 200


def test_the_page_links_every_number_to_its_records(network):
    page = client_of(network["root"]).get(f"/en/reports/{YEAR}/{network['root'].slug}/")
    html = page.content.decode()
    assert f"/en/reports/{YEAR}/{network['root'].slug}/figures/organisations.house/" in html
    assert "Azerbaijan House in Berlin" in html and "Novruz" in html
    assert f"/{network['root'].slug}/figures/organisations.in.DE/" in html  # by country
    assert f"/{network['root'].slug}/figures/people.joined.03/" in html  # by month


def test_the_pdf_repeats_the_header_of_a_table_that_runs_over_pages(network, kinds):
    for number in range(120):
        make_organisation(network["paris"], kinds["association"], f"Society {number}", "FR")
    response = client_of(network["root"]).get(
        f"/en/reports/{YEAR}/{network['root'].slug}/report.pdf"
    )
    data = response.content
    assert data.startswith(b"%PDF") and response["Content-Type"] == "application/pdf"
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    pages = text.split("\f")
    listing = [page for page in pages if "Society" in page]
    assert len(listing) >= 2
    assert all(re.search(r"Country\s+Name\s+Kind\s+City", page) for page in listing)


def test_the_docx_opens_with_python_docx_and_repeats_header_rows(network):
    import docx

    response = client_of(network["root"]).get(
        f"/ru/reports/{YEAR}/{network['root'].slug}/report.docx"
    )
    document = docx.Document(io.BytesIO(response.content))
    assert str(YEAR) in document.paragraphs[0].text
    assert len(document.tables) >= 4
    header = document.tables[0].rows[0]._tr
    assert header.trPr is not None and "tblHeader" in header.trPr.xml


def test_a_person_of_two_organisations_is_counted_once(network):
    person = people.register_person(by=None, full_name="Aygün Hüseynova")
    people.add_membership(person, network["house"], by=None, started_on=date(YEAR, 2, 1))
    people.add_membership(person, network["paris"], by=None, started_on=date(YEAR, 2, 1))
    assert figures.people(network["root"], YEAR).count() == 5 == values(network["root"])["people"]


def test_the_dashboards_chart_by_kind_holds_kinds_not_countries(network):
    from diaspora.reports import dashboard

    _title, by_kind = dashboard.count_panels(network["root"])[0]
    assert by_kind and not any("organisations.in." in bar.url for bar in by_kind)
    # and the chart by country names them in the reader's language, not by code
    with translation.override("ru"):
        _title, by_country = dashboard.count_panels(network["root"])[1]
    assert "Германия" in [bar.label for bar in by_country]
    # Under the bars their codes, which fit side by side; the names in tooltip and table.
    chart = bar_chart("by country", by_country)
    assert ">DE</text>" in chart and "<title>Германия: " in chart


def test_publishing_asks_first(network):
    page = client_of(network["root"]).get(f"/en/reports/{YEAR}/{network['root'].slug}/")
    assert "data-confirm=" in page.content.decode() and "js/events.js" in page.content.decode()
