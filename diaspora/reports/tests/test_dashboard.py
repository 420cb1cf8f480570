"""Each role lands on a dashboard of its own part of the network after login."""

from datetime import date

import pytest
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.people import services as people
from diaspora.people.tests.factories import UserFactory
from diaspora.reports import dashboard


def client_of(organisation, kind):
    user = UserFactory()
    grant_role(user, kind, organisation, by=None)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def members(tree):
    for number in range(2):
        person = people.register_person(by=None, full_name=f"Əli Məmmədov{number}")
        people.add_membership(person, tree["house"], by=None, started_on=date.today())
    return tree


def test_an_office_user_lands_on_the_dashboard_after_login(members, settings):
    from django.shortcuts import resolve_url

    assert resolve_url(settings.LOGIN_REDIRECT_URL) == "/en/dashboard/"


@pytest.mark.parametrize(
    ("where", "kind", "heading"),
    [
        ("root", "staff", "State Committee"),
        ("council", "coordinator", "Council of Germany"),
        ("house", "manager", "Azerbaijan House in Berlin"),
        ("school", "teacher", "Sunday School, Hamburg"),
    ],
)
def test_each_role_sees_its_part_of_the_network(members, where, kind, heading):
    page = client_of(members[where], kind).get("/en/dashboard/")
    html = page.content.decode()
    assert page.status_code == 200 and heading in html.split("<h1>")[1].split("</h1>")[0]
    assert '<svg class="chart"' in html and "To do" in html
    assert "style=" not in html.split("<main")[1]  # charts without inline styles


def test_numbers_link_to_their_records(members):
    html = client_of(members["house"], "manager").get("/en/dashboard/").content.decode()
    slug = members["house"].slug
    assert "/figures/people/" in html and f"/{slug}/figures/" in html
    assert "/figures/organisations.in.DE/" in html and "/figures/events.arrivals/" in html
    assert "/figures/worldday.reports/" in html


def test_the_managers_to_dos_and_a_providers(members):
    def nominations(user):
        return [dashboard.Todo("Nominations to decide", 3, "/nominations/")]

    dashboard.register_todos(nominations)
    try:
        html = client_of(members["house"], "manager").get("/en/dashboard/").content.decode()
    finally:
        dashboard.TODO_PROVIDERS.remove(nominations)
    assert "Possible duplicates to review" in html and "without a report" in html
    assert "Nominations to decide" in html
    assert "Erasure requests" not in html  # the Committee's


def test_a_compatriot_lands_on_their_own_record(members):
    client = Client()
    client.force_login(UserFactory())
    response = client.get("/en/dashboard/")
    assert response.status_code == 302 and response["Location"].endswith("/me/")
