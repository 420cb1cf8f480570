import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diaspora.directory.tests.factories import make_organisation


@pytest.fixture
def client():
    return Client()


@pytest.mark.parametrize(
    ("language", "heading"), [("az", "Təşkilatlar"), ("ru", "Организации"), ("en", "Organisations")]
)
def test_the_directory_speaks_each_language(tree, client, language, heading):
    page = client.get(f"/{language}/organisations/").content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{heading}</h1>" in page
    assert 'hreflang="az"' in page and 'hreflang="ru"' in page and 'hreflang="en"' in page


def test_the_bare_address_redirects_to_a_language(db, client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302 and response["Location"] == "/ru/"


def test_the_home_page_shows_the_networks_figures(tree, client):
    page = client.get("/en/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "1 Azerbaijan Houses in 1 country" in text
    assert "1 Sunday schools in 1 country" in text


def test_filtering_by_country_lists_that_countrys_organisations(tree, client):
    page = client.get("/en/organisations/?country=FR").content.decode()
    assert tree["paris"].name in page and tree["house"].name not in page


def test_filtering_by_kind_and_city(tree, client):
    city = tree["school"].city_id
    page = client.get(f"/en/organisations/?country=DE&kind=school&city={city}").content.decode()
    assert tree["school"].name in page and tree["house"].name not in page


def test_an_htmx_request_gets_only_the_results(tree, client):
    page = client.get(
        "/en/organisations/?q=paris", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    ).content.decode()
    assert "<html" not in page and tree["paris"].name in page


def test_an_unknown_country_is_a_400_naming_the_field(tree, client):
    response = client.get("/en/organisations/?country=ZZ")
    assert response.status_code == 400
    assert "Country" in response.content.decode()


def test_an_organisation_page_shows_its_facts_and_members(tree, client):
    page = client.get(f"/en/organisations/{tree['council'].slug}/").content.decode()
    assert tree["council"].name in page and tree["house"].name in page
    assert client.get(f"/en/organisations/{tree['root'].slug}/").status_code == 404


def test_a_country_page_counts_its_organisations_by_kind(tree, client):
    page = client.get("/ru/countries/DE/").content.decode()
    assert "Германия" in page and "Дома Азербайджана" in page
    assert client.get("/en/countries/XX/").status_code == 404


def test_the_list_page_costs_the_same_queries_for_more_rows(
    tree, kinds, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as small:
        client.get("/en/organisations/")
    for number in range(30):
        make_organisation(
            tree["council"], kinds["association"], f"Club {number}", "DE", f"City {number}"
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/en/organisations/")


PAGES = ["/en/", "/en/organisations/", "/az/countries/", "/ru/countries/DE/"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(PAGES),
    params=st.dictionaries(
        st.sampled_from(["country", "kind", "city", "q", "page"]),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
        max_size=4,
    ),
)
def test_malformed_query_strings_never_break_a_page(tree, client, path, params):
    assert client.get(path, params).status_code < 500
