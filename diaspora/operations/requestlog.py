"""Every request gets an id and one JSON log line (logger diaspora.requests): method,
path, status, duration in ms, request id, user id. The id is the caller's
X-Request-ID when it sends a sane one (a proxy's, to follow a request across both
logs), else a new one; the response carries it back in the same header."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("diaspora.requests")
HEADER = "X-Request-ID"
# An id is copied into logs and headers: only short, plain ones are taken as given.
SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id(request: HttpRequest) -> str:
    given = request.headers.get(HEADER, "")
    return given if SANE.fullmatch(given) else uuid.uuid4().hex


def user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)  # set by the session or an API token
    return user.pk if user is not None and user.is_authenticated else None


class LogRequests:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        began = time.perf_counter()
        request.request_id = request_id(request)  # type: ignore[attr-defined]
        response = self.get_response(request)
        response[HEADER] = request.request_id  # type: ignore[attr-defined]
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - began) * 1000, 1),
                "request_id": request.request_id,  # type: ignore[attr-defined]
                "user_id": user_id(request),
            },
        )
        return response
