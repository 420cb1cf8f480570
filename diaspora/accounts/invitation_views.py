"""The page an invitation link opens: a new person chooses a username and password
and is signed in with the role; someone who already has an account logs in and
accepts. A link that no longer works says why (404 or 410), never a server error."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import invitations
from .forms import AcceptForm
from .services import AccountsError


@never_cache
@sensitive_post_parameters("password", "password_again")
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = invitations.find(token)
    except invitations.InvitationGone as gone:
        return render(
            request, "accounts/invitation_gone.html", {"reason": str(gone)}, status=gone.status
        )
    context = {"invitation": found}
    existing = invitations.account_for(found)
    if existing is not None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        status = 200
        if request.method == "POST":
            try:
                invitations.accept_existing(found, user=request.user)
            except AccountsError as error:
                messages.error(request, str(error))
                status = error.status
            else:
                # A change of roles ends the user's other sessions; this one goes on.
                update_session_auth_hash(request, request.user)
                messages.success(request, _("The invitation is accepted: the role is yours."))
                return redirect("home")
        context["existing"] = existing
        context["mismatch"] = request.user.pk != existing.pk
        return render(request, "accounts/invitation.html", context, status=status)

    if request.method != "POST":
        form = AcceptForm(initial={"username": found.email.split("@")[0][:150]})
        return render(request, "accounts/invitation.html", context | {"form": form})
    form = AcceptForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            user = invitations.accept_new(
                found,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except AccountsError as error:
            status = error.status
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome: your account is ready."))
            return redirect("home")
    return render(request, "accounts/invitation.html", context | {"form": form}, status=status)
