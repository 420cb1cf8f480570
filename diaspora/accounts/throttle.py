"""Wrong bearer tokens, counted per client address in Django's cache: too many within
the window lock the address out of token use until the window ends (429 with
Retry-After), and the lockout is audited once."""

import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from diaspora.apitools import ApiError

from . import audit


class LockedOut(ApiError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            429,
            _("Too many wrong API tokens from your address: try again in %(minutes)d minutes.")
            % {"minutes": max(1, -(-retry_after // 60))},
            code="locked_out",
        )
        self.retry_after = retry_after


def _address(request: HttpRequest) -> str:
    # The login's own reading of the client's address (allauth's adapter), so both
    # count the client and not a reverse proxy (DIASPORA_TRUSTED_PROXY_COUNT).
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "unknown"


def check(request: HttpRequest) -> None:
    """Raise LockedOut while the caller's address is locked out."""
    until = cache.get(f"api-token-lock:{_address(request)}")
    if until is not None:
        raise LockedOut(max(1, int(until - time.time())))


def failed(request: HttpRequest) -> None:
    """Count a wrong token; at the limit, lock the address out (and say so)."""
    address = _address(request)
    window = settings.DIASPORA_API_TOKEN_FAILURE_WINDOW
    key = f"api-token-failures:{address}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, count := 1, timeout=window)
    if count < settings.DIASPORA_API_TOKEN_FAILURES:
        return
    until = time.time() + window
    if cache.add(f"api-token-lock:{address}", until, timeout=window):
        cache.delete(key)
        audit.record_about(
            actor=None,
            action="api.locked_out",
            target_type="client address",
            target_id=address[:40],
            changes={"failures": count, "seconds": window},
        )
    raise LockedOut(window)
