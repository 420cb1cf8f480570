import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from diaspora.apitools import LARGEST_ID, error_body

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
            field = next((key for key, value in request.GET.items() if "\x00" in key + value), None)
            return refuse(
                request,
                _("The address contains a NUL character, which no field can hold."),
                code="nul",
                field=field,
            )
        for key, value in request.GET.items():
            digits = value.strip().lstrip("+-")
            if INTEGER.fullmatch(value.strip()) and (len(digits) > 19 or int(digits) > LARGEST_ID):
                return refuse(
                    request,
                    _("“%(field)s” is too large a number: %(value)s.")
                    % {"field": key, "value": value[:40]},
                    code="out_of_range",
                    field=key,
                )
        return self.get_response(request)


def refuse(request: HttpRequest, message: str, *, code: str, field: str | None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(400, message, code, field), status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
