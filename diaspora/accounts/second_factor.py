"""Office roles log in with a second factor: whoever holds a role (or is a superuser)
and has neither an authenticator app (TOTP) nor a passkey enrolled is sent to enrol
one before any other page. Compatriots without a role may add one; nobody makes them."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from diaspora.access import grants

from .models import User

# Recovery codes alone are not a factor: they exist to replace a lost one.
FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
# Pages an office user without a factor may still open: enrolling one (with the
# password check allauth asks for first), and leaving.
OPEN_URL_NAMES = {
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "set_language",
}
OPEN_URL_PREFIXES = ("mfa_",)


def must_enrol(user: User) -> bool:
    """True if the user's roles call for a second factor they have not enrolled. The
    roles are those the session check has just read (access.grants): only an office
    user costs a query, for their authenticators."""
    if not user.is_authenticated or not (user.is_superuser or grants(user)):
        return False
    return not Authenticator.objects.filter(user=user, type__in=FACTORS).exists()


def is_open(request: HttpRequest) -> bool:
    match = request.resolver_match
    name = match.url_name if match else None
    return bool(name) and (name in OPEN_URL_NAMES or name.startswith(OPEN_URL_PREFIXES))


class RequireSecondFactor:
    """Sends an office user without a second factor to the enrolment page, from every
    page including the admin; the API (no pages to send anyone to) refuses instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if is_open(request) or not must_enrol(request.user):
            return None
        explanation = _(
            "Your role in the network needs a second factor. Set up an authenticator "
            "app or a passkey before you continue."
        )
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": explanation, "code": "second_factor_required", "field": None},
                status=403,
            )
        messages.warning(request, explanation, fail_silently=True)
        return redirect("mfa_index")
