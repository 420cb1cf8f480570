"""Which database a query goes to: the primary, or a streaming replica for reads.

With DATABASE_REPLICA_URL set (settings.DATABASES["replica"]) a read goes to the
replica only inside a safe request (GET, HEAD, OPTIONS) that has not written, whose
browser wrote nothing in the last DIASPORA_REPLICA_PIN_SECONDS (a cookie says until
when) and outside any transaction on the primary. Everything else reads from the
primary: writes and what follows them in the request, transactions (a read that
decides a write must see the latest row), management commands and task workers
(outside any request), sessions. So a person sees their own change at once; others
see it once the replica has replayed it, typically within a second.

The caches' tables (settings.CACHES on PostgreSQL) live on the primary; the progress
cache's through the "progress" alias, the same database on a connection of its own."""

import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

PRIMARY, REPLICA, PROGRESS = "default", "replica", "progress"
COOKIE = "diaspora_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Read and written on every request: never from a replica that may lag behind.
ALWAYS_PRIMARY = frozenset({"sessions.session"})


@dataclass
class Reading:
    """One request's state: may it read from the replica, and has it written."""

    pinned: bool
    wrote: bool = False


_request: ContextVar[Reading | None] = ContextVar("diaspora_reading", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def cache_alias(model) -> str:
    """A DatabaseCache's table: the progress cache's on its own connection."""
    progress = settings.CACHES.get(PROGRESS, {})
    if model._meta.db_table == progress.get("LOCATION") and PROGRESS in settings.DATABASES:
        return PROGRESS
    return PRIMARY


def is_cache(model) -> bool:
    return model._meta.app_label == "django_cache"  # DatabaseCache's model stand-in


class Router:
    def db_for_read(self, model, **hints) -> str | None:
        if is_cache(model):
            return cache_alias(model)
        if not replica_configured():
            return None
        reading = _request.get()
        if (
            reading is None
            or reading.pinned
            or model._meta.label_lower in ALWAYS_PRIMARY
            or connections[PRIMARY].in_atomic_block
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints) -> str | None:
        if is_cache(model):
            return cache_alias(model)
        reading = _request.get()
        if reading is not None and model._meta.label_lower not in ALWAYS_PRIMARY:
            # From here on the request, and the browser's next requests, read what
            # they wrote: from the primary.
            reading.pinned = reading.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # one database, seen through several connections

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool | None:
        # The replica follows the primary; the progress alias is the primary itself.
        return False if db in (REPLICA, PROGRESS) else None


def pinned_by_cookie(request: HttpRequest, now: float) -> bool:
    try:
        return float(request.COOKIES.get(COOKIE, "0")) > now
    except ValueError:
        return False


class ReadYourWrites:
    """Middleware: lets a request read from the replica, or pins it to the primary
    (an unsafe method, or a recent write by the same browser); after a write, pins the
    browser's next requests for DIASPORA_REPLICA_PIN_SECONDS. Without a replica it
    does nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        now = time.time()
        unsafe = request.method not in SAFE_METHODS
        reading = Reading(pinned=unsafe or pinned_by_cookie(request, now))
        token = _request.set(reading)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if unsafe or reading.wrote:
            seconds = settings.DIASPORA_REPLICA_PIN_SECONDS
            response.set_cookie(
                COOKIE,
                str(int(now + seconds) + 1),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
