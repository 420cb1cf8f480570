"""The users pages: listing, inviting, granting, changing and revoking, within reach."""

import re

import pytest
from django.core import mail
from django.test import Client

from diaspora.accounts.models import AuditEntry, Invitation, Role
from diaspora.accounts.services import grant_role
from diaspora.people.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_the_users_link_and_pages_are_for_holders_of_users_manage(
    tree, manager, coordinator, signed_in
):
    client = signed_in(manager)
    assert 'href="/en/accounts/users/"' not in client.get("/en/").content.decode()
    assert client.get("/en/accounts/users/").status_code == 403
    assert client.get("/en/accounts/users/invite/").status_code == 403
    client = signed_in(coordinator)
    assert 'href="/en/accounts/users/"' in client.get("/en/").content.decode()
    assert client.get("/en/accounts/users/").status_code == 200


def test_the_list_shows_users_with_a_role_within_reach_and_searches(tree, coordinator, signed_in):
    teacher = UserFactory(username="hamburg-teacher", first_name="Ülviyyə", email="u@example.org")
    grant_role(teacher, "teacher", tree["school"], by=None)
    paris = UserFactory(username="paris-manager")
    grant_role(paris, "manager", tree["paris"], by=None)
    client = signed_in(coordinator)
    page = client.get("/en/accounts/users/").content.decode()
    assert "hamburg-teacher" in page and "paris-manager" not in page
    assert "hamburg-teacher" in client.get("/en/accounts/users/?q=Ülvi").content.decode()
    assert "hamburg-teacher" not in client.get("/en/accounts/users/?q=zzz").content.decode()
    assert client.get(f"/en/accounts/users/{teacher.pk}/").status_code == 200
    assert client.get(f"/en/accounts/users/{paris.pk}/").status_code == 404


def test_the_list_is_paginated(tree, staff, signed_in):
    for number in range(30):
        grant_role(UserFactory(username=f"t{number:02}"), "teacher", tree["school"], by=None)
    client = signed_in(staff)
    first = client.get("/en/accounts/users/").content.decode()
    assert "page 1 of 2" in first
    assert "t29" in client.get("/en/accounts/users/?page=2").content.decode()
    assert client.get("/en/accounts/users/?page=x").status_code == 200


def test_inviting_in_the_page(tree, coordinator, signed_in):
    client = signed_in(coordinator)
    form = client.get("/en/accounts/users/invite/").content.decode()
    assert 'value="teacher"' in form and 'value="manager"' not in form
    assert "Vatan Society" not in form  # outside the council
    response = client.post(
        "/en/accounts/users/invite/",
        {"email": "new@example.org", "kind": "teacher", "organisation": tree["school"].pk},
    )
    assert response.status_code == 302
    assert Invitation.objects.get().email == "new@example.org"
    assert len(mail.outbox) == 1
    listing = client.get("/en/accounts/users/").content.decode()
    assert "new@example.org" in listing and "is invited" in listing


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address", "kind": "teacher"}, "valid email"),
        ({"email": "a@example.org", "kind": "janitor"}, "valid choice"),
        ({"email": "a@example.org", "kind": "manager"}, "valid choice"),
        ({"email": "a@example.org", "kind": "teacher", "node": "paris"}, "valid choice"),
    ],
)
def test_bad_invitations_are_refused_with_a_message(tree, coordinator, signed_in, data, message):
    data = {"organisation": tree[data.pop("node", "school")].pk, **data}
    response = signed_in(coordinator).post("/en/accounts/users/invite/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_granting_changing_and_revoking_in_the_page(tree, coordinator, signed_in):
    teacher = UserFactory()
    role = grant_role(teacher, "teacher", tree["school"], by=None)
    client = signed_in(coordinator)
    response = client.post(
        f"/en/accounts/users/{teacher.pk}/", {"kind": "teacher", "organisation": tree["house"].pk}
    )
    assert response.status_code == 302
    assert teacher.roles.count() == 2
    response = client.post(
        f"/en/accounts/users/{teacher.pk}/", {"kind": "manager", "organisation": tree["house"].pk}
    )
    assert response.status_code == 400 and teacher.roles.count() == 2
    response = client.post(
        f"/en/accounts/users/roles/{role.pk}/change/",
        {f"role{role.pk}-kind": "coordinator", f"role{role.pk}-organisation": tree["school"].pk},
    )
    assert response.status_code == 302
    assert Role.objects.get(pk=role.pk).kind == "coordinator"
    response = client.post(f"/en/accounts/users/roles/{role.pk}/revoke/")
    assert response.status_code == 302 and not Role.objects.filter(pk=role.pk).exists()
    assert set(AuditEntry.objects.filter(actor=coordinator).values_list("action", flat=True)) == {
        "role.granted",
        "role.changed",
        "role.revoked",
    }


def test_roles_above_the_viewer_cannot_be_touched(tree, coordinator, signed_in):
    manager = UserFactory()
    role = grant_role(manager, "manager", tree["house"], by=None)
    client = signed_in(coordinator)
    page = client.get(f"/en/accounts/users/{manager.pk}/").content.decode()
    assert "Beyond what you may change" in page
    response = client.post(f"/en/accounts/users/roles/{role.pk}/revoke/")
    assert response.status_code == 403
    assert "beyond what you may manage" in response.content.decode()
    response = client.post(
        f"/en/accounts/users/roles/{role.pk}/change/",
        {f"role{role.pk}-kind": "teacher", f"role{role.pk}-organisation": tree["house"].pk},
    )
    assert response.status_code == 403
    assert Role.objects.get(pk=role.pk).kind == "manager"
    paris_role = grant_role(UserFactory(), "teacher", tree["paris"], by=None)
    assert client.post(f"/en/accounts/users/roles/{paris_role.pk}/revoke/").status_code == 404


def test_nobody_changes_their_own_roles_in_the_page(tree, staff, signed_in):
    client = signed_in(staff)
    page = client.get(f"/en/accounts/users/{staff.pk}/").content.decode()
    assert "You cannot change your own roles" in page
    response = client.post(f"/en/accounts/users/roles/{staff.roles.get().pk}/revoke/")
    assert response.status_code == 403 and staff.roles.exists()


def test_resend_and_withdraw_in_the_page(tree, staff, signed_in):
    client = signed_in(staff)
    client.post(
        "/en/accounts/users/invite/",
        {"email": "x@example.org", "kind": "manager", "organisation": tree["house"].pk},
    )
    invitation = Invitation.objects.get()
    first = invitation.digest
    assert client.post(f"/en/accounts/users/invitations/{invitation.pk}/resend/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.digest != first and len(mail.outbox) == 2
    assert client.post(f"/en/accounts/users/invitations/{invitation.pk}/revoke/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert client.post(f"/en/accounts/users/invitations/{invitation.pk}/revoke/").status_code == 404


def test_the_invitation_link_creates_the_account_and_signs_in(tree, staff, client, settings):
    settings.DIASPORA_SITE_URL = "http://testserver"
    client.force_login(staff)
    client.post(
        "/en/accounts/users/invite/",
        {"email": "leyla@example.org", "kind": "manager", "organisation": tree["house"].pk},
    )
    client.logout()
    path = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    page = client.get(path).content.decode()
    assert 'value="leyla"' in page  # the username, from the email
    response = client.post(path, {"username": "leyla", "password": "123", "password_again": "123"})
    assert response.status_code == 400 and "too short" in response.content.decode()
    response = client.post(
        path, {"username": "leyla", "password": "a long pass 42", "password_again": "other"}
    )
    assert response.status_code == 400 and "differ" in response.content.decode()
    response = client.post(
        path,
        {"username": "committee", "password": "a long pass 42", "password_again": "a long pass 42"},
    )
    assert response.status_code == 400 and "taken" in response.content.decode()
    response = client.post(
        path,
        {"username": "leyla", "password": "a long pass 42", "password_again": "a long pass 42"},
    )
    assert response.status_code == 302
    # Signed in as a manager, who enrols a second factor before anything else.
    assert client.get("/en/accounts/users/")["Location"] == "/en/accounts/2fa/"
    assert "Log out" in client.get("/en/accounts/2fa/").content.decode()
    assert Client().get(path).status_code == 410


@pytest.mark.parametrize("token", ["tampered", "x" * 300, "a.b-c"])
def test_a_wrong_link_is_a_404(tree, client, token):
    response = client.get(f"/en/accounts/invitation/{token}/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_an_existing_account_logs_in_then_accepts(tree, staff, client, settings):
    from diaspora.accounts import invitations

    known = UserFactory(email="known@example.org")
    _invitation, token = invitations.invite("known@example.org", "manager", tree["house"], by=staff)
    path = f"/en/accounts/invitation/{token}/"
    response = client.get(path)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(UserFactory(email="someone-else@example.org"))
    assert "log out, then log in" in client.get(path).content.decode()
    assert client.post(path).status_code == 403
    client.force_login(known)
    assert client.post(path).status_code == 302
    assert known.roles.get().kind == "manager"
    # Still signed in, now with an office role: sent to enrol a second factor.
    assert client.get("/en/me/")["Location"] == "/en/accounts/2fa/"
