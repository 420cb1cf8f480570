"""Congress pages for the offices: the overview, quotas, nominations, the credentials
commission's review and report, badges and badge photos."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diaspora.people.reads import asked

from . import accreditations, badges, nominations, queries, setup
from .errors import CongressError
from .forms import CommissionForm, DecisionForm, NominationForm, PhotoForm, QuotaForm
from .models import Nomination, Quota


def _error_to(form, error: CongressError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


@login_required
def overview(request: HttpRequest, event_id: int) -> HttpResponse:
    congress = queries.congress_of(request.user, event_id)
    organises = queries.organises(request.user, congress)
    commission = queries.on_commission(request.user, congress)
    nominates = queries.nominating_organisations(request.user).exists()
    if not (organises or commission or nominates):
        raise PermissionDenied(_("Congresses are run by the offices of the network."))
    return render(
        request,
        "congress/overview.html",
        {
            "congress": congress,
            "event": congress.event,
            "figures": queries.figures(congress),
            "organises": organises,
            "commission": commission or organises,
            "nominates": nominates,
            "open": nominations.nominations_open(congress),
        },
    )


@login_required
def quotas(request: HttpRequest, event_id: int) -> HttpResponse:
    congress = queries.organised_or_refused(request.user, event_id)
    existing = list(Quota.objects.filter(congress=congress).select_related("organisation"))
    initial = {
        "countries": "\n".join(
            f"{q.country_id} {q.places}" for q in existing if q.country_id and q.kind == "delegate"
        ),
        "organisations": "\n".join(
            f"{q.organisation.slug} {q.places}" for q in existing if q.organisation_id
        ),
        "guests": next((q.places for q in existing if q.kind == "guest"), 0),
    }
    form = QuotaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            setup.set_quotas(
                congress,
                countries=form.cleaned_data["countries"],
                organisations=form.cleaned_data["organisations"],
                guests=form.cleaned_data["guests"],
                by=request.user,
            )
        except CongressError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The quotas are saved."))
            return redirect("congress_quotas", event_id=event_id)
    return render(
        request,
        "congress/quotas.html",
        {
            "congress": congress,
            "event": congress.event,
            "form": form,
            "quotas": sorted(existing, key=lambda q: (q.kind, q.country_id or "")),
        },
        status=400 if form.errors else 200,
    )


@login_required
def commission(request: HttpRequest, event_id: int) -> HttpResponse:
    congress = queries.organised_or_refused(request.user, event_id)
    members = " ".join(congress.commission.order_by("username").values_list("username", flat=True))
    form = CommissionForm(request.POST or None, initial={"members": members.replace(" ", "\n")})
    if request.method == "POST" and form.is_valid():
        setup.set_commission(congress, form.cleaned_data["members"], by=request.user)
        messages.success(request, _("The credentials commission is saved."))
        return redirect("congress", event_id=event_id)
    return render(
        request,
        "congress/commission.html",
        {"congress": congress, "event": congress.event, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def nomination_list(request: HttpRequest, event_id: int) -> HttpResponse:
    congress = queries.congress_of(request.user, event_id)
    organisations = queries.nominating_organisations(request.user)
    sees_all = queries.sees_all(request.user, congress)
    if not (sees_all or organisations.exists()):
        raise PermissionDenied(_("Delegates are nominated by the offices of organisations."))
    form = NominationForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        languages=congress.language_codes,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = nominations.nominate(
                congress,
                organisation=data["organisation"],
                by=request.user,
                given_name=data["given_name"],
                surname=data["surname"],
                email=data["email"],
                country=data["country"],
                names=form.names(),
                mandate=data["mandate"],
            )
        except CongressError as error:
            _error_to(form, error)
        else:
            messages.success(request, _("%(name)s is nominated.") % {"name": nomination.full_name})
            return redirect("congress_nominations", event_id=event_id)
    found = queries.nominations_for(request.user, congress).order_by("-nominated_at", "-id")
    status = request.GET.get("status", "")
    if status in Nomination.Status.values:
        found = found.filter(status=status)
    return render(
        request,
        "congress/nominations.html",
        {
            "congress": congress,
            "event": congress.event,
            "form": form if organisations.exists() else None,
            "open": nominations.nominations_open(congress),
            "nominations": found.select_related("accreditation")[:500],
            "status": status,
            "statuses": Nomination.Status.choices,
        },
        status=400 if form.errors else 200,
    )


def private_file(field, filename: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404(_("This file is missing.")) from None
    suffix = field.name.rsplit(".", 1)[-1].lower()
    types = {
        "pdf": "application/pdf",
        "jpg": "image/jpeg",
        "png": "image/png",
        "webp": "image/webp",
    }
    response = FileResponse(handle, content_type=types.get(suffix, "application/octet-stream"))
    response["Cache-Control"] = f"private, max-age={int(timedelta(hours=1).total_seconds())}"
    response["Content-Disposition"] = f'inline; filename="{filename}.{suffix}"'
    return response


@login_required
def mandate(request: HttpRequest, event_id: int, nomination_id: int) -> FileResponse:
    nomination = queries.nomination_or_refused(request.user, nomination_id)
    if nomination.congress.event_id != event_id or not nomination.mandate:
        raise Http404
    return private_file(nomination.mandate, f"mandate-{nomination.pk}")


@login_required
def review(request: HttpRequest, event_id: int) -> HttpResponse:
    congress = queries.commission_or_refused(request.user, event_id)
    waiting = (
        Nomination.objects.filter(congress=congress, status=Nomination.Status.NOMINATED)
        .select_related("organisation", "country")
        .order_by("country", "organisation__name", "nominated_at", "id")
    )
    return render(
        request,
        "congress/review.html",
        {
            "congress": congress,
            "event": congress.event,
            "waiting": waiting[:300],
            "form": DecisionForm(),
            "figures": queries.figures(congress),
            "decides": queries.on_commission(request.user, congress),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, event_id: int, nomination_id: int) -> HttpResponse:
    congress = queries.commission_or_refused(request.user, event_id)
    nomination = get_object_or_404(Nomination, congress=congress, pk=nomination_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("congress_review", event_id=event_id)
    try:
        decided = nominations.decide(
            nomination,
            form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except CongressError as error:
        messages.error(request, f"{nomination.full_name}: {error}")
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s.")
            % {"name": decided.full_name, "status": decided.get_status_display()},
        )
    return redirect("congress_review", event_id=event_id)


@login_required
def report(request: HttpRequest, event_id: int) -> HttpResponse:
    congress = queries.commission_or_refused(request.user, event_id)
    return render(
        request,
        "congress/report.html",
        {"congress": congress, "event": congress.event, **queries.commission_report(congress)},
    )


@login_required
def badges_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    congress = queries.commission_or_refused(request.user, event_id)
    pdf = badges.print_all(congress, by=request.user, query=asked(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badges-{event_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def photo(request: HttpRequest, event_id: int, accreditation_id: int) -> HttpResponse:
    accreditation = queries.accreditation_or_refused(request.user, event_id, accreditation_id)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            accreditations.set_photo(accreditation, form.cleaned_data["photo"], by=request.user)
        except CongressError as error:
            form.add_error("photo", str(error))
        else:
            messages.success(request, _("The photo is saved."))
            return redirect("congress_nominations", event_id=event_id)
    return render(
        request,
        "congress/photo.html",
        {
            "event": accreditation.nomination.congress.event,
            "accreditation": accreditation,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def photo_file(request: HttpRequest, event_id: int, accreditation_id: int) -> FileResponse:
    accreditation = queries.accreditation_or_refused(request.user, event_id, accreditation_id)
    if not accreditation.photo:
        raise Http404
    return private_file(accreditation.photo, f"photo-{accreditation.pk}")
