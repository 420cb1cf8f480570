"""The permission table's reading: what each kind of role reaches, where."""

import pytest

from diaspora import access
from diaspora.access import Action
from diaspora.accounts.models import Role, User
from diaspora.accounts.services import grant_role, revoke_role


def holder(name: str, kind: str, organisation) -> User:
    user = User.objects.create_user(name, password="x-long-password-1")
    Role.objects.create(user=user, kind=kind, organisation=organisation)
    return user


def test_a_role_below_reaches_its_node_and_what_is_under_it_never_a_sibling_or_parent(tree):
    coordinator = holder("c", "coordinator", tree["council"])
    for name in ("council", "house", "school"):
        assert access.allowed(coordinator, Action.PEOPLE_VIEW, tree[name])
    assert not access.allowed(coordinator, Action.PEOPLE_VIEW, tree["paris"])
    assert not access.allowed(coordinator, Action.PEOPLE_VIEW, tree["root"])


def test_a_teacher_reaches_the_school_alone_and_only_to_read(tree, kinds):
    from diaspora.directory.tests.factories import make_organisation

    class_of_school = make_organisation(tree["school"], kinds["school"], "Class 1", "DE", "Hamburg")
    teacher = holder("t", "teacher", tree["school"])
    assert access.allowed(teacher, Action.PEOPLE_VIEW, tree["school"])
    assert not access.allowed(teacher, Action.PEOPLE_VIEW, class_of_school)
    assert not access.allowed(teacher, Action.PEOPLE_EDIT, tree["school"])
    assert not access.allowed(teacher, Action.EVENTS_ORGANISE, tree["school"])


def test_kinds_differ_at_the_same_node(tree):
    manager = holder("m", "manager", tree["house"])
    coordinator = holder("c", "coordinator", tree["house"])
    assert access.allowed(manager, Action.PEOPLE_IMPORT, tree["house"])
    assert not access.allowed(coordinator, Action.PEOPLE_IMPORT, tree["house"])
    assert access.allowed(coordinator, Action.USERS_MANAGE, tree["house"])
    assert not access.allowed(manager, Action.USERS_MANAGE, tree["house"])


def test_network_wide_actions_need_a_role_reaching_everything(tree):
    at_root = holder("s", "staff", tree["root"])
    at_council = holder("s2", "staff", tree["council"])
    for action in access.NETWORK_WIDE:
        assert access.allowed(at_root, action)
        assert not access.allowed(at_council, action)
        assert not access.allowed(at_council, action, tree["house"])
    assert access.scope(at_root, Action.PEOPLE_VIEW).everywhere
    assert not access.scope(at_council, Action.PEOPLE_VIEW).everywhere


def test_a_compatriot_reaches_their_own_record_and_no_office(tree):
    compatriot = User.objects.create_user("p", password="x-long-password-1")
    viewing = access.scope(compatriot, Action.PEOPLE_VIEW)
    assert viewing.own and not viewing.office
    assert access.scope(compatriot, Action.PEOPLE_IMPORT).nothing
    assert not access.in_office(compatriot)
    assert not access.allowed(compatriot, Action.PEOPLE_VIEW, tree["house"])


def test_the_system_and_a_superuser_reach_everything_and_a_stranger_nothing(tree):
    superuser = User.objects.create_superuser("root", password="x-long-password-1")
    for action in Action:
        assert access.allowed(None, action, tree["house"])
        assert access.allowed(superuser, action, tree["house"])
    stranger = User.objects.create_user("x", password="x-long-password-1", is_active=False)
    Role.objects.create(user=stranger, kind="staff", organisation=tree["root"])
    assert access.scope(stranger, Action.PEOPLE_VIEW).nothing


def test_nested_roles_reduce_to_the_outermost_path(tree):
    user = holder("m", "manager", tree["house"])
    Role.objects.create(user=user, kind="manager", organisation=tree["council"])
    user = User.objects.get(pk=user.pk)
    assert access.scope(user, Action.PEOPLE_VIEW).below == (tree["council"].path,)


@pytest.mark.parametrize("action", list(Action))
def test_every_action_is_described_and_the_table_knows_only_actions(action):
    assert str(access.DESCRIPTIONS[action])
    assert all(isinstance(a, Action) for rights in access.TABLE.values() for a in rights)
    assert set(access.TABLE) == {*Role.Kind.values, access.COMPATRIOT}


def test_a_change_of_role_ends_the_users_sessions(client, tree):
    user = User.objects.create_user("m", password="x-long-password-1")
    client.force_login(user)
    assert client.get("/en/me/").status_code == 200
    role = grant_role(user, "manager", tree["house"], by=None)
    assert client.get("/en/me/").status_code == 302  # sent to log in again
    client.force_login(User.objects.get(pk=user.pk))
    assert client.get("/en/me/").status_code == 200
    revoke_role(role, by=None)
    assert client.get("/en/me/").status_code == 302


# Doing reaches no further than seeing: the doors open a record through its view
# action before they change it, so a table reaching further to change would lie.
SEEN_BY = {
    Action.PEOPLE_EDIT: Action.PEOPLE_VIEW,
    Action.PEOPLE_IMPORT: Action.PEOPLE_VIEW,
    Action.PEOPLE_EXPORT: Action.PEOPLE_VIEW,
    Action.PEOPLE_MERGE: Action.PEOPLE_VIEW,
    Action.PEOPLE_ERASE: Action.PEOPLE_VIEW,
    Action.ORGANISATIONS_EDIT: Action.ORGANISATIONS_VIEW,
    Action.ORGANISATIONS_IMPORT: Action.ORGANISATIONS_VIEW,
    Action.EVENTS_ORGANISE: Action.EVENTS_VIEW,
    Action.EVENTS_REPORT: Action.EVENTS_VIEW,
}
ORDER = {None: 0, access.Reach.OWN: 1, access.Reach.NODE: 2, access.Reach.BELOW: 3}


@pytest.mark.parametrize("kind", list(access.TABLE))
def test_no_kind_does_more_than_it_sees(kind):
    rights = access.TABLE[kind]
    for action, seen in SEEN_BY.items():
        reach, sight = rights.get(action), rights.get(seen)
        assert ORDER[reach] <= ORDER[sight], f"{kind}: {action} reaches past {seen}"
        if reach is access.Reach.OWN:
            assert sight is access.Reach.OWN


def test_the_readmes_table_of_rights_is_the_permission_table():
    from pathlib import Path

    from django.conf import settings

    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    start = readme.index("-->\n", readme.index("<!-- rights table")) + len("-->\n")
    shown = readme[start : readme.index("<!-- end of rights table -->")]
    assert shown == access.markdown_table(), "run `manage.py rights_table` into the README"


def test_the_table_says_whole_network_node_only_and_own_record():
    table = access.markdown_table()
    staff_column = 1
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        action = Action(cells[0].split("`")[1])
        if action in access.NETWORK_WIDE:
            assert cells[staff_column] == "whole network"
    assert "| node only |" in table and "own record" in table


def test_a_role_is_granted_within_the_granters_reach_and_never_above_their_rights(tree):
    from diaspora.accounts.services import AccountsError

    coordinator = holder("c", "coordinator", tree["council"])
    newcomer = User.objects.create_user("n", password="x-long-password-1")
    assert access.may_grant(coordinator, "teacher", tree["school"])
    assert access.may_grant(coordinator, "coordinator", tree["house"])
    assert not access.may_grant(coordinator, "teacher", tree["paris"])  # beside
    assert not access.may_grant(coordinator, "coordinator", tree["root"])  # above
    assert not access.may_grant(coordinator, "manager", tree["house"])  # edits people
    assert not access.may_grant(coordinator, "staff", tree["house"])
    with pytest.raises(AccountsError):
        grant_role(newcomer, "manager", tree["house"], by=coordinator)
    role = grant_role(newcomer, "teacher", tree["school"], by=coordinator)
    manager = holder("m", "manager", tree["house"])  # manages no users
    with pytest.raises(AccountsError):
        revoke_role(role, by=manager)
    revoke_role(role, by=coordinator)
    staff = holder("s", "staff", tree["root"])
    assert access.may_grant(staff, "staff", tree["root"])
    assert access.may_grant(None, "staff", tree["root"])  # the system


def test_the_menu_offers_the_doors_the_table_opens(client, tree):
    from diaspora.conftest import sign_in

    for kind, shown, hidden in (
        ("manager", ["/imports/", "/duplicates/", "/admin/"], []),
        ("coordinator", ["/admin/"], ["/imports/", "/duplicates/"]),
        ("teacher", ["/admin/"], ["/imports/", "/duplicates/"]),
    ):
        user = holder(f"menu-{kind}", kind, tree["house"])
        sign_in(client, user)
        page = client.get("/en/events/").content.decode()
        nav = page[page.index("<nav") : page.index("</nav>")]
        assert all(f'/en{link}"' in nav for link in shown), kind
        assert not any(f'/en{link}"' in nav for link in hidden), kind
