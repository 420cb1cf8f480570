"""A compatriot's own pages (/me/): their record, memberships, registrations and
tickets, consents they may withdraw, a download of all their data, and a request to
be forgotten. Each page shows the signed-in user's own record only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diaspora import access
from diaspora.access import Action

from . import erasure, my_data, services, unreadable
from .forms import OwnRecordForm
from .models import ErasureRequest, Person
from .queries import own_record


def may_own(request: HttpRequest, action: Action) -> bool:
    """Whether the table lets a compatriot do the action to their own record."""
    return access.scope(request.user, action).own


def own_person_or_404(request: HttpRequest, action: Action = Action.PEOPLE_EDIT) -> Person:
    if not may_own(request, action):
        raise PermissionDenied
    person = own_record(request.user)
    if person is None:
        raise Http404(_("Your account is not linked to a compatriot's record."))
    return person


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    person = own_record(request.user) if may_own(request, Action.PEOPLE_VIEW) else None
    if person is None:
        return render(request, "people/no_record.html")
    if request.method == "POST" and not may_own(request, Action.PEOPLE_EDIT):
        raise PermissionDenied
    form = OwnRecordForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            # The form has already written into `person`; the service compares against
            # the stored record, so it gets a fresh copy.
            services.update_person(Person.objects.get(pk=person.pk), by=request.user, **changes)
        except services.PeopleError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("Your record has been saved."))
            return redirect("me")
    person.refresh_from_db()
    status = 400 if form.errors else 200
    memberships = person.memberships.select_related("organisation")
    return render(
        request,
        "people/my_record.html",
        {
            "person": person,
            "form": form,
            "memberships": memberships,
            "registrations": person.registrations.select_related("event").order_by(
                "-event__starts_at", "-pk"
            ),
            "consents": person.consents.all(),
            "unreadable": unreadable.described(person.unreadable),
            "erasure_request": person.erasure_requests.filter(
                status=ErasureRequest.Status.OPEN
            ).first(),
        },
        status=status,
    )


@login_required
@require_POST
def withdraw_consent(request: HttpRequest, consent_id: int) -> HttpResponse:
    person = own_person_or_404(request)
    consent = get_object_or_404(person.consents, pk=consent_id)  # only one's own
    if consent.withdrawn_at is None:
        services.withdraw_consent(consent, by=request.user)
        messages.success(
            request,
            _("Your consent to %(purpose)s is withdrawn as of %(date)s.")
            % {
                "purpose": consent.get_purpose_display(),
                "date": timezone.localdate(consent.withdrawn_at).isoformat(),
            },
        )
    return redirect("me")


@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    person = own_person_or_404(request, Action.PEOPLE_EXPORT)
    response = HttpResponse(my_data.download(person, by=request.user), "application/zip")
    name = f"my-data-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def request_erasure(request: HttpRequest) -> HttpResponse:
    person = own_person_or_404(request)
    erasure.request_erasure(person, by=request.user)
    messages.success(
        request,
        _(
            "Your request to be erased from the registry is recorded; "
            "the Committee's staff will act on it."
        ),
    )
    return redirect("me")
