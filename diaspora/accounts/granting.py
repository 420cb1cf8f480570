"""Who may grant which role where: "within reach, never above it", read from the
permission table (diaspora/access.py) and nothing else.

A granter may grant a kind of role at a node when

1. they may manage users there (`Action.USERS_MANAGE` reaches the node), and
2. every right the kind would have there is one the granter has there too, as far:
   a right the kind holds over the node and everything below it needs the granter
   to hold it over the node and everything below it; a right over the node alone,
   over the node at least. Network-wide rights (erasure, configuration, the audit
   log) count only for a role at the root, which is the only place they take effect.

So nobody hands out more than they hold. With today's table: Committee staff at the
root grant any kind anywhere; coordinators grant coordinator and teacher roles at
their council and below it, but not manager (managers edit people, which coordinators
do not) nor staff; managers and teachers grant nothing (they do not manage users).

The same rule decides which roles a granter may change or revoke: a role they could
not grant is above them, and they leave it alone. Nobody changes their own roles,
and the Committee never loses its last staff role at the root. The system (None:
commands, migrations, the first Committee invitation) may do everything.
"""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from diaspora import access
from diaspora.access import Action, may_grant

from .models import Role, User

if TYPE_CHECKING:
    from diaspora.directory.models import Organisation


def grantable_kinds(user: User | AnonymousUser | None, organisation=None) -> list[str]:
    """The kinds the user may grant at the node, or, without one, at some node they
    reach (for a form's choices, before a node is chosen)."""
    if organisation is not None:
        return [kind for kind in Role.Kind.values if may_grant(user, kind, organisation)]
    nodes = outermost_nodes(user)
    return [kind for kind in Role.Kind.values if any(may_grant(user, kind, n) for n in nodes)]


def outermost_nodes(user: User | AnonymousUser | None) -> list["Organisation"]:
    """The highest nodes where the user manages users: what they may grant anywhere
    they may grant it at one of these (rights reach down the tree, never up)."""
    from diaspora.directory.models import Organisation

    scope = access.scope(user, Action.USERS_MANAGE)
    if scope.everywhere:
        return list(Organisation.objects.get_root_nodes())
    paths = set(scope.below) | set(scope.nodes)
    return list(Organisation.objects.filter(path__in=paths).order_by("path"))


def organisations_in_reach(user: User | AnonymousUser | None) -> QuerySet:
    """The nodes where the user manages users."""
    return access.organisations(user, Action.USERS_MANAGE).order_by("path")


def roles_in_reach(user: User | AnonymousUser | None) -> QuerySet:
    """The roles held at nodes where the user manages users."""
    return Role.objects.filter(
        access.scope(user, Action.USERS_MANAGE).organisations("organisation__")
    )


def users_in_reach(user: User | AnonymousUser | None) -> QuerySet:
    """The users holding a role where the user manages users (a superuser: everyone)."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return User.objects.all()
    return User.objects.filter(pk__in=roles_in_reach(user).values("user_id"))


def may_manage_user(by: User | AnonymousUser | None, target: User) -> bool:
    """Whether `by` may change the account itself (name, email, active): only when
    every role it holds is one `by` could grant, and it is not a superuser nor `by`."""
    if by is None:
        return True
    if not by.is_authenticated or by.pk == target.pk:
        return False
    if by.is_superuser:
        return True
    if target.is_superuser:
        return False
    roles = list(target.roles.select_related("organisation"))
    return bool(roles) and all(may_grant(by, role.kind, role.organisation) for role in roles)
