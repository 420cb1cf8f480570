"""Inviting people by email to a role at a node.

The inviter must be able to grant the role (granting.py: within reach, never above
it); that is checked when the invitation is sent and again when it is accepted, as
the inviter. The link carries a secret of which only the SHA-256 digest is stored; it
works once, until it expires (settings.DIASPORA_INVITATION_DAYS), unless revoked.
Each person may send settings.DIASPORA_INVITATIONS_PER_HOUR invitations an hour.

Every function CHECKS the caller (`by`; None is the system: `manage.py invite`), and
each step is audited: invitation.sent, invitation.revoked, invitation.accepted."""

import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from diaspora import siteurl

from . import audit
from .digests import digest, new_secret
from .granting import may_grant
from .models import AuditEntry, Invitation, Role, User
from .services import AccountsError, check_grant, grant_role


class InvitationGone(AccountsError):
    """A link that no longer works: used, revoked or expired (410), or unknown (404)."""


def link(token: str, language: str) -> str:
    """The invitation's address, from outside, in the language it was sent in."""
    with translation.override(language):
        path = reverse("invitation", args=[token])
    return siteurl.absolute(path)


def _check_rate(by: User | None) -> None:
    if by is None:
        return
    limit = settings.DIASPORA_INVITATIONS_PER_HOUR
    recent = AuditEntry.objects.filter(
        actor=by, action="invitation.sent", at__gte=timezone.now() - timedelta(hours=1)
    ).count()
    if recent >= limit:
        raise AccountsError(
            _("You have sent %(limit)d invitations in the last hour: please wait a while.")
            % {"limit": limit},
            status=429,
        )


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise AccountsError(
            _("“%(email)s” is not an email address.") % {"email": email[:100]},
            field="email",
            status=400,
        ) from None
    return email


def invite(
    email: str,
    kind: str,
    organisation,
    *,
    by: User | None,
    language: str | None = None,
    send: bool = True,
) -> tuple[Invitation, str]:
    """Invite `email` to a role of `kind` at the node; returns the invitation and the
    secret token of its link (shown to nobody but the mail, or the command's output)."""
    email = _clean_email(email)
    existing = User.objects.filter(email__iexact=email).first()
    check_grant(existing or User(email=email), kind, organisation, by=by)
    if existing and existing.roles.filter(kind=kind, organisation=organisation).exists():
        raise AccountsError(_("%(email)s already holds this role.") % {"email": email}, status=400)
    if (
        Invitation.objects.filter(email__iexact=email, kind=kind, organisation=organisation)
        .filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())
        .exists()
    ):
        raise AccountsError(
            _("%(email)s is already invited to this role: resend that invitation instead.")
            % {"email": email},
            field="email",
            status=400,
        )
    _check_rate(by)
    with transaction.atomic():
        invitation = Invitation(
            email=email,
            kind=kind,
            organisation=organisation,
            invited_by=by,
            language=language or translation.get_language() or settings.LANGUAGE_CODE,
        )
        token = _renew(invitation, by=by)
        if send:
            send_invitation(invitation, token)
    return invitation, token


def _renew(invitation: Invitation, *, by: User | None) -> str:
    token = new_secret()
    invitation.digest = digest(token)
    invitation.expires_at = timezone.now() + timedelta(days=settings.DIASPORA_INVITATION_DAYS)
    invitation.save()
    audit.record(
        actor=by,
        action="invitation.sent",
        target=invitation,
        changes={
            "email": [None, invitation.email],
            "role": [None, invitation.kind],
            "organisation": [None, invitation.organisation_id],
            "expires_at": [None, invitation.expires_at],
        },
    )
    return token


def send_invitation(invitation: Invitation, token: str) -> None:
    """The invitation email, in the language it was sent in. A mail server that
    refuses it is an AccountsError (the caller's transaction then writes nothing)."""
    with translation.override(invitation.language or settings.LANGUAGE_CODE):
        site = str(settings.DIASPORA_SITE_NAME)
        inviter = invitation.invited_by
        names = {
            "site": site,
            "role": invitation.get_kind_display(),
            "organisation": invitation.organisation.name,
            "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else site,
            "link": link(token, invitation.language or settings.LANGUAGE_CODE),
            "expires": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M"),
        }
        subject = _("Invitation to %(site)s") % names
        body = (
            _(
                "%(inviter)s invites you to %(site)s as %(role)s at %(organisation)s.\n\n"
                "Open this link to choose your username and password:\n%(link)s\n\n"
                "The link works once, until %(expires)s. If you did not expect this "
                "invitation, ignore this message."
            )
            % names
        )
    try:
        send_mail(subject, body, None, [invitation.email])
    except (OSError, smtplib.SMTPException) as error:
        raise AccountsError(
            _("The invitation email could not be sent (%(error)s).") % {"error": error},
            status=503,
        ) from error


def _may_handle(invitation: Invitation, by: User | None) -> None:
    if by is None or invitation.invited_by_id == by.pk:
        return
    if not may_grant(by, invitation.kind, invitation.organisation):
        raise AccountsError(_("This invitation is beyond what you may manage."))


@transaction.atomic
def resend(invitation: Invitation, *, by: User | None, language: str | None = None) -> str:
    """A new link for a pending invitation (the old one stops working), sent again
    and valid for the full time again."""
    _may_handle(invitation, by)
    if invitation.accepted_at or invitation.revoked_at:  # an expired one may go again
        raise AccountsError(_("This invitation is no longer pending."), status=400)
    _check_rate(by)
    if language:
        invitation.language = language
    token = _renew(invitation, by=by)
    send_invitation(invitation, token)
    return token


@transaction.atomic
def revoke(invitation: Invitation, *, by: User | None) -> None:
    """Stop a pending invitation's link from working."""
    _may_handle(invitation, by)
    if invitation.accepted_at or invitation.revoked_at:
        raise AccountsError(_("This invitation is no longer pending."), status=400)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        actor=by,
        action="invitation.revoked",
        target=invitation,
        changes={"revoked_at": [None, invitation.revoked_at]},
    )


def find(token: str) -> Invitation:
    """The pending invitation a link names, or InvitationGone: 404 for a link that
    names none, 410 for one used, revoked or expired."""
    invitation = None
    if token and len(token) <= 100:
        invitation = (
            Invitation.objects.select_related("organisation", "invited_by")
            .filter(digest=digest(token))
            .first()
        )
    if invitation is None:
        raise InvitationGone(_("This invitation link is not valid."), status=404)
    if invitation.accepted_at:
        raise InvitationGone(_("This invitation has already been accepted."), status=410)
    if invitation.revoked_at:
        raise InvitationGone(_("This invitation has been withdrawn."), status=410)
    if invitation.expires_at <= timezone.now():
        raise InvitationGone(
            _("This invitation has expired: ask the person who invited you to send it again."),
            status=410,
        )
    return invitation


def account_for(invitation: Invitation) -> User | None:
    """The account the invitation's address already belongs to, if any."""
    return User.objects.filter(email__iexact=invitation.email).order_by("pk").first()


def _mark_verified(user: User, email: str) -> None:
    """The link reached the address: allauth may count it as verified (and as the
    primary address of an account that has none)."""
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
    if address is None:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=not has_primary)
    else:
        address.verified = True
        address.primary = address.primary or not has_primary
        address.save(update_fields=["verified", "primary"])


def _accept(invitation: Invitation, user: User) -> Role:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.pending:
        raise InvitationGone(_("This invitation is no longer valid."), status=410)
    try:
        # Granted as the inviter, whose rights are checked again now.
        role = grant_role(user, invitation.kind, invitation.organisation, by=invitation.invited_by)
    except AccountsError:
        raise InvitationGone(
            _("The person who invited you may no longer grant this role."), status=410
        ) from None
    _mark_verified(user, invitation.email)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        actor=user,
        action="invitation.accepted",
        target=invitation,
        changes={"accepted_by": [None, user.pk]},
    )
    return role


def validate_username(username: str) -> str:
    username = (username or "").strip()
    field = User._meta.get_field("username")
    try:
        field.run_validators(username)
        if not username:
            raise ValidationError(_("Choose a username."))
    except ValidationError as error:
        raise AccountsError(" ".join(error.messages), field="username", status=400) from None
    if User.objects.filter(username__iexact=username).exists():
        raise AccountsError(
            _("The username “%(username)s” is taken: choose another.") % {"username": username},
            field="username",
            status=400,
        )
    return username


@transaction.atomic
def accept_new(invitation: Invitation, *, username: str, password: str) -> User:
    """Create the invitee's account (email verified) and grant the role."""
    if account_for(invitation) is not None:
        raise AccountsError(_("An account with this email exists already: log in."), status=400)
    username = validate_username(username)
    user = User(username=username, email=invitation.email)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise AccountsError(" ".join(error.messages), field="password", status=400) from None
    user.set_password(password)
    user.save()
    audit.record(
        actor=user,
        action="user.created",
        target=user,
        changes={"username": [None, username], "email": [None, invitation.email]},
    )
    _accept(invitation, user)
    return user


@transaction.atomic
def accept_existing(invitation: Invitation, *, user: User) -> Role:
    """Grant the role to the signed-in account the invitation's address belongs to."""
    if not user.is_authenticated or (user.email or "").lower() != invitation.email.lower():
        raise AccountsError(
            _("This invitation is for %(email)s: log in with that account to accept it.")
            % {"email": invitation.email}
        )
    return _accept(invitation, user)
