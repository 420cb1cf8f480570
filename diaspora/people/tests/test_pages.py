import pytest
from django.test import Client

from diaspora.accounts.models import AuditEntry
from diaspora.accounts.services import grant_role
from diaspora.people.models import Membership
from diaspora.people.tests.factories import PersonFactory, UserFactory, member_of


@pytest.fixture
def compatriot(tree):
    user = UserFactory()
    person = member_of(tree["house"], user=user)
    client = Client()
    client.force_login(user)
    return client, person


def test_my_record_asks_for_a_login(db):
    response = Client().get("/en/me/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_compatriot_sees_and_changes_their_own_record(compatriot):
    client, person = compatriot
    page = client.get("/en/me/").content.decode()
    assert person.full_name in page
    response = client.post(
        "/en/me/",
        {
            "full_name": person.full_name,
            "given_name": person.given_name,
            "surname": person.surname,
            "email": "new@example.org",
            "country": "DE",
            "languages": "az, de",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "new@example.org" and person.languages == ["az", "de"]
    entry = AuditEntry.objects.filter(action="update", target_id=str(person.pk)).get()
    assert entry.actor == person.user and "email" in entry.changes


def test_a_bad_phone_is_a_400_that_names_the_value_and_saves_nothing(compatriot):
    client, person = compatriot
    response = client.post(
        "/en/me/",
        {
            "full_name": person.full_name,
            "email": "new@example.org",
            "phone": "12",
            "country": "DE",
        },
    )
    assert response.status_code == 400
    assert "“12”" in response.content.decode()
    person.refresh_from_db()
    assert person.email == ""


@pytest.fixture
def manager_client(tree):
    user = UserFactory()
    grant_role(user, "manager", tree["house"], by=None)
    client = Client()
    client.force_login(user)
    return client


def test_a_manager_lists_only_their_members_in_the_office(tree, manager_client):
    mine = member_of(tree["house"], full_name="Mine Person")
    member_of(tree["paris"], full_name="Their Person")
    PersonFactory(full_name="Loose Person")
    page = manager_client.get("/en/admin/people/person/").content.decode()
    assert mine.full_name in page
    assert "Their Person" not in page and "Loose Person" not in page


def test_a_manager_cannot_open_another_organisations_member(tree, manager_client):
    mine = member_of(tree["house"])
    theirs = member_of(tree["paris"])
    assert manager_client.get(f"/en/admin/people/person/{mine.pk}/change/").status_code == 200
    assert manager_client.get(f"/en/admin/people/person/{theirs.pk}/change/").status_code == 404


def test_a_manager_edits_their_organisation_but_not_another(tree, manager_client):
    assert (
        manager_client.get(
            f"/en/admin/directory/organisation/{tree['house'].pk}/change/"
        ).status_code
        == 200
    )
    assert (
        manager_client.get(
            f"/en/admin/directory/organisation/{tree['paris'].pk}/change/"
        ).status_code
        == 404
    )


def test_an_office_edit_of_a_person_is_audited(tree, manager_client):
    mine = member_of(tree["house"])
    response = manager_client.post(
        f"/en/admin/people/person/{mine.pk}/change/",
        {
            "full_name": mine.full_name,
            "given_name": mine.given_name,
            "surname": mine.surname,
            "email": "office@example.org",
            "country": "DE",
            "languages": "[]",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "consents-TOTAL_FORMS": "0",
            "consents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mine.refresh_from_db()
    assert mine.email == "office@example.org"
    assert AuditEntry.objects.filter(action="update", target_id=str(mine.pk)).exists()


def test_a_nul_byte_in_an_office_search_is_a_400(tree, manager_client):
    response = manager_client.get("/en/admin/people/person/?q=%00")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_manager_neither_sees_nor_removes_a_membership_outside_their_reach(tree, manager_client):
    shared = member_of(tree["house"])
    elsewhere = Membership.objects.create(person=shared, organisation=tree["paris"])
    page = manager_client.get(f"/en/admin/people/person/{shared.pk}/change/")
    assert page.status_code == 200
    assert tree["paris"].name not in page.content.decode()
    manager_client.post(
        f"/en/admin/people/person/{shared.pk}/change/",
        {
            "full_name": shared.full_name,
            "given_name": shared.given_name,
            "surname": shared.surname,
            "country": "DE",
            "languages": "[]",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": str(elsewhere.pk),
            "memberships-0-person": str(shared.pk),
            "memberships-0-organisation": str(tree["paris"].pk),
            "memberships-0-role": "member",
            "memberships-0-DELETE": "on",
            "consents-TOTAL_FORMS": "0",
            "consents-INITIAL_FORMS": "0",
        },
    )
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_a_persons_history_names_no_membership_outside_the_reach(tree, manager_client):
    shared = member_of(tree["house"])
    committee = UserFactory()
    grant_role(committee, "staff", tree["root"], by=None)
    client = Client()
    client.force_login(committee)
    response = client.post(
        f"/en/admin/people/person/{shared.pk}/change/",
        {
            "full_name": shared.full_name,
            "given_name": shared.given_name,
            "surname": shared.surname,
            "country": "DE",
            "languages": "[]",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-person": str(shared.pk),
            "memberships-0-organisation": str(tree["paris"].pk),
            "memberships-0-role": "board",
            "consents-TOTAL_FORMS": "0",
            "consents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    history = f"/en/admin/people/person/{shared.pk}/history/"
    assert "Vatan Society" in client.get(history).content.decode()  # the Committee's reach
    page = manager_client.get(history)
    assert page.status_code == 200
    assert "Vatan Society" not in page.content.decode()


def test_a_persons_city_is_picked_by_search_not_from_every_city_of_the_world(tree, manager_client):
    mine = member_of(tree["house"])
    page = manager_client.get(f"/en/admin/people/person/{mine.pk}/change/").content.decode()
    city = page[page.index('name="city"') - 400 : page.index('name="city"') + 400]
    assert "admin-autocomplete" in city
    found = manager_client.get(
        "/en/admin/autocomplete/",
        {"term": "Ber", "app_label": "people", "model_name": "person", "field_name": "city"},
    )
    assert found.status_code == 200
