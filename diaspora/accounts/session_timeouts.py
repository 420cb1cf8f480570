"""Sessions end after a while without a request (idle) and a while after login
whatever happens (absolute), both from settings: a shared office computer left signed
in does not stay open for the next person."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

STARTED = "diaspora.session.started"
SEEN = "diaspora.session.seen"
# The last request's time is written back at most this often, not on every request:
# one session write a minute instead of one per page.
SEEN_RESOLUTION = 60


def now() -> float:
    return time.time()


def expired(session, at: float) -> bool:
    started = session.get(STARTED, at)
    seen = session.get(SEEN, at)
    return (
        at - started > settings.DIASPORA_SESSION_MAX_HOURS * 3600
        or at - seen > settings.DIASPORA_SESSION_IDLE_MINUTES * 60
    )


class EndIdleAndOldSessions:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            at = now()
            if expired(request.session, at):
                logout(request)
                message = _("Your session has ended; please log in again.")
                if request.path_info.startswith("/api/"):
                    return JsonResponse(
                        {"detail": message, "code": "session_expired", "field": None},
                        status=401,
                    )
                messages.info(request, message)
                return redirect_to_login(request.get_full_path())
            request.session.setdefault(STARTED, at)
            if at - request.session.get(SEEN, 0) > SEEN_RESOLUTION:
                request.session[SEEN] = at
        return self.get_response(request)
