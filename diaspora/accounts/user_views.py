"""The office's users pages: who holds roles within the viewer's reach, pending
invitations, inviting, and granting, changing and revoking roles. Open to holders of
`Action.USERS_MANAGE`; every change goes through the services, which check it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diaspora import access
from diaspora.access import Action

from . import invitations, services
from .forms import InviteForm, RoleForm
from .granting import may_grant, roles_in_reach, users_in_reach
from .models import Invitation, Role, User

PER_PAGE = 25
MAX_QUERY = 100


def _require(request: HttpRequest) -> None:
    access.require(request.user, Action.USERS_MANAGE)


def _pending(request: HttpRequest):
    """Invitations still open (or expired, to resend) to nodes within reach."""
    return (
        Invitation.objects.filter(accepted_at=None, revoked_at=None)
        .filter(access.scope(request.user, Action.USERS_MANAGE).organisations("organisation__"))
        .select_related("organisation", "invited_by")
    )


@login_required
def users(request: HttpRequest) -> HttpResponse:
    _require(request)
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY]
    found = users_in_reach(request.user).order_by("username")
    if query:
        found = found.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    in_reach = roles_in_reach(request.user).select_related("organisation")
    roles: dict[int, list[Role]] = {}
    for role in in_reach.filter(user__in=[u.pk for u in page]).order_by("organisation__path"):
        roles.setdefault(role.user_id, []).append(role)
    rows = [(user, roles.get(user.pk, [])) for user in page]
    context = {"page": page, "rows": rows, "query": query, "invitations": _pending(request)}
    return render(request, "accounts/users.html", context)


@login_required
def invite(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = InviteForm(request.POST or None, granter=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                invitations.invite(
                    form.cleaned_data["email"],
                    form.cleaned_data["kind"],
                    form.cleaned_data["organisation"],
                    by=request.user,
                    language=translation.get_language(),
                )
            except services.AccountsError as error:
                status = error.status
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(
                    request,
                    _("%(email)s is invited.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("users")
    return render(request, "accounts/invite.html", {"form": form}, status=status)


def _user_in_reach(request: HttpRequest, user_id: int) -> User:
    user = users_in_reach(request.user).filter(pk=user_id).first()
    if user is None:
        raise Http404
    return user


def _user_page(request: HttpRequest, user: User, *, form=None, status=200) -> HttpResponse:
    roles = [
        {
            "role": role,
            "manageable": role.user_id != request.user.pk
            and may_grant(request.user, role.kind, role.organisation),
            "form": RoleForm(
                granter=request.user,
                initial={"kind": role.kind, "organisation": role.organisation_id},
                prefix=f"role{role.pk}",
            ),
        }
        for role in roles_in_reach(request.user)
        .filter(user=user)
        .select_related("organisation")
        .order_by("organisation__path", "kind")
    ]
    context = {
        "person": user,
        "roles": roles,
        "others": user.roles.count() - len(roles),
        "own": user.pk == request.user.pk,
        "form": form or RoleForm(granter=request.user),
    }
    return render(request, "accounts/user.html", context, status=status)


@login_required
def user(request: HttpRequest, user_id: int) -> HttpResponse:
    _require(request)
    person = _user_in_reach(request, user_id)
    if request.method != "POST":
        return _user_page(request, person)
    form = RoleForm(request.POST, granter=request.user)
    if form.is_valid():
        try:
            services.grant_role(
                person,
                form.cleaned_data["kind"],
                form.cleaned_data["organisation"],
                by=request.user,
            )
        except services.AccountsError as error:
            form.add_error(None, str(error))
            return _user_page(request, person, form=form, status=error.status)
        messages.success(request, _("The role is granted."))
        return redirect("user", user_id=person.pk)
    return _user_page(request, person, form=form, status=400)


def _role_in_reach(request: HttpRequest, role_id: int) -> Role:
    return get_object_or_404(
        roles_in_reach(request.user).select_related("organisation", "user"), pk=role_id
    )


@login_required
@require_POST
def change_role(request: HttpRequest, role_id: int) -> HttpResponse:
    _require(request)
    role = _role_in_reach(request, role_id)
    form = RoleForm(request.POST, granter=request.user, prefix=f"role{role.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return _user_page(request, role.user, status=400)
    try:
        services.change_role(
            role,
            kind=form.cleaned_data["kind"],
            organisation=form.cleaned_data["organisation"],
            by=request.user,
        )
    except services.AccountsError as error:
        messages.error(request, str(error))
        return _user_page(request, role.user, status=error.status)
    messages.success(request, _("The role is changed."))
    return redirect("user", user_id=role.user_id)


@login_required
@require_POST
def revoke_role(request: HttpRequest, role_id: int) -> HttpResponse:
    _require(request)
    role = _role_in_reach(request, role_id)
    try:
        services.revoke_role(role, by=request.user)
    except services.AccountsError as error:
        messages.error(request, str(error))
        return _user_page(request, role.user, status=error.status)
    messages.success(request, _("The role is revoked."))
    if users_in_reach(request.user).filter(pk=role.user_id).exists():
        return redirect("user", user_id=role.user_id)
    return redirect("users")


def _invitation_in_reach(request: HttpRequest, invitation_id: int) -> Invitation:
    return get_object_or_404(_pending(request), pk=invitation_id)


@login_required
@require_POST
def resend_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    _require(request)
    invitation = _invitation_in_reach(request, invitation_id)
    try:
        invitations.resend(invitation, by=request.user, language=translation.get_language())
    except services.AccountsError as error:
        messages.error(request, str(error))
        return redirect("users")
    messages.success(request, _("The invitation is sent again."))
    return redirect("users")


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    _require(request)
    invitation = _invitation_in_reach(request, invitation_id)
    try:
        invitations.revoke(invitation, by=request.user)
    except services.AccountsError as error:
        messages.error(request, str(error))
        return redirect("users")
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("users")
