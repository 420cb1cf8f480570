"""API bearer tokens: issued once, stored as a digest, checked on every request."""

import hashlib
import secrets

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .models import ApiToken, User


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, *, label: str = "") -> str:
    """A new API token for the user, shown once. Trusts its caller: the operator's
    `api_token` command. The token carries its user's rights, no more (access)."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=_digest(token), label=label)
    return token


def user_for_token(token: str) -> User | None:
    if not token or len(token) > 200:
        return None
    row = ApiToken.objects.select_related("user").filter(digest=_digest(token)).first()
    if row is None or not row.user.is_active:
        return None
    # Touch at most once a minute: a busy client should not write on every call.
    now = timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
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
