"""What a refusal or a failure looks like: under /api/ the API's one error body
(`{"detail", "code", "field"}`, diaspora/apitools.py), elsewhere a page in the site's
frame and in the reader's language (the /ru/ of the address, or what LocaleMiddleware
chose). Wired in diaspora/urls.py (handler400/403/404/500) and as CSRF_FAILURE_VIEW.

A page that cannot be drawn in the full frame (its menu asks the database, which may
be what failed) falls back to the bare one, 500.html, drawn without a request: no
context processor, no database; its static links fall back to plain names when the
manifest is missing (collectstatic not run)."""

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from diaspora.apitools import error_body

logger = logging.getLogger("diaspora.errors")


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json(status: int, detail: str, code: str | None = None) -> JsonResponse:
    return JsonResponse(error_body(status, detail, code), status=status)


def _static(name: str) -> str:
    try:
        return static(name)
    except ValueError:  # no manifest entry: the file under its own name, unhashed
        return "/static/" + name


def bare_page(request: HttpRequest | None, status: int) -> HttpResponse:
    """500.html (or its words for another status) without a request context."""
    language = get_language_from_path(request.path) if request is not None else None
    with translation.override(language or translation.get_language()):
        titles = {
            400: _("Bad request"),
            403: _("Not allowed"),
            404: _("Not found"),
        }
        context = {
            "title": titles.get(status, _("Something went wrong")),
            "status": status,
            "language": translation.get_language(),
            "pico": _static("vendor/pico.min.css"),
            "css": _static("css/site.css"),
        }
        try:
            body = loader.get_template("500.html").render(context)
        except Exception:  # the template itself fails: say it in words, not a traceback
            logger.exception("the bare error page failed")
            body = f"<!doctype html><title>{status}</title><h1>{context['title']}</h1>"
    return HttpResponse(body, status=status)


def _page(request: HttpRequest, status: int, template: str, context: dict) -> HttpResponse:
    try:
        return HttpResponse(loader.render_to_string(template, context, request), status=status)
    except Exception:
        logger.exception("the %s page failed; the bare one is shown", status)
        return bare_page(request, status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return _json(400, _("The request is not valid."))
    return _page(request, 400, "400.html", {})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A refusal that says why (PermissionDenied("…")) keeps its reason.
    reason = str(exception or "")
    if is_api(request):
        return _json(403, reason or _("You may not do this."))
    return _page(request, 403, "403.html", {"exception": reason})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Django's reason is English and technical; the reader gets what to do instead.
    logger.warning("CSRF refusal: %s", reason)
    message = _(
        "The form had expired or came from elsewhere. Go back, reload the page and send it again."
    )
    if is_api(request):
        return _json(403, message, "csrf")
    return _page(request, 403, "403.html", {"exception": message})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return _json(404, _("Not found."))
    return _page(request, 404, "404.html", {})


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return _json(500, _("The server failed to answer. The error is logged."), "server_error")
    return bare_page(request, 500)


class ApiErrorsAsJson:
    """Under /api/, a refusal made outside the API's own handlers (a 405 for a method
    the route lacks, a middleware's refusal) is given the API's error body too, so a
    client parses one shape whatever refused it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not is_api(request)
            or response.status_code < 400
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        status = response.status_code
        detail = {
            405: _("This address does not take the %(method)s method.")
            % {"method": request.method},
        }.get(status, _("The request was refused."))
        answer = _json(status, detail)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                answer[header] = response[header]
        return answer
