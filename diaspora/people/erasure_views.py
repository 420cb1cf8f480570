"""Committee staff's pages for erasure: the open requests, and a person's erasure
with what it will touch, confirmed before it is done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diaspora import access
from diaspora.access import Action

from . import erasure
from .models import ErasureRequest, Merge, Person
from .services import PeopleError


def staff_only(request: HttpRequest) -> None:
    if not access.allowed(request.user, Action.PEOPLE_ERASE):
        raise PermissionDenied(_("Only Committee staff may erase a person."))


@login_required
def erasure_requests(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    open_requests = ErasureRequest.objects.filter(status=ErasureRequest.Status.OPEN).select_related(
        "person"
    )
    return render(request, "people/erasure_requests.html", {"requests": open_requests})


@login_required
def erase(request: HttpRequest, person_id: int) -> HttpResponse:
    staff_only(request)
    person = get_object_or_404(Person, pk=person_id)
    ids = erasure.whole_person(person)
    if request.method == "POST":
        try:
            erasure.erase_person(person, by=request.user)
        except PeopleError as error:
            messages.error(request, str(error))
        else:
            # What was touched, kind by kind, is in the audit entry.
            messages.success(request, _("The person is erased."))
            return redirect("erasure_requests")
    records = Person.objects.filter(pk__in=ids).order_by("pk")
    held = {
        holder.model._meta.verbose_name_plural: holder.of(ids).count()
        for holder in erasure.HOLDERS.values()
    }
    context = {
        "person": person,
        "records": records,
        "memberships": person.memberships.model.objects.filter(person__in=ids).count(),
        "consents": person.consents.model.objects.filter(person__in=ids).count(),
        "merges": Merge.objects.filter(survivor__in=ids).count(),
        "held": held,
        "erased": all(record.erased_at for record in records),
    }
    return render(
        request, "people/erase.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_POST
def decline(request: HttpRequest, request_id: int) -> HttpResponse:
    staff_only(request)
    erasure_request = get_object_or_404(ErasureRequest, pk=request_id)
    try:
        erasure.decline_erasure(erasure_request, by=request.user)
    except PeopleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The request is declined."))
    return redirect("erasure_requests")
