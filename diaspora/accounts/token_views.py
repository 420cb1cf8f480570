"""Every signed-in user's own API tokens: listed, created (shown once) and revoked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import tokens
from .forms import TokenForm
from .models import ApiToken
from .services import AccountsError


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                new_token = tokens.issue_token(
                    request.user,
                    label=form.cleaned_data["label"],
                    scope=form.cleaned_data["scope"],
                    days=form.cleaned_data["days"],
                    by=request.user,
                )
            except AccountsError as error:
                status = error.status
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                status = 200
                form = TokenForm()
    context = {
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
        "form": form,
        "new_token": new_token,
    }
    return render(request, "accounts/tokens.html", context, status=status)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    row = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    tokens.revoke_token(row, by=request.user)
    messages.success(request, _("The token is revoked."))
    return redirect("tokens")
