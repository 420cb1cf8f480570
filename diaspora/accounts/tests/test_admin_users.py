"""The back office's user pages follow the users pages' rules."""

import pytest

from diaspora.accounts.models import ApiToken, AuditEntry, Role, User
from diaspora.accounts.services import grant_role
from diaspora.accounts.tokens import issue_token
from diaspora.people.tests.factories import UserFactory


def inline(roles, *new, total=None):
    """The role inline's POST data: the user's existing roles as they are, and new ones."""
    data = {
        "roles-TOTAL_FORMS": str(len(roles) + len(new)),
        "roles-INITIAL_FORMS": str(len(roles)),
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for index, role in enumerate(roles):
        data |= {
            f"roles-{index}-id": str(role.pk),
            f"roles-{index}-user": str(role.user_id),
            f"roles-{index}-kind": role.kind,
            f"roles-{index}-organisation": str(role.organisation_id),
        }
    for index, (kind, organisation) in enumerate(new, start=len(roles)):
        data |= {f"roles-{index}-kind": kind, f"roles-{index}-organisation": str(organisation.pk)}
    return data


def user_form(user, **changes):
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        **changes,
    }


@pytest.fixture
def teacher(tree):
    user = UserFactory(username="teacher", email="t@example.org")
    grant_role(user, "teacher", tree["school"], by=None)
    return user


def test_a_coordinator_sees_users_in_reach_only(tree, coordinator, teacher, signed_in):
    paris = UserFactory(username="paris-manager")
    grant_role(paris, "manager", tree["paris"], by=None)
    client = signed_in(coordinator)
    listing = client.get("/en/admin/accounts/user/").content.decode()
    assert "teacher" in listing and "paris-manager" not in listing
    assert client.get(f"/en/admin/accounts/user/{paris.pk}/change/").status_code == 302
    page = client.get(f"/en/admin/accounts/user/{teacher.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="groups"' not in page
    assert 'name="is_staff"' not in page and "/password/" not in page
    assert client.get("/en/admin/accounts/user/add/").status_code == 403


def test_a_coordinator_cannot_grant_outside_their_council_or_a_staff_role(
    tree, coordinator, teacher, signed_in
):
    client = signed_in(coordinator)
    url = f"/en/admin/accounts/user/{teacher.pk}/change/"
    roles = list(teacher.roles.all())
    for kind, node in (("teacher", "paris"), ("staff", "council"), ("manager", "house")):
        response = client.post(url, user_form(teacher) | inline(roles, (kind, tree[node])))
        assert response.status_code == 200  # the form again, with its error
        assert "Select a valid choice" in response.content.decode()
        assert list(teacher.roles.values_list("kind", flat=True)) == ["teacher"]
    assert not AuditEntry.objects.filter(action="role.granted", actor=coordinator).exists()
    response = client.post(url, user_form(teacher) | inline(roles, ("coordinator", tree["house"])))
    assert response.status_code == 302
    assert set(teacher.roles.values_list("kind", flat=True)) == {"teacher", "coordinator"}
    assert AuditEntry.objects.filter(action="role.granted", actor=coordinator).count() == 1


def test_role_changes_and_deletions_go_through_the_services(tree, staff, teacher, signed_in):
    client = signed_in(staff)
    url = f"/en/admin/accounts/user/{teacher.pk}/change/"
    (role,) = teacher.roles.all()
    data = user_form(teacher) | inline([role])
    data["roles-0-kind"] = "manager"
    assert client.post(url, data).status_code == 302
    assert Role.objects.get(pk=role.pk).kind == "manager"
    data = user_form(teacher) | inline([Role.objects.get(pk=role.pk)]) | {"roles-0-DELETE": "on"}
    assert client.post(url, data).status_code == 302
    assert not teacher.roles.exists()
    assert list(
        AuditEntry.objects.filter(actor=staff, target_id=str(teacher.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["role.changed", "role.revoked"]


def test_roles_above_the_coordinator_are_not_offered_nor_touched(tree, coordinator, signed_in):
    manager = UserFactory()
    grant_role(manager, "manager", tree["house"], by=None)
    client = signed_in(coordinator)
    url = f"/en/admin/accounts/user/{manager.pk}/change/"
    page = client.get(url).content.decode()
    assert "organisation manager · Azerbaijan House" in page  # listed, read-only
    assert 'name="first_name"' not in page  # the account is above the coordinator
    role = manager.roles.get()
    forged = {"roles-0-id": str(role.pk), "roles-0-kind": "teacher", "roles-0-DELETE": "on"}
    client.post(url, user_form(manager) | inline([]) | forged)
    assert Role.objects.get(pk=role.pk).kind == "manager"


def test_only_a_superuser_sets_the_flags_and_nobody_sets_anothers_password(
    tree, staff, teacher, signed_in
):
    client = signed_in(staff)
    url = f"/en/admin/accounts/user/{teacher.pk}/change/"
    response = client.post(
        url,
        user_form(teacher, first_name="Leyla", is_superuser="on", is_staff="")
        | inline(list(teacher.roles.all())),
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.first_name == "Leyla" and not teacher.is_superuser and teacher.is_staff
    entry = AuditEntry.objects.get(action="user.changed")
    assert entry.changes == {"first_name": ["", "Leyla"]}
    password_url = f"/en/admin/accounts/user/{teacher.pk}/password/"
    assert client.get(password_url).status_code == 403
    root = UserFactory(is_superuser=True, is_staff=True)
    assert signed_in(root).get(password_url).status_code == 403
    assert signed_in(root).get(f"/en/admin/accounts/user/{root.pk}/password/").status_code == 200


def test_managers_do_not_see_the_users_admin(tree, manager, signed_in):
    client = signed_in(manager)
    assert client.get("/en/admin/accounts/user/").status_code == 403
    assert "/admin/accounts/user/" not in client.get("/en/admin/").content.decode()


def test_tokens_in_the_admin_are_seen_and_revoked_within_reach(
    tree, coordinator, teacher, signed_in
):
    issue_token(teacher, label="school script")
    paris = UserFactory()
    grant_role(paris, "manager", tree["paris"], by=None)
    issue_token(paris, label="paris script")
    client = signed_in(coordinator)
    listing = client.get("/en/admin/accounts/apitoken/").content.decode()
    assert "school script" in listing and "paris script" not in listing
    row = ApiToken.objects.get(label="school script")
    response = client.post(f"/en/admin/accounts/apitoken/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=row.pk).exists()
    assert AuditEntry.objects.filter(action="token.revoked", actor=coordinator).count() == 1
    assert User.objects.filter(pk=teacher.pk).exists()


def test_the_admin_refuses_what_the_services_refuse(tree, staff, signed_in):
    root = UserFactory(is_superuser=True, is_staff=True)
    client = signed_in(root)
    url = f"/en/admin/accounts/user/{staff.pk}/change/"
    data = user_form(staff) | inline(list(staff.roles.all())) | {"roles-0-DELETE": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "the network would have no Committee" in response.content.decode()
    assert staff.roles.exists()
