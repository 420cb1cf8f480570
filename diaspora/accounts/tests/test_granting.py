"""Roles are granted, changed and revoked within the granter's reach, never above it."""

import pytest

from diaspora.accounts import granting
from diaspora.accounts.models import AuditEntry, Role
from diaspora.accounts.services import AccountsError, change_role, grant_role, revoke_role
from diaspora.people.tests.factories import UserFactory


def test_staff_at_the_root_may_grant_every_kind_everywhere(tree, staff):
    for node in tree.values():
        assert granting.grantable_kinds(staff, node) == list(Role.Kind.values)


def test_a_coordinator_grants_coordinators_and_teachers_below_their_council_only(tree, coordinator):
    for key in ("council", "house", "school"):
        assert granting.grantable_kinds(coordinator, tree[key]) == ["coordinator", "teacher"]
    # Managers edit people, which coordinators do not; staff hold everything.
    assert not granting.may_grant(coordinator, "manager", tree["house"])
    assert not granting.may_grant(coordinator, "staff", tree["council"])
    assert granting.grantable_kinds(coordinator, tree["paris"]) == []
    assert granting.grantable_kinds(coordinator, tree["root"]) == []


def test_managers_and_teachers_grant_nothing(tree, manager):
    teacher = UserFactory()
    grant_role(teacher, "teacher", tree["school"], by=None)
    assert granting.grantable_kinds(manager, tree["house"]) == []
    assert granting.grantable_kinds(teacher, tree["school"]) == []


def test_the_rule_is_read_from_the_table(tree, coordinator, monkeypatch):
    from diaspora.access import TABLE, Action, Reach

    # Were coordinators to edit people below their council, they could make managers.
    assert not granting.may_grant(coordinator, "manager", tree["house"])
    more = {Action.PEOPLE_EDIT: Reach.BELOW, Action.PEOPLE_IMPORT: Reach.BELOW}
    monkeypatch.setitem(TABLE, "coordinator", {**TABLE["coordinator"], **more})
    assert not granting.may_grant(coordinator, "manager", tree["house"])  # merge still lacks
    monkeypatch.setitem(
        TABLE, "coordinator", {**TABLE["coordinator"], Action.PEOPLE_MERGE: Reach.BELOW}
    )
    assert granting.may_grant(coordinator, "manager", tree["house"])


def test_granting_is_audited_and_checked(tree, coordinator):
    teacher = UserFactory()
    grant_role(teacher, "teacher", tree["school"], by=coordinator)
    entry = AuditEntry.objects.get(action="role.granted", target_id=str(teacher.pk))
    assert entry.actor == coordinator
    assert entry.changes == {"role": [None, "teacher"], "organisation": [None, tree["school"].pk]}
    with pytest.raises(AccountsError):
        grant_role(teacher, "manager", tree["house"], by=coordinator)
    with pytest.raises(AccountsError):
        grant_role(teacher, "teacher", tree["paris"], by=coordinator)
    with pytest.raises(AccountsError) as refused:
        grant_role(teacher, "janitor", tree["school"], by=coordinator)
    assert refused.value.status == 400
    assert list(teacher.roles.values_list("kind", flat=True)) == ["teacher"]


def test_nobody_changes_their_own_roles(tree, staff, coordinator):
    with pytest.raises(AccountsError, match="your own roles"):
        grant_role(coordinator, "teacher", tree["school"], by=coordinator)
    with pytest.raises(AccountsError, match="your own roles"):
        revoke_role(staff.roles.get(), by=staff)


def test_changing_a_role_needs_the_old_and_the_new_within_reach(tree, staff, coordinator):
    teacher = UserFactory()
    role = grant_role(teacher, "teacher", tree["school"], by=None)
    change_role(role, kind="coordinator", organisation=tree["house"], by=coordinator)
    role.refresh_from_db()
    assert (role.kind, role.organisation) == ("coordinator", tree["house"])
    entry = AuditEntry.objects.get(action="role.changed")
    assert entry.changes["role"] == ["teacher", "coordinator"]
    with pytest.raises(AccountsError):
        change_role(role, kind="manager", organisation=tree["house"], by=coordinator)
    manager_role = grant_role(UserFactory(), "manager", tree["house"], by=None)
    with pytest.raises(AccountsError, match="beyond"):  # above the coordinator
        change_role(manager_role, kind="teacher", organisation=tree["house"], by=coordinator)
    with pytest.raises(AccountsError, match="beyond"):
        revoke_role(manager_role, by=coordinator)
    revoke_role(manager_role, by=staff)
    assert AuditEntry.objects.filter(action="role.revoked", actor=staff).count() == 1


def test_the_committee_keeps_its_last_staff_role(tree, staff):
    other = UserFactory(is_superuser=True)
    with pytest.raises(AccountsError, match="last Committee"):
        revoke_role(staff.roles.get(), by=other)
    second = UserFactory()
    grant_role(second, "staff", tree["root"], by=staff)
    revoke_role(second.roles.get(), by=staff)
    assert not second.roles.exists()


def test_a_change_of_role_ends_the_users_sessions(tree, staff, client):
    teacher = UserFactory()
    role = grant_role(teacher, "teacher", tree["school"], by=None)
    client.force_login(teacher)
    assert client.get("/en/me/").status_code == 200
    change_role(role, kind="coordinator", organisation=tree["school"], by=staff)
    response = client.get("/en/me/")
    assert response.status_code == 302 and "login" in response["Location"]
