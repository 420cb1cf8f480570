import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

# The largest integer either database stores (SQLite and PostgreSQL bigint alike).
LARGEST_INTEGER = 2**63 - 1
INTEGER = re.compile(r"[+-]?\d+")


class RejectUnstorableQueries:
    """A query string the databases cannot hold is refused here with a 400, once for
    every page, instead of failing deep inside a query: NUL characters (PostgreSQL
    text cannot hold them) and integers beyond 64 bits (an id or an offset)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        values = [value for _key, values in request.GET.lists() for value in values]
        if "\x00" in request.path or any("\x00" in text for text in [*request.GET, *values]):
            return refuse(_("The address contains a NUL character, which no field can hold."))
        for key, value in request.GET.items():
            digits = value.strip().lstrip("+-")
            if INTEGER.fullmatch(value.strip()) and (
                len(digits) > 19 or int(digits) > LARGEST_INTEGER
            ):
                return refuse(
                    _("“%(field)s” is too large a number: %(value)s.")
                    % {"field": key, "value": value[:40]}
                )
        return self.get_response(request)


def refuse(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
