"""The REST API: one NinjaAPI mounting each app's router."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from diaspora.directory.api import router as directory_router
from diaspora.events.api import router as events_router
from diaspora.people.api import router as people_router
from diaspora.reports.api import router as reports_router

api = NinjaAPI(
    title="Diaspora API",
    version="1",
    description="The diaspora network's directory, registry and events.",
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": _("Authentication required: send Authorization: Bearer <token>.")},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": exc.errors}, status=422
    )


api.add_router("", directory_router)
api.add_router("", people_router)
api.add_router("", events_router)
api.add_router("", reports_router)
