"""API bearer tokens: issued once, stored as a digest, checked on every request.

A token has a scope (read only, or read and write), an expiry no later than
settings.DIASPORA_API_TOKEN_MAX_DAYS, and a short prefix to tell it apart. A wrong
token counts against the caller's address (throttle.py); an expired one is a 401 and
a read-only one writing a 403, each with the API's error body."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from diaspora.apitools import ApiError

from . import audit, throttle
from .digests import digest, new_secret
from .models import ApiToken, User
from .services import AccountsError

PREFIX_LENGTH = 8
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def lifetime(days: int | None) -> timedelta:
    """A token's lifetime: the default when none is asked, refused beyond the maximum."""
    limit = settings.DIASPORA_API_TOKEN_MAX_DAYS
    days = settings.DIASPORA_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= limit:
        raise AccountsError(
            _("A token lasts from 1 to %(limit)d days.") % {"limit": limit},
            field="days",
            status=400,
        )
    return timedelta(days=days)


@transaction.atomic
def issue_token(
    user: User,
    *,
    label: str = "",
    scope: str = ApiToken.Scope.READ_WRITE,
    days: int | None = None,
    by: User | None = None,
) -> str:
    """A new token for `user`, returned once. `by` is the user themself (the tokens
    page) or None (the command, tests): nobody issues a token for someone else."""
    if by is not None and by.pk != user.pk:
        raise AccountsError(_("You may only create tokens for yourself."))
    if scope not in ApiToken.Scope.values:
        raise AccountsError(
            _("Unknown scope “%(scope)s”.") % {"scope": scope}, field="scope", status=400
        )
    expires_at = timezone.now() + lifetime(days)
    token = new_secret()
    row = ApiToken.objects.create(
        user=user,
        digest=digest(token),
        prefix=token[:PREFIX_LENGTH],
        label=label,
        scope=scope,
        expires_at=expires_at,
    )
    audit.record(
        actor=by,
        action="token.created",
        target=row,
        changes={
            "user": [None, user.pk],
            "label": [None, label],
            "scope": [None, scope],
            "expires_at": [None, expires_at],
        },
    )
    return token


@transaction.atomic
def revoke_token(row: ApiToken, *, by: User | None) -> None:
    """Delete a token. CHECKS the caller: its owner, or (the admin) whoever may manage
    the owner's account; None is the system."""
    from .granting import may_manage_user

    if by is not None and by.pk != row.user_id and not may_manage_user(by, row.user):
        raise AccountsError(_("This token is not yours."))
    audit.record(
        actor=by,
        action="token.revoked",
        target=row,
        changes={"user": [row.user_id, None], "label": [row.label, None]},
    )
    row.delete()


def user_for_token(token: str, request: HttpRequest | None = None) -> User | None:
    """The user a token speaks for, or None. Given the request, a wrong token counts
    against its address (raising 429 at the limit), an expired one is a 401 that says
    so, and a read-only one is refused (403) on a write."""
    if request is not None:
        throttle.check(request)
    row = None
    if token and len(token) <= 200:
        row = ApiToken.objects.select_related("user").filter(digest=digest(token)).first()
    if row is None or not row.user.is_active:
        if request is not None:
            throttle.failed(request)
        return None
    now = timezone.now()
    if row.expires_at <= now:
        if request is None:
            return None
        raise ApiError(401, _("This API token has expired: create a new one."), code="expired")
    if (
        request is not None
        and request.method not in SAFE_METHODS
        and row.scope != ApiToken.Scope.READ_WRITE
    ):
        raise ApiError(403, _("This API token may only read."), code="read_only")
    # Touch at most once a minute: a busy client should not write on every call.
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token, request)
        if user is not None:
            request.user = user
        return user


class SignedInSession(SessionAuth):
    """The browser's session, for pages that call the API. A request with no signed-in
    session is simply not authenticated (401, as a missing token is), rather than
    refused by the CSRF check that only a session's writes need."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


session = SignedInSession()
