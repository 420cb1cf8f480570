"""The back office's organisation form: built afresh for every request and user."""

from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.directory.models import Organisation
from diaspora.people.tests.factories import UserFactory


def office(kind, organisation):
    user = UserFactory()
    grant_role(user, kind, organisation, by=None)
    client = Client()
    client.force_login(user)
    return client


def test_a_change_page_opened_by_one_user_leaves_the_next_users_add_form_whole(tree, kinds):
    manager = office("manager", tree["house"])
    committee = office("staff", tree["root"])
    change = manager.get(f"/en/admin/directory/organisation/{tree['house'].pk}/change/")
    assert change.status_code == 200
    assert change.context["adminform"].form.fields["parent"].disabled

    add = committee.get("/en/admin/directory/organisation/add/")
    parent = add.context["adminform"].form.fields["parent"]
    assert not parent.disabled and parent.initial is None
    assert tree["paris"] in parent.queryset  # the committee's reach, not the manager's

    response = committee.post(
        "/en/admin/directory/organisation/add/",
        {
            "parent": tree["paris"].pk,
            "kind": kinds["association"].pk,
            "name": "Youth of Vatan, Lyon",
            "names": "{}",
            "focus": "youth",
            "status": "active",
            "country": "FR",
            "description": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Organisation.objects.get(name="Youth of Vatan, Lyon")
    assert Organisation.objects.get_parent(created) == tree["paris"]


def test_the_same_user_opens_a_change_page_then_adds_under_the_chosen_parent(tree, kinds):
    committee = office("staff", tree["root"])
    assert (
        committee.get(f"/en/admin/directory/organisation/{tree['house'].pk}/change/").status_code
        == 200
    )
    response = committee.post(
        "/en/admin/directory/organisation/add/",
        {
            "parent": tree["paris"].pk,
            "kind": kinds["school"].pk,
            "name": "Sunday School, Paris",
            "names": "{}",
            "focus": "education",
            "status": "active",
            "country": "FR",
            "description": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Organisation.objects.get(name="Sunday School, Paris")
    # Not under the council, the parent of the organisation opened before.
    assert Organisation.objects.get_parent(created) == tree["paris"]


def test_deleting_an_organisation_whose_subtree_has_members_is_refused_not_a_server_error(tree):
    from django.test import Client

    from diaspora.people.tests.factories import member_of

    member_of(tree["house"])
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = f"/en/admin/directory/organisation/{tree['council'].pk}/delete/"
    page = client.get(url)
    assert page.status_code == 200 and "Azerbaijan House in Berlin" in page.content.decode()
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the refusal page, listing what protects it
    assert Organisation.objects.filter(pk=tree["council"].pk).exists()
