import pytest
from django.core.management import call_command
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.accounts.tokens import issue_token
from diaspora.people.models import Membership
from diaspora.people.tests.factories import UserFactory, member_of


@pytest.fixture
def manager(tree):
    user = UserFactory(username="house-manager")
    grant_role(user, "manager", tree["house"], by=None)
    return user


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}


def test_people_need_credentials(tree):
    response = Client().get("/api/people")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert Client().get("/api/people", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_a_manager_lists_their_members_only(tree, manager):
    mine = member_of(tree["house"])
    member_of(tree["paris"], country_id="FR")
    body = Client().get("/api/people", **bearer(manager)).json()
    assert [item["id"] for item in body["items"]] == [mine.pk]
    assert body["items"][0]["memberships"][0]["organisation_id"] == tree["house"].pk


def test_another_organisations_member_is_not_found(tree, manager):
    theirs = member_of(tree["paris"], country_id="FR")
    assert Client().get(f"/api/people/{theirs.pk}", **bearer(manager)).status_code == 404


def test_a_manager_opens_their_member(tree, manager):
    mine = member_of(tree["house"], email="ali@example.org")
    body = Client().get(f"/api/people/{mine.pk}", **bearer(manager)).json()
    assert body["email"] == "ali@example.org"


def test_people_filter_by_text_and_country(tree, manager):
    ali = member_of(tree["house"], given_name="Əli", surname="Quliyev", full_name="Əli Quliyev")
    member_of(tree["house"], given_name="Vüqar", surname="Həsənov", full_name="Vüqar Həsənov")
    client = Client()
    headers = bearer(manager)
    assert [p["id"] for p in client.get("/api/people?q=quliyev", **headers).json()["items"]] == [
        ali.pk
    ]
    assert client.get("/api/people?country=QQ", **headers).status_code == 400


def test_the_people_list_costs_the_same_queries_for_more_rows(
    tree, manager, django_assert_max_num_queries
):
    client, headers = Client(), bearer(manager)
    member_of(tree["house"])
    with django_assert_max_num_queries(12) as small:
        client.get("/api/people", **headers)
    for _ in range(25):
        member_of(tree["house"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/api/people", **headers).json()["count"] == 26


def test_api_token_command_prints_a_working_token(tree, manager, capsys):
    call_command("api_token", "house-manager")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert Client().get("/api/people", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_api_token_command_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("api_token", "nobody")


def test_a_member_seen_by_the_house_shows_only_the_memberships_in_its_reach(tree, manager):
    shared = member_of(
        tree["house"], given_name="Nigar", surname="Cavadova", full_name="Nigar Cavadova"
    )
    Membership.objects.create(person=shared, organisation=tree["paris"])
    client = Client()
    one = client.get(f"/api/people/{shared.pk}", **bearer(manager)).json()
    listed = client.get("/api/people", **bearer(manager)).json()["items"][0]
    found = client.get("/api/people?q=Cavadova", **bearer(manager)).json()["items"][0]
    for body in (one, listed, found):
        assert [m["organisation_id"] for m in body["memberships"]] == [tree["house"].pk]
        assert "Vatan" not in str(body)


def test_the_committee_and_the_person_themself_see_every_membership(tree):
    person_user = UserFactory()
    shared = member_of(tree["house"], user=person_user)
    Membership.objects.create(person=shared, organisation=tree["paris"])
    committee = UserFactory()
    grant_role(committee, "staff", tree["root"], by=None)
    for user in (committee, person_user):
        body = Client().get(f"/api/people/{shared.pk}", **bearer(user)).json()
        assert {m["organisation_id"] for m in body["memberships"]} == {
            tree["house"].pk,
            tree["paris"].pk,
        }
