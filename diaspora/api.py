"""The REST API: one NinjaAPI mounting each app's router. Every refusal has one body,
`{"detail", "code", "field"}` in the caller's language, and every operation's
possible refusals are declared in the OpenAPI document."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from diaspora.apitools import ErrorOut, error_body, validation_error_body
from diaspora.congress.api import router as congress_router
from diaspora.directory.api import router as directory_router
from diaspora.events.api import router as events_router
from diaspora.honours.api import router as honours_router
from diaspora.people.api import router as people_router
from diaspora.reports.api import router as reports_router

api = NinjaAPI(
    title="Diaspora API",
    version="1",
    description="The diaspora network's directory, registry and events. Every refusal "
    'answers `{"detail", "code", "field"}`: `detail` in the language asked for '
    "(Accept-Language), `code` the same in every language, `field` the input at fault.",
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = error_body(401, _("Authentication required: send Authorization: Bearer <token>."))
    response = api.create_response(request, body, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, validation_error_body(exc.errors), status=400)


@api.exception_handler(HttpError)
def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if str(exc).startswith("Cannot parse request body"):  # ninja's own words, in English
        body = error_body(400, _("The request's body is not valid JSON."), "not_json")
    else:
        body = error_body(
            exc.status_code, str(exc), getattr(exc, "code", None), getattr(exc, "field", None)
        )
    response = api.create_response(request, body, status=exc.status_code)
    if exc.status_code == 401:
        response["WWW-Authenticate"] = "Bearer"
    if getattr(exc, "retry_after", None):  # a locked-out address: when to come back
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) or _("You may not do this.")
    return api.create_response(request, error_body(403, detail), status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body(404, _("Not found.")), status=404)


api.add_router("", directory_router)
api.add_router("", people_router)
api.add_router("", events_router)
api.add_router("", congress_router)
api.add_router("", honours_router)
api.add_router("", reports_router)


def _declare_refusals() -> None:
    """Each operation documents the refusals it can give, from what it takes: any
    parameter may be refused (400), a path id may name nothing (404), and an
    operation behind a login may find none (401) or not enough rights (403). Done
    on the operations as bound to this API (ninja's own routers), so that a route
    added later is documented without anyone remembering to."""
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                statuses = {400} if operation.signature.params else set()
                if "{" in operation.path:
                    statuses.add(404)
                if operation.auth_callbacks:
                    statuses |= {401, 403}
                missing = {s: ErrorOut for s in statuses if s not in operation.response_models}
                if missing:
                    operation.response_models.update(
                        operation._create_response_model_multiple(missing)
                    )


_declare_refusals()
