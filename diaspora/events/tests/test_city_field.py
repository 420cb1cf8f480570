"""The event form's city is searched for by name, not picked from a list of the
country's hundreds of cities (typing "Kiev" in such a list picks Kiliya)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.directory import gazetteer
from diaspora.events.models import Event
from diaspora.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def door(tree):
    gazetteer.load(["UA", "DE"])
    user = UserFactory(username="door")
    grant_role(user, "manager", tree["house"], by=None)
    client = Client()
    client.force_login(user)
    return client


def event_data(tree, **change):
    return {
        "kind": 1,
        "organiser": tree["house"].pk,
        "audience": "public",
        "country": "UA",
        "timezone": "Europe/Kyiv",
        "starts_at": "2026-12-31T19:00",
        "title_az": "Həmrəylik axşamı",
        **change,
    }


@pytest.mark.parametrize("typed", ["Kiev", "Киев", "Київ", "kyiv"])
def test_a_city_typed_by_any_spelling_is_found_in_the_country_without_script(tree, door, typed):
    response = door.post("/en/events/new/", event_data(tree, city=typed))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Event.objects.get().city.name == "Kyiv"


def test_a_city_the_country_does_not_have_is_a_clear_error_and_nothing_is_saved(tree, door):
    response = door.post("/en/events/new/", event_data(tree, city="Atlantis"))
    assert response.status_code == 400 and not Event.objects.exists()
    assert response.context["form"].errors["city"] == [
        "The directory knows no city “Atlantis” in Ukraine."
    ]
    # In the reader's language.
    in_azerbaijani = door.post("/az/events/new/", event_data(tree, city="Atlantis"))
    assert in_azerbaijani.context["form"].errors["city"] == [
        "Kataloqda “Atlantis” adlı şəhər yoxdur (ölkə: Ukrayna)."
    ]
    refused = door.post("/en/events/new/", event_data(tree, country="", city="Kiev"))
    assert (
        refused.status_code == 400 and "country first" in refused.context["form"].errors["city"][0]
    )


def test_a_city_is_still_sent_by_its_id(tree, door):
    kyiv = gazetteer.find_city("UA", "Kyiv")
    response = door.post("/en/events/new/", event_data(tree, city=str(kyiv.pk)))
    assert response.status_code == 302 and Event.objects.get().city == kyiv


def test_the_city_is_a_search_input_with_suggestions_not_a_list_of_every_city(tree, door):
    page = door.get("/en/events/new/").content.decode()
    field = re.search(r"<input[^>]*name=\"city\"[^>]*>", page).group(0)
    assert 'type="text"' in field and "data-city-search" in field
    assert 'data-source="/api/cities"' in field and 'list="id_city-suggestions"' in field
    assert '<datalist id="id_city-suggestions"></datalist>' in page
    assert '<select name="city"' not in page and ">Kiliya</option>" not in page
    assert "/static/js/city-search.js" in page and finders.find("js/city-search.js")


def test_an_events_city_shows_by_its_name_when_edited(tree, door):
    door.post("/en/events/new/", event_data(tree, city="Киев"))
    event = Event.objects.get()
    page = door.get(f"/en/events/{event.pk}/edit/").content.decode()
    field = re.search(r"<input[^>]*name=\"city\"[^>]*>", page).group(0)
    shown = re.search(r'value="([^"]*)"', field).group(1)
    assert shown == event.city.local_name and not shown.isdigit()
    # Sent back unchanged without script, the name finds the same city.
    data = event_data(tree, city=shown, title_az="Yeni ad")
    assert door.post(f"/en/events/{event.pk}/edit/", data).status_code == 302
    assert Event.objects.get().city.name == "Kyiv"


def test_the_suggestions_come_from_the_cities_api(tree, door):
    found = door.get("/api/cities", {"q": "Киев", "country": "UA"}, HTTP_ACCEPT_LANGUAGE="en")
    assert found.status_code == 200 and found.json()[0]["name"] == "Kyiv"
    assert found.json()[0]["timezone"] == "Europe/Kyiv"


def test_a_city_typed_without_the_script_brings_its_time_zone(tree, door):
    shown = door.get("/en/events/new/").context["form"].initial["timezone"]
    assert shown != "Europe/Kyiv"
    response = door.post("/en/events/new/", event_data(tree, city="Kiev", timezone=shown))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.timezone == "Europe/Kyiv"
    assert event.local_starts_at.hour == 19  # 19:00 in Kyiv, as typed
