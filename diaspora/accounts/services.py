"""Granting and revoking roles."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from diaspora import access

from . import audit
from .models import Role, User


@transaction.atomic
def grant_role(user: User, kind: str, organisation, *, by: User | None) -> Role:
    """Give the user a role, audited. Checks its caller: `by` must manage users at
    the organisation and hold there every right the role carries (access.may_grant),
    else PermissionDenied; None is the system (deployment, demo data, commands)."""
    if not access.may_grant(by, kind, organisation):
        raise PermissionDenied(_("You may not grant this role there."))
    role, created = Role.objects.get_or_create(user=user, kind=kind, organisation=organisation)
    forget_grants(user)
    if not user.is_staff:
        # Office roles work in the back office, which Django admits by this flag.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if created:
        audit.record(
            actor=by,
            action="grant role",
            target=user,
            changes={"role": [None, kind], "organisation": [None, organisation.pk]},
        )
    return role


@transaction.atomic
def revoke_role(role: Role, *, by: User | None) -> None:
    """Take a role away, audited. Checks its caller as `grant_role` does: only
    someone who could have granted it revokes it; None is the system."""
    if not access.may_grant(by, role.kind, role.organisation):
        raise PermissionDenied(_("You may not revoke this role."))
    user = role.user
    audit.record(
        actor=by,
        action="revoke role",
        target=user,
        changes={"role": [role.kind, None], "organisation": [role.organisation_id, None]},
    )
    role.delete()
    forget_grants(user)
    if not user.is_superuser and not user.roles.exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])


def forget_grants(user: User) -> None:
    """Drop the roles read earlier in this request (access.grants keeps them)."""
    user.__dict__.pop("_role_grants", None)
    user.__dict__.pop("_reach_paths", None)
