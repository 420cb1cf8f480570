"""The office's page for lists of organisations: small lists, checked while the page
waits, then added in one transaction. Between the two steps the file waits in the
media folder under a random name that only this session knows."""

import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diaspora.access import Action

from . import organisations
from .readers import Rejected
from .views import declared_length, office_organisations

WAITING = Path(settings.MEDIA_ROOT) / "imports" / "organisations"
MAX_LIST_BYTES = 5 * 2**20


class OrganisationListForm(forms.Form):
    parent = forms.ModelChoiceField(label=gettext_lazy("Under"), queryset=None)
    file = forms.FileField(
        label=gettext_lazy("List of organisations"),
        help_text=gettext_lazy(
            "CSV, XLSX or ODS with columns for the name, kind and country; city, address, "
            "email, phone, website and founding date may follow."
        ),
    )

    def __init__(self, *args, parents, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_LIST_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)d MB; lists up to %(limit)d MB are accepted.")
                % {"size": upload.size // 2**20, "limit": MAX_LIST_BYTES // 2**20}
            )
        return upload


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    parents = office_organisations(request, Action.ORGANISATIONS_IMPORT)
    if request.method == "POST" and declared_length(request) > MAX_LIST_BYTES + 2**20:
        # Refused before the body is read, as the member lists' page does.
        return HttpResponse(
            _("The file is %(size)d MB; lists up to %(limit)d MB are accepted.")
            % {"size": declared_length(request) // 2**20, "limit": MAX_LIST_BYTES // 2**20},
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    waiting = request.session.get("organisation_lists", {})
    if request.method == "POST" and request.POST.get("token") in waiting:
        return commit(request, request.POST["token"], waiting, parents)
    form = OrganisationListForm(request.POST or None, request.FILES or None, parents=parents)
    report, refusal, token = None, None, ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        parent = form.cleaned_data["parent"]
        try:
            report = organisations.check(data, form.cleaned_data["file"].name, parent=parent)
        except Rejected as error:
            refusal = str(error)
        else:
            if report.new and not report.problems:
                token = keep(request, data, form.cleaned_data["file"].name, parent.pk)
    status = 400 if form.errors or refusal or (report and report.problems) else 200
    return render(
        request,
        "imports/organisations.html",
        {"form": form, "report": report, "refusal": refusal, "token": token},
        status=status,
    )


def keep(request: HttpRequest, data: bytes, filename: str, parent: int) -> str:
    token = secrets.token_urlsafe(16)
    WAITING.mkdir(parents=True, exist_ok=True)
    (WAITING / token).write_bytes(data)
    waiting = request.session.get("organisation_lists", {})
    waiting[token] = {"filename": filename[:255], "parent": parent}
    request.session["organisation_lists"] = waiting
    return token


def commit(request: HttpRequest, token: str, waiting: dict, parents) -> HttpResponse:
    entry = waiting.pop(token)
    request.session["organisation_lists"] = waiting
    path = WAITING / token
    parent = parents.filter(pk=entry["parent"]).first()
    if parent is None or not path.exists():
        messages.error(request, _("This list is no longer waiting; upload it again."))
        return redirect("organisation-lists")
    try:
        report = organisations.commit(
            path.read_bytes(), entry["filename"], parent=parent, by=request.user
        )
    except Rejected as error:  # the directory changed since the check
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(new)d organisations added under %(parent)s; %(matched)d were there already.")
            % {**report.counts, "parent": parent.local_name},
        )
    finally:
        path.unlink(missing_ok=True)
    return redirect("organisation-lists")
