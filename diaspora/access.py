"""Who may do what, and where: the one place that decides rights.

A role is held at one node of the network: the Committee at the root, a coordination
council, an organisation, a school. `TABLE` declares, for each kind of role, the
actions it allows and how far each reaches: the node alone (`NODE`) or the node and
everything below it (`BELOW`). Every signed-in person is also a compatriot, who
reaches their own record (`OWN`) and nothing else. A role at the root that reaches
below it reaches the whole network, people in no organisation included.

Views, API handlers, the admin, exports and tasks ask `scope`, `allowed` or
`require`; nothing else reads `Role.kind`. A background task acting for no one
(user None) is the system and may do everything; one acting for a user asks as them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diaspora.accounts.models import User
    from diaspora.directory.models import Organisation


class Action(StrEnum):
    """Everything the platform lets an office or a compatriot do to its data."""

    PEOPLE_VIEW = "people.view"
    PEOPLE_EDIT = "people.edit"
    PEOPLE_IMPORT = "people.import"
    PEOPLE_EXPORT = "people.export"
    PEOPLE_MERGE = "people.merge"
    PEOPLE_ERASE = "people.erase"
    ORGANISATIONS_VIEW = "organisations.view"
    ORGANISATIONS_EDIT = "organisations.edit"
    ORGANISATIONS_IMPORT = "organisations.import"
    EVENTS_VIEW = "events.view"
    EVENTS_ORGANISE = "events.organise"
    EVENTS_REPORT = "events.report"
    USERS_MANAGE = "users.manage"
    NETWORK_CONFIGURE = "network.configure"
    AUDIT_VIEW = "audit.view"
    HONOURS_NOMINATE = "honours.nominate"
    HONOURS_DECIDE = "honours.decide"


DESCRIPTIONS = {
    Action.PEOPLE_VIEW: _("see compatriots' records: search, open, list members"),
    Action.PEOPLE_EDIT: _("change records, memberships and consents"),
    Action.PEOPLE_IMPORT: _("upload and commit member lists"),
    Action.PEOPLE_EXPORT: _("download records as a file or read them through the API"),
    Action.PEOPLE_MERGE: _("review likely duplicates, merge and undo merges"),
    Action.PEOPLE_ERASE: _("decide erasure requests, erase and anonymise records"),
    Action.ORGANISATIONS_VIEW: _("see organisations' records in the office"),
    Action.ORGANISATIONS_EDIT: _("add and change organisations"),
    Action.ORGANISATIONS_IMPORT: _("upload lists of organisations"),
    Action.EVENTS_VIEW: _("see events, members-only ones included, and the world day"),
    Action.EVENTS_ORGANISE: _("create and change events, registrations and check-in"),
    Action.EVENTS_REPORT: _("report on events held"),
    Action.USERS_MANAGE: _("invite users, grant, change and revoke their roles"),
    Action.NETWORK_CONFIGURE: _("countries, cities, kinds of organisations and events"),
    Action.AUDIT_VIEW: _("read the audit log"),
    Action.HONOURS_NOMINATE: _("nominate people for honours, ask for and give endorsements"),
    Action.HONOURS_DECIDE: _("open honours rounds, name review panels, decide nominations"),
}

# Actions about the network as a whole: allowed only to a role reaching everything.
NETWORK_WIDE = frozenset(
    {Action.PEOPLE_ERASE, Action.NETWORK_CONFIGURE, Action.AUDIT_VIEW, Action.HONOURS_DECIDE}
)


class Reach(StrEnum):
    OWN = "own"  # the person's own record
    NODE = "node"  # the role's node alone
    BELOW = "below"  # the role's node and everything below it


COMPATRIOT = "compatriot"  # not a role anyone is granted: every signed-in person

# Kinds of role, as in accounts.Role.Kind, plus the compatriot every user is.
TABLE: dict[str, dict[Action, Reach]] = {
    "staff": {action: Reach.BELOW for action in Action},
    "coordinator": {
        Action.PEOPLE_VIEW: Reach.BELOW,
        Action.PEOPLE_EXPORT: Reach.BELOW,
        Action.ORGANISATIONS_VIEW: Reach.BELOW,
        Action.ORGANISATIONS_EDIT: Reach.BELOW,
        Action.ORGANISATIONS_IMPORT: Reach.BELOW,
        Action.EVENTS_VIEW: Reach.BELOW,
        Action.EVENTS_ORGANISE: Reach.BELOW,
        Action.EVENTS_REPORT: Reach.BELOW,
        Action.USERS_MANAGE: Reach.BELOW,
        Action.HONOURS_NOMINATE: Reach.BELOW,
    },
    "manager": {
        Action.PEOPLE_VIEW: Reach.BELOW,
        Action.PEOPLE_EDIT: Reach.BELOW,
        Action.PEOPLE_IMPORT: Reach.BELOW,
        Action.PEOPLE_EXPORT: Reach.BELOW,
        Action.PEOPLE_MERGE: Reach.BELOW,
        Action.ORGANISATIONS_VIEW: Reach.BELOW,
        Action.ORGANISATIONS_EDIT: Reach.BELOW,
        Action.EVENTS_VIEW: Reach.BELOW,
        Action.EVENTS_ORGANISE: Reach.BELOW,
        Action.EVENTS_REPORT: Reach.BELOW,
        Action.HONOURS_NOMINATE: Reach.BELOW,
    },
    "teacher": {
        Action.PEOPLE_VIEW: Reach.NODE,
        Action.ORGANISATIONS_VIEW: Reach.NODE,
        Action.EVENTS_VIEW: Reach.NODE,
    },
    COMPATRIOT: {
        Action.PEOPLE_VIEW: Reach.OWN,
        Action.PEOPLE_EDIT: Reach.OWN,
        Action.PEOPLE_EXPORT: Reach.OWN,
    },
}


@dataclass(frozen=True)
class Scope:
    """How far one user reaches for one action."""

    everywhere: bool = False
    below: tuple[str, ...] = ()  # tree paths reached with everything under them
    nodes: tuple[str, ...] = ()  # tree paths reached alone
    own: bool = False  # the user's own record

    @property
    def office(self) -> bool:
        """Whether it reaches any organisation (one's own record is not an office)."""
        return self.everywhere or bool(self.below or self.nodes)

    @property
    def nothing(self) -> bool:
        return not (self.office or self.own)

    def organisations(self, prefix: str = "") -> Q:
        """A filter for the organisations reached (`prefix` names the relation, as
        "organisation__"); matches everything when the scope does."""
        if self.everywhere:
            return Q()
        parts = [Q(**{f"{prefix}path__startswith": path}) for path in self.below]
        parts += [Q(**{f"{prefix}path": path}) for path in self.nodes]
        return reduce(or_, parts) if parts else Q(pk__in=[])

    def covers(self, organisation: "Organisation") -> bool:
        return (
            self.everywhere
            or any(organisation.path.startswith(path) for path in self.below)
            or organisation.path in self.nodes
        )


EVERYWHERE = Scope(everywhere=True)
NOTHING = Scope()


def grants(user: "User") -> list[tuple[str, str]]:
    """The user's roles as (kind, tree path), read once per request object."""
    cached = getattr(user, "_role_grants", None)
    if cached is None:
        cached = [
            (kind, path)
            for kind, path in user.roles.values_list("kind", "organisation__path").order_by(
                "organisation__path", "kind"
            )
        ]
        user._role_grants = cached  # type: ignore[attr-defined]
    return cached


def forget_grants(user: "User") -> None:
    """Drop the roles `grants` read earlier for this user object (after a change)."""
    user = getattr(user, "_wrapped", user)  # request.user is a lazy object
    user.__dict__.pop("_role_grants", None)


def scope(user: "User | AnonymousUser | None", action: Action | str) -> Scope:
    """How far the user reaches for the action. None is the system: everywhere."""
    if user is None:
        return EVERYWHERE
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return EVERYWHERE
    action = Action(action)
    below: list[str] = []
    nodes: list[str] = []
    for kind, path in grants(user):  # type: ignore[arg-type]
        reach = TABLE.get(kind, {}).get(action)
        if reach is Reach.BELOW:
            if is_root(path):
                return EVERYWHERE
            below.append(path)
        elif reach is Reach.NODE:
            nodes.append(path)
    if action in NETWORK_WIDE:
        return NOTHING
    own = TABLE[COMPATRIOT].get(action) is Reach.OWN
    return Scope(below=_outermost(below), nodes=tuple(sorted(set(nodes))), own=own)


def allowed(
    user: "User | AnonymousUser | None",
    action: Action | str,
    organisation: "Organisation | None" = None,
) -> bool:
    """Whether the user may do the action at the organisation, or, without one,
    anywhere in an office (a network-wide action: over the whole network)."""
    reached = scope(user, action)
    if Action(action) in NETWORK_WIDE:
        return reached.everywhere
    if organisation is None:
        return reached.office
    return reached.covers(organisation)


def require(
    user: "User | AnonymousUser | None",
    action: Action | str,
    organisation: "Organisation | None" = None,
) -> None:
    """`allowed`, or PermissionDenied (a 403 in views)."""
    if not allowed(user, action, organisation):
        raise PermissionDenied


def in_office(user: "User | AnonymousUser | None") -> bool:
    """Whether the user holds any role that reaches an organisation."""
    if user is None:
        return True
    return any(scope(user, action).office for action in Action)


def kinds_allowing(action: Action | str) -> list[str]:
    """Role kinds (compatriot included) the table lets do the action, for documentation."""
    return [kind for kind, rights in TABLE.items() if Action(action) in rights]


def is_root(path: str) -> bool:
    from diaspora.directory.models import Organisation

    return len(path) == Organisation.steplen


def _outermost(paths: Iterable[str]) -> tuple[str, ...]:
    """The paths not already under another one: a role at a council and one at an
    organisation of that council reach what the council's role reaches."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return tuple(kept)


def organisations(user: "User | AnonymousUser | None", action: Action | str):
    """The organisations the user reaches for the action (their office's part of
    the tree), with what their pages show of each."""
    from diaspora.directory.models import Organisation

    reached = scope(user, action)
    queryset = Organisation.objects.select_related("kind", "country", "city")
    if Action(action) in NETWORK_WIDE and not reached.everywhere:
        return queryset.none()
    return queryset.filter(reached.organisations())


def allowed_any(
    user: "User | AnonymousUser | None",
    action: Action | str,
    organisations: Iterable["Organisation"],
) -> bool:
    """Whether the user may do the action at any of the organisations (an event is
    run by each of its organisers)."""
    reached = scope(user, action)
    return any(reached.covers(organisation) for organisation in organisations)


def may_grant(
    granter: "User | AnonymousUser | None", kind: str, organisation: "Organisation"
) -> bool:
    """Whether the granter may give (or change, or take away) a role of this kind at
    the organisation: "within reach, never above it". They manage users there, and
    every right the role would have there they hold there themselves, as far (a right
    over the node and below needs one over the node and below). Network-wide rights
    count only for a role at the root, the one place they take effect. None is the
    system."""
    if granter is None:
        return True
    if kind not in TABLE or kind == COMPATRIOT:
        return False
    if not allowed(granter, Action.USERS_MANAGE, organisation):
        return False
    at_root = is_root(organisation.path)
    for action, reach in TABLE[kind].items():
        if action in NETWORK_WIDE and not at_root:
            continue
        held = scope(granter, action)
        if held.everywhere:
            continue
        if action in NETWORK_WIDE:
            return False
        from_above = any(organisation.path.startswith(path) for path in held.below)
        if not (from_above or (reach is Reach.NODE and organisation.path in held.nodes)):
            return False
    return True


REACH_WORDS = {
    Reach.BELOW: _("node and below"),
    Reach.NODE: _("node only"),
    Reach.OWN: _("own record"),
}


def markdown_table() -> str:
    """The table as the README shows it: one row per action, one column per kind."""
    from diaspora.accounts.models import Role

    kinds = [*Role.Kind.values, COMPATRIOT]
    labels = [str(Role.Kind(kind).label) for kind in Role.Kind.values] + [_("compatriot")]
    lines = [
        "| " + " | ".join([str(_("action")), *map(str, labels)]) + " |",
        "|" + "---|" * (len(kinds) + 1),
    ]
    for action in Action:
        cells = []
        for kind in kinds:
            reach = TABLE[kind].get(action)
            if reach is None:
                cells.append("—")
            elif action in NETWORK_WIDE:
                cells.append(str(_("whole network")))
            else:
                cells.append(str(REACH_WORDS[reach]))
        lines.append(f"| `{action}`: {DESCRIPTIONS[action]} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
