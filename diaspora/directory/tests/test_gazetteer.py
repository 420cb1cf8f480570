"""The world gazetteer: every city of 15,000 people or more, found by any spelling."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from diaspora.directory import gazetteer, services
from diaspora.directory.city_spellings import NAMES
from diaspora.directory.models import City, CityName, Country

pytestmark = pytest.mark.django_db

# A few countries keep each test quick; the world loads the same way (load_gazetteer).
COUNTRIES = ["AZ", "UA", "RU", "GB", "DE", "FR", "CA"]


@pytest.fixture
def loaded(db):
    return gazetteer.load(COUNTRIES)


WRITTEN = [
    ("GB", "London", "London"),
    ("GB", "ЛОНДОН", "London"),
    ("DE", "Berlin", "Berlin"),
    ("DE", "Берлин", "Berlin"),
    ("DE", "Köln", "Cologne"),
    ("DE", "Koln", "Cologne"),
    ("FR", "paris", "Paris"),
    ("UA", "Kiev", "Kyiv"),
    ("UA", "Kiyev", "Kyiv"),
    ("UA", "Киев", "Kyiv"),
    ("UA", "Київ", "Kyiv"),
    ("UA", "Kyiv", "Kyiv"),
    ("RU", "Moskva", "Moscow"),
    ("RU", "Москва", "Moscow"),
    ("RU", "MOSCOW", "Moscow"),
    ("RU", "Питер", "Saint Petersburg"),
    ("AZ", "Gəncə", "Ganja"),
    ("AZ", "Gence", "Ganja"),
    ("AZ", "Gandja", "Ganja"),
    ("AZ", "Гянджа", "Ganja"),
    ("AZ", "Ganja", "Ganja"),
    ("AZ", "Bakı", "Baku"),
    ("AZ", "Sumqayıt", "Sumgayit"),
    ("AZ", "Сумгаит", "Sumgayit"),
]


def test_the_cities_people_write_are_found_in_any_script_case_and_accents(loaded):
    found = {
        (code, text): getattr(gazetteer.find_city(code, text), "name", None)
        for code, text, _ in WRITTEN
    }
    assert found == {(code, text): name for code, text, name in WRITTEN}
    # The in-memory index that lists use finds the same.
    indexes = {code: gazetteer.index(code) for code in COUNTRIES}
    assert {
        (code, text): getattr(indexes[code].get(text), "name", None) for code, text, _ in WRITTEN
    } == found


def test_a_city_carries_coordinates_time_zone_population_and_names_by_language(loaded):
    kyiv = gazetteer.find_city("UA", "Киев")
    assert kyiv.timezone == "Europe/Kyiv" and kyiv.population > 2_000_000
    assert round(kyiv.latitude) == 50 and round(kyiv.longitude) == 31
    assert kyiv.names["ru"] == "Киев" and kyiv.names["az"] == "Kiyev"
    ganja = gazetteer.find_city("AZ", "Gandja")
    assert ganja.names == {"az": "Gəncə", "ru": "Гянджа"}
    assert loaded.cities > 2_000 and loaded.spellings > loaded.cities


def test_a_city_of_another_country_is_not_confused(loaded):
    ontario = gazetteer.find_city("CA", "London")
    assert ontario.country_id == "CA" and ontario.timezone == "America/Toronto"
    assert gazetteer.find_city("GB", "London").timezone == "Europe/London"
    assert gazetteer.find_city("FR", "Berlin") is None
    assert gazetteer.find_city("GB", "Gəncə") is None
    assert gazetteer.find_city("GB", "Nowhereville") is None
    assert gazetteer.find_city("GB", "  ") is None


def test_loading_twice_changes_nothing(loaded):
    cities = sorted(City.objects.values_list("pk", "country_id", "name", "geonames_id"))
    spellings = CityName.objects.count()
    again = gazetteer.load(COUNTRIES)
    assert (again.created, again.merged) == (0, 0)
    assert sorted(City.objects.values_list("pk", "country_id", "name", "geonames_id")) == cities
    assert CityName.objects.count() == spellings == again.spellings


def test_cities_already_in_the_directory_are_merged_not_duplicated(root):
    # The deployment made Baku; an office typed Gəncə in by hand, without a position.
    baku = City.objects.get(country="AZ", name="Baku")
    ganja = City.objects.create(country_id="AZ", name="Gəncə", timezone="UTC")
    # The demo's Cologne is GeoNames' Köln.
    cologne = City.objects.create(country_id="DE", name="Cologne", timezone="Europe/Berlin")
    result = gazetteer.load(["AZ", "DE"])
    assert result.merged == 3
    cologne.refresh_from_db()
    assert cologne.population > 1_000_000 and cologne.names["ru"] == "Кёльн"
    assert City.objects.filter(country="DE", name__in=["Köln", "Cologne"]).count() == 1
    assert City.objects.filter(geonames_id__isnull=False).count() == result.cities
    baku.refresh_from_db()
    ganja.refresh_from_db()
    assert baku.geonames_id and baku.names["az"] == "Bakı" and baku.latitude == 40.41
    assert ganja.geonames_id and ganja.timezone == "Asia/Baku" and ganja.latitude is not None
    assert gazetteer.find_city("AZ", "Гянджа") == ganja
    assert City.objects.filter(country="AZ", name__in=["Baku", "Ganja", "Gəncə"]).count() == 2


def test_namesakes_in_one_country_are_told_apart_by_their_region(db):
    gazetteer.load(["US"])
    springfields = City.objects.filter(country="US", name__startswith="Springfield")
    assert springfields.count() > 3
    assert springfields.filter(name="Springfield").count() == 1
    # The plain name means the largest of them.
    largest = max(springfields, key=lambda city: city.population)
    assert gazetteer.find_city("US", "springfield") == largest


def test_a_city_added_by_hand_is_found_by_its_names_at_once(db):
    vienna = City.objects.create(
        country_id="AT", name="Vienna", names={"de": "Wien", "ru": "Вена"}, timezone="Europe/Vienna"
    )
    assert gazetteer.find_city("AT", "wien") == vienna
    assert gazetteer.find_city("AT", "Вена") == vienna
    vienna.names = {"az": "Vyana"}
    vienna.save()
    assert gazetteer.find_city("AT", "Vyana") == vienna
    assert set(vienna.spellings.values_list("spelling", flat=True)) == {"vienna", "vyana"}


def test_a_city_named_otherwise_is_the_gazetteers_city_not_a_second_one(loaded):
    cologne = gazetteer.find_city("DE", "Köln")
    same = services.ensure_city(Country.objects.get(code="DE"), name="Köln", names={"tr": "Köln"})
    assert same == cologne and same.names["tr"] == "Köln"
    assert City.objects.filter(country="DE", geonames_id=cologne.geonames_id).count() == 1


def test_search_offers_the_larger_cities_first_in_any_script(loaded):
    assert [city.name for city in gazetteer.search("Моск", "RU", 3)][0] == "Moscow"
    assert "Kyiv" in [city.name for city in gazetteer.search("Kiyev", "UA")]
    assert gazetteer.search("", "UA") == []


def test_every_hand_written_name_belongs_to_a_city_of_the_data():
    known = {
        (place.country, place.name) for place in gazetteer.places(sorted({c for c, _ in NAMES}))
    }
    assert set(NAMES) - known == set()


def test_the_command_loads_the_countries_asked_for(db):
    out = StringIO()
    call_command("load_gazetteer", "--country", "az", stdout=out)
    assert out.getvalue().startswith("cities=")
    assert City.objects.filter(country="AZ", geonames_id__isnull=False).count() > 50
    with pytest.raises(CommandError, match="XX"):
        call_command("load_gazetteer", "--country", "XX")


def test_the_api_finds_cities_and_organisations_by_any_spelling(tree, loaded):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    cities = client.get("/api/cities", {"q": "Київ", "country": "UA"}).json()
    assert cities[0]["name"] == "Kyiv" and cities[0]["timezone"] == "Europe/Kyiv"
    assert client.get("/api/cities", {"q": "Моск"}).json()[0]["name"] == "Moscow"
    houses = client.get("/api/organisations", {"country": "DE", "city": "Берлин"}).json()
    assert tree["house"].slug in {item["slug"] for item in houses["items"]}
    assert tree["paris"].slug not in {item["slug"] for item in houses["items"]}
    unknown = client.get("/api/organisations", {"country": "DE", "city": "Atlantis"})
    assert unknown.status_code == 400 and json.loads(unknown.content)["field"] == "city"


def test_a_member_list_finds_its_cities_through_the_gazetteer(tree, loaded):
    from diaspora.imports import services as imports
    from diaspora.people.models import Person

    data = (
        "Soyad;Ad;Doğum tarixi;Ölkə;Şəhər\n"
        "Məmmədov;Rəşad;05.07.1980;UA;Киев\n"
        "Əliyeva;Aygün;01.01.1990;AZ;Gandja\n"
        "Hüseynov;Elçin;02.02.1985;GB;london\n"
        "Quliyev;Orxan;03.03.1975;CA;London\n"
    ).encode()
    report = imports.commit(data, "list.csv", organisation=tree["house"], by=None)
    assert report.counts["errors"] == 0 and report.counts["new"] == 4
    cities = dict(Person.objects.values_list("surname", "city__name"))
    assert cities == {
        "Məmmədov": "Kyiv",
        "Əliyeva": "Ganja",
        "Hüseynov": "London",
        "Quliyev": "London",
    }
    assert Person.objects.get(surname="Quliyev").city.country_id == "CA"


def test_a_list_of_organisations_finds_its_cities_through_the_gazetteer(tree, loaded):
    from diaspora.imports import organisations

    data = (
        "name;kind;country;city\nGəncə Evi;association;AZ;Гянджа\nKiyev Evi;association;UA;Kiyev\n"
    )
    report = organisations.check(data.encode(), "list.csv", parent=tree["root"])
    assert [values["city"].name for values in report.new] == ["Ganja", "Kyiv"]


def test_an_event_is_placed_by_any_spelling_of_its_city(tree, loaded):
    from diaspora.accounts.services import grant_role
    from diaspora.accounts.tokens import issue_token
    from diaspora.directory.models import Organisation
    from diaspora.events.forms import EventForm
    from diaspora.events.models import Event
    from diaspora.people.tests.factories import UserFactory

    form = EventForm({"country": "UA", "city": "Київ"}, organisations=Organisation.objects.all())
    form.is_valid()
    assert form.cleaned_data["city"].name == "Kyiv"
    form = EventForm(
        {"country": "UA", "city": "Atlantis"}, organisations=Organisation.objects.all()
    )
    assert not form.is_valid() and "Atlantis" in form.errors["city"][0]
    manager = UserFactory(username="house-manager")
    grant_role(manager, "manager", tree["house"], by=None)
    event = {
        "title": "Novruz",
        "kind": "celebration",
        "starts_at": "2027-03-20T19:00:00+03:00",
        "timezone": "Europe/Moscow",
        "country": "RU",
        "city": "Москва",
    }
    response = Client().post(
        "/api/events",
        json.dumps(event),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        HTTP_AUTHORIZATION=f"Bearer {issue_token(manager)}",
    )
    assert response.status_code == 201, response.content
    assert Event.objects.get(pk=response.json()["id"]).city.name == "Moscow"


def test_the_office_finds_a_city_by_any_spelling(loaded, rf):
    from django.contrib import admin

    city_admin = admin.site._registry[City]
    found, _duplicates = city_admin.get_search_results(rf.get("/"), City.objects.all(), "Київ")
    assert "Kyiv" in {city.name for city in found}


def test_a_city_known_only_by_its_russian_name_is_read_by_its_own_name_in_azerbaijani(db):
    from django.utils import translation

    from diaspora.directory.models import City

    city = City(country_id="DE", name="Berlin", names={"ru": "Берлин"}, timezone="Europe/Berlin")
    with translation.override("az"):
        assert city.local_name == "Berlin"
    with translation.override("ru"):
        assert city.local_name == "Берлин"
