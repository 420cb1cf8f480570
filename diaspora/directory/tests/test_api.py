import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diaspora.directory.tests.factories import make_organisation


@pytest.fixture
def client():
    return Client()


def test_organisations_are_listed_with_their_kind_and_country(tree, client):
    response = client.get("/api/organisations")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4  # the root coordinates; it is not one of the organisations
    house = next(item for item in body["items"] if item["slug"] == tree["house"].slug)
    assert house["kind"] == "house" and house["country"] == "DE" and house["city"] == "Berlin"


def test_organisations_filter_by_country_kind_and_text(tree, client):
    assert {o["slug"] for o in client.get("/api/organisations?country=fr").json()["items"]} == {
        tree["paris"].slug
    }
    assert [o["slug"] for o in client.get("/api/organisations?kind=school").json()["items"]] == [
        tree["school"].slug
    ]
    assert [o["slug"] for o in client.get("/api/organisations?q=hamburg").json()["items"]] == [
        tree["school"].slug
    ]


def test_an_unknown_country_code_is_a_400_that_says_why(tree, client):
    response = client.get("/api/organisations?country=ZZ", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "ZZ" in response.json()["detail"] and "ISO 3166" in response.json()["detail"]


def test_the_400_speaks_the_callers_language(tree, client):
    response = client.get("/api/organisations?country=ZZ", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert "Неизвестный код страны" in response.json()["detail"]


def test_an_unknown_kind_is_a_400_listing_the_known_kinds(tree, client):
    response = client.get("/api/organisations?kind=castle")
    assert response.status_code == 400
    assert "house" in response.json()["detail"]


def test_one_organisation_shows_its_parent_and_children(tree, client):
    body = client.get(f"/api/organisations/{tree['council'].pk}").json()
    assert body["parent"] is None or body["parent"] == tree["root"].slug
    assert set(body["children"]) == {tree["house"].slug, tree["school"].slug}
    assert client.get(f"/api/organisations/{tree['root'].pk}").status_code == 404
    assert client.get("/api/organisations/999999").status_code == 404


def test_countries_list_those_with_organisations(tree, client):
    body = client.get("/api/countries", HTTP_ACCEPT_LANGUAGE="az").json()
    assert {c["code"]: c["organisations"] for c in body} == {"DE": 3, "FR": 1}
    assert next(c["name"] for c in body if c["code"] == "DE") == "Almaniya"


def test_stats_count_organisations_by_kind_and_their_countries(tree, client):
    body = client.get("/api/stats").json()
    assert body["organisations"]["total"] == 4
    assert body["organisations"]["countries"] == 2
    assert body["organisations"]["by_kind"]["house"] == {"count": 1, "countries": 1}
    assert body["organisations"]["by_kind"]["association"] == {"count": 1, "countries": 1}
    assert body["people"] == 0


def test_the_openapi_schema_and_docs_are_served(client, db):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/organisations" in schema["paths"] and "/api/people" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_the_organisation_list_costs_the_same_queries_for_more_rows(
    tree, kinds, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4) as small:
        client.get("/api/organisations")
    for number in range(30):
        make_organisation(
            tree["council"], kinds["association"], f"Club {number}", "DE", f"City {number}"
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/api/organisations")


PUBLIC_ENDPOINTS = ["/api/organisations", "/api/countries", "/api/stats", "/api/organisations/1"]
query_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
# Integers around the 64-bit limit the databases store, and far beyond it.
huge_numbers = st.sampled_from(["9223372036854775807", "9223372036854775808", "-1", "9" * 40])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(PUBLIC_ENDPOINTS),
    params=st.dictionaries(
        st.sampled_from(["country", "kind", "city", "q", "limit", "offset", "x"]),
        query_text | huge_numbers,
        max_size=4,
    ),
)
def test_malformed_query_strings_never_cause_a_server_error(tree, client, path, params):
    response = client.get(path, params)
    assert response.status_code < 500, (path, params, response.content[:300])


@pytest.mark.parametrize(
    "path",
    [
        "/api/organisations?offset=99999999999999999999",
        "/api/organisations?city=9223372036854775808",
        "/en/organisations/?city=99999999999999999999",
        "/en/admin/directory/organisation/?city=99999999999999999999",
    ],
)
def test_a_number_too_large_to_store_is_a_400_naming_the_field(tree, client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "is too large a number" in response.content.decode()
