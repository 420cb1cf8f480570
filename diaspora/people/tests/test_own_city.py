"""A compatriot's own city at /me/ is searched for by name, as the event form's is:
a list of every city of their country (3,407 for the US) cannot be searched."""

import re

import pytest
from django.test import Client

from diaspora.directory import gazetteer
from diaspora.people import services
from diaspora.people.models import Person
from diaspora.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(tree):
    gazetteer.load(["UA"])
    user = UserFactory()
    person = services.register_person(
        by=None, full_name="Nigar Zərdabi", email="nigar@example.org", user=user
    )
    services.add_membership(person, tree["house"], by=None)
    client = Client()
    client.force_login(user)
    return client, person


def record(**change):
    return {
        "full_name": "Nigar Zərdabi",
        "given_name": "Nigar",
        "surname": "Zərdabi",
        "email": "nigar@example.org",
        "country": "UA",
        "languages": "az",
        **change,
    }


@pytest.mark.parametrize("typed", ["Kiev", "Киев"])
def test_a_compatriot_types_their_city_in_any_spelling(own, typed):
    client, person = own
    response = client.post("/en/me/", record(city=typed))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Person.objects.get(pk=person.pk).city.name == "Kyiv"
    page = client.get("/en/me/").content.decode()
    field = re.search(r"<input[^>]*name=\"city\"[^>]*>", page).group(0)
    assert "data-city-search" in field and '<select name="city"' not in page
    assert "/static/js/city-search.js" in page


def test_an_unknown_city_is_refused_with_a_clear_message(own):
    client, person = own
    response = client.post("/en/me/", record(city="Atlantis"))
    assert response.status_code == 400
    assert "no city “Atlantis”" in response.context["form"].errors["city"][0]
    assert Person.objects.get(pk=person.pk).city is None
