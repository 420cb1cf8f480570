"""Granting, changing and revoking roles.

Every function here CHECKS the caller: `by` is the person acting, held to the rule in
granting.py (within their reach, never above it, never their own roles); `by=None` is
the system (commands, demo data, tests' set-up) and is trusted. Each change is
audited as role.granted, role.changed or role.revoked. A change of role ends the
user's sessions (the session hash covers the roles: models.User)."""

from django.db import transaction
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import is_root

from . import audit
from .granting import may_grant
from .models import Role, User


class AccountsError(Exception):
    """A refused change to accounts or roles, with a message for the person acting."""

    def __init__(self, message: str, *, field: str | None = None, status: int = 403) -> None:
        super().__init__(message)
        self.field = field
        self.status = status


def check_grant(user: User, kind: str, organisation, *, by: User | None) -> None:
    """Raise AccountsError unless `by` may give `user` a role of `kind` at the node."""
    if kind not in Role.Kind.values:
        raise AccountsError(
            _("Unknown kind of role “%(kind)s”.") % {"kind": kind}, field="kind", status=400
        )
    if by is None:
        return
    if user.pk is not None and user.pk == by.pk:
        raise AccountsError(_("You cannot change your own roles."))
    if not may_grant(by, kind, organisation):
        raise AccountsError(
            _("You may not grant the role “%(kind)s” at %(organisation)s.")
            % {"kind": Role.Kind(kind).label, "organisation": organisation},
            field="organisation",
        )


def check_may_touch(role: Role, *, by: User | None) -> None:
    if by is None:
        return
    if role.user_id == by.pk:
        raise AccountsError(_("You cannot change your own roles."))
    if not may_grant(by, role.kind, role.organisation):
        raise AccountsError(
            _("The role “%(role)s” is beyond what you may manage.") % {"role": role}
        )


def check_keeps_committee(role: Role) -> None:
    """The network keeps at least one Committee staff role at the root."""
    if role.kind != Role.Kind.STAFF or not is_root(role.organisation.path):
        return
    others = Role.objects.filter(
        kind=Role.Kind.STAFF, organisation=role.organisation, user__is_active=True
    ).exclude(pk=role.pk)
    if not others.exists():
        raise AccountsError(
            _("This is the last Committee staff role: the network would have no Committee.")
        )


@transaction.atomic
def grant_role(user: User, kind: str, organisation, *, by: User | None) -> Role:
    """Give `user` a role of `kind` at the node (checked against `by`; see above)."""
    check_grant(user, kind, organisation, by=by)
    role, created = Role.objects.get_or_create(user=user, kind=kind, organisation=organisation)
    access.forget_grants(user)
    if not user.is_staff:
        # Office roles work in the back office, which Django admits by this flag.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if created:
        audit.record(
            actor=by,
            action="role.granted",
            target=user,
            changes={"role": [None, kind], "organisation": [None, organisation.pk]},
        )
    return role


@transaction.atomic
def change_role(role: Role, *, kind: str, organisation, by: User | None) -> Role:
    """Change a role's kind or node: `by` must be able to manage the role as it is and
    to grant it as it becomes."""
    role = Role.objects.select_for_update().select_related("organisation", "user").get(pk=role.pk)
    check_may_touch(role, by=by)
    check_grant(role.user, kind, organisation, by=by)
    if kind == role.kind and organisation.pk == role.organisation_id:
        return role
    if Role.objects.filter(user=role.user, kind=kind, organisation=organisation).exists():
        raise AccountsError(_("The user already holds this role."), status=400)
    if kind != Role.Kind.STAFF or organisation.pk != role.organisation_id:
        check_keeps_committee(role)
    before = [role.kind, role.organisation_id]
    role.kind, role.organisation = kind, organisation
    role.save(update_fields=["kind", "organisation"])
    access.forget_grants(role.user)
    audit.record(
        actor=by,
        action="role.changed",
        target=role.user,
        changes={
            "role": [before[0], kind],
            "organisation": [before[1], organisation.pk],
        },
    )
    return role


@transaction.atomic
def revoke_role(role: Role, *, by: User | None) -> None:
    """Take a role away (checked against `by`; the last Committee staff role at the
    root stays, whoever asks)."""
    role = Role.objects.select_for_update().select_related("organisation", "user").get(pk=role.pk)
    check_may_touch(role, by=by)
    if by is not None:
        check_keeps_committee(role)
    user = role.user
    audit.record(
        actor=by,
        action="role.revoked",
        target=user,
        changes={"role": [role.kind, None], "organisation": [role.organisation_id, None]},
    )
    role.delete()
    access.forget_grants(user)
    if not user.is_superuser and not user.roles.exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
