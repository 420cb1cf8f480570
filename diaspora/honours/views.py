"""The honours pages: nominations a user may see, nominating from a phone, the
nomination's page where each side takes its step, the round's report, the register
and the certificate. Rules live in services; reads in queries."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.directory.queries import public_organisations
from diaspora.events.models import Event
from diaspora.people.queries import visible_people

from . import queries, services
from .certificate import certificate_pdf, language_of
from .models import Honour, Nomination, Review, Round

PICK_LIMIT = 30


@login_required
def honours_home(request: HttpRequest) -> HttpResponse:
    nominations = queries.visible_nominations(request.user)[:200]
    rounds = Round.objects.select_related("honour") if queries.may_decide(request.user) else []
    return render(
        request,
        "honours/home.html",
        {
            "nominations": nominations,
            "rounds": rounds,
            "may_nominate": queries.may_nominate(request.user),
            "may_decide": queries.may_decide(request.user),
        },
    )


@login_required
def nominate_pick(request: HttpRequest) -> HttpResponse:
    """Find the person to nominate among those within reach."""
    if not queries.may_nominate(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100].replace("\x00", "")
    found = []
    if query:
        found = list(
            visible_people(request.user, Action.HONOURS_NOMINATE)
            .filter(full_name__icontains=query, erased_at__isnull=True)
            .order_by("full_name")[:PICK_LIMIT]
        )
    return render(request, "honours/pick.html", {"query": query, "found": found})


def parse_date(value: str, field: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise services.HonourError(
            _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value[:20]},
            code="invalid",
            field=field,
        ) from None


@login_required
def nominate(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(visible_people(request.user, Action.HONOURS_NOMINATE), pk=person_id)
    honours = [honour for honour in Honour.objects.all() if services.open_round_of(honour)]
    context = {
        "person": person,
        "honours": honours,
        "languages": services.languages(),
        "registry": services.registry_merits(person),
        "merit_rows": range(3),
    }
    if request.method != "POST":
        return render(request, "honours/nominate.html", context)
    try:
        honour = next(
            (honour for honour in honours if honour.code == request.POST.get("honour")), None
        )
        if honour is None:
            raise services.HonourError(
                _("Choose an honour with an open round."), code="required", field="honour"
            )
        merits = []
        for row in range(3):
            text = request.POST.get(f"merit_text_{row}", "").strip()
            if text:
                merits.append(
                    services.MeritIn(
                        text=text,
                        started_on=parse_date(request.POST.get(f"merit_from_{row}"), "merits"),
                        ended_on=parse_date(request.POST.get(f"merit_until_{row}"), "merits"),
                    )
                )
        nomination = services.nominate(
            by=request.user,
            person=person,
            honour=honour,
            citation={request.POST.get("language", ""): request.POST.get("citation", "")},
            merits=merits,
            attachments=request.FILES.getlist("attachments"),
        )
    except services.HonourError as error:
        context |= {"error": error, "posted": request.POST}
        return render(request, "honours/nominate.html", context, status=error.status)
    messages.success(request, _("Nominated. Now ask other organisations to endorse."))
    return redirect("nomination", nomination_id=nomination.pk)


def visible_or_404(request: HttpRequest, nomination_id: int) -> Nomination:
    return get_object_or_404(queries.visible_nominations(request.user), pk=nomination_id)


def nomination_context(request: HttpRequest, nomination: Nomination) -> dict:
    user = request.user
    deciding = queries.may_decide(user)
    nominating = services.acts_for(user, nomination)
    panel = queries.on_panel(user, nomination)
    own_review = nomination.reviews.filter(reviewer=user).first() if panel else None
    found = (
        services.conflicts.found(nomination, user)
        if panel and own_review is None and nomination.status == Nomination.Status.REVIEW
        else []
    )
    asked = services.asked_of(user, nomination)
    show_scores = queries.scores_visible(user, nomination)
    return {
        "nomination": nomination,
        "endorser_only": queries.only_asked_to_endorse(user, nomination),
        "deciding": deciding,
        "nominating": nominating,
        "panel": panel,
        "own_review": own_review,
        "conflicts": found,
        "to_endorse": [item for item in asked if item.given_at is None],
        "endorsed": nomination.endorsements.filter(given_at__isnull=False).count(),
        "tally": queries.tally(nomination),
        "show_average": queries.average_visible(user, nomination),
        "reviews": (
            nomination.reviews.select_related("reviewer").order_by("at") if show_scores else []
        ),
        "criteria": nomination.honour.criterion_names(),
        "history": queries.history(nomination, user),
        "organisations": (
            public_organisations().exclude(pk=nomination.organisation_id).order_by("name")
            if nominating and nomination.status == Nomination.Status.ENDORSING
            else []
        ),
        "ceremonies": (
            queries.ceremonies()
            if deciding and nomination.status == Nomination.Status.REVIEW
            else []
        ),
        "award": getattr(nomination, "award", None),
        "verdicts": Review.Verdict,
    }


@login_required
def nomination_detail(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = visible_or_404(request, nomination_id)
    return render(request, "honours/nomination.html", nomination_context(request, nomination))


def step(request: HttpRequest, nomination_id: int, act) -> HttpResponse:
    """Run one step of the nomination; a refusal shows the page again with why."""
    nomination = visible_or_404(request, nomination_id)
    try:
        done = act(nomination)
    except services.HonourError as error:
        context = nomination_context(request, nomination) | {"error": error}
        return render(request, "honours/nomination.html", context, status=error.status)
    messages.success(request, done)
    return redirect("nomination", nomination_id=nomination.pk)


@login_required
@require_POST
def ask(request: HttpRequest, nomination_id: int) -> HttpResponse:
    def act(nomination):
        organisation = public_organisations().filter(pk=request.POST.get("organisation") or 0)
        if not organisation.exists():
            raise services.HonourError(
                _("Choose an organisation."), code="required", field="organisation"
            )
        services.ask_endorsement(nomination, organisation.get(), by=request.user)
        return _("Endorsement asked.")

    return step(request, nomination_id, act)


@login_required
@require_POST
def endorse(request: HttpRequest, nomination_id: int) -> HttpResponse:
    def act(nomination):
        services.endorse(nomination, by=request.user, text=request.POST.get("text", ""))
        return _("Endorsed.")

    return step(request, nomination_id, act)


@login_required
@require_POST
def review(request: HttpRequest, nomination_id: int) -> HttpResponse:
    def act(nomination):
        verdict = request.POST.get("verdict", "")
        criteria = None
        if verdict == Review.Verdict.SCORED:
            criteria = {
                code: request.POST.get(f"criterion_{code}", "")
                for code, _name in nomination.honour.criterion_names()
            }
        services.review(
            nomination,
            by=request.user,
            verdict=verdict,
            criteria=criteria,
            reason=request.POST.get("reason", ""),
        )
        return _("Your verdict is recorded.")

    return step(request, nomination_id, act)


@login_required
@require_POST
def decide(request: HttpRequest, nomination_id: int) -> HttpResponse:
    def act(nomination):
        ceremony = None
        if request.POST.get("ceremony"):
            ceremony = Event.objects.filter(pk=request.POST["ceremony"][:20]).first()
        services.decide(
            nomination,
            by=request.user,
            outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
            decree_number=request.POST.get("decree_number", ""),
            decree_date=parse_date(request.POST.get("decree_date", ""), "decree_date"),
            ceremony=ceremony,
        )
        return _("Decided. The nominating organisation is told by email.")

    return step(request, nomination_id, act)


@login_required
def certificate(request: HttpRequest, nomination_id: int) -> HttpResponse:
    nomination = visible_or_404(request, nomination_id)
    award = getattr(nomination, "award", None)
    if award is None or queries.only_asked_to_endorse(request.user, nomination):
        raise Http404
    audit.record(
        actor=request.user,
        action="nomination.certificate_downloaded",
        target=nomination,
        changes={"language": language_of(award)},
    )
    response = HttpResponse(certificate_pdf(award), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{award.pk}.pdf"'
    return response


@login_required
def attachment(request: HttpRequest, nomination_id: int, attachment_id: int) -> HttpResponse:
    nomination = visible_or_404(request, nomination_id)
    item = get_object_or_404(nomination.attachments, pk=attachment_id)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    if not queries.may_decide(request.user):
        raise PermissionDenied
    round_ = get_object_or_404(Round.objects.select_related("honour"), pk=round_id)
    error = None
    if request.method == "POST":
        from diaspora.accounts.models import User

        name = request.POST.get("reviewer", "").strip()[:150]
        reviewer = User.objects.filter(username=name, is_active=True).first()
        if reviewer is None:
            error = _("No active user “%(name)s”.") % {"name": name}
        else:
            services.name_panel(round_, [reviewer], by=request.user)
            messages.success(request, _("Reviewer added to the panel."))
            return redirect("honours_round", round_id=round_.pk)
    context = queries.round_report(round_) | {"panel": round_.panel.all(), "error": error}
    return render(request, "honours/round.html", context, status=400 if error else 200)


def parse_moment(value: str, field: str):
    """A date from the form, as the start of that day in the site's time zone."""
    from datetime import datetime, time

    from django.utils import timezone

    day = parse_date(value, field)
    if day is None:
        raise services.HonourError(_("Give the date."), code="required", field=field)
    return timezone.make_aware(datetime.combine(day, time.min))


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    """The Committee opens a round: its honour, window, threshold and ceremony."""
    if not queries.may_decide(request.user):
        raise PermissionDenied
    context = {
        "honours": Honour.objects.all(),
        "ceremonies": queries.ceremonies(),
    }
    if request.method != "POST":
        return render(request, "honours/round_new.html", context)
    try:
        honour = Honour.objects.filter(code=request.POST.get("honour", "")[:60]).first()
        if honour is None:
            raise services.HonourError(_("Choose an honour."), code="required", field="honour")
        ceremony = Event.objects.filter(
            pk=request.POST.get("ceremony") or 0, kind__code__in=queries.CEREMONY_KINDS
        ).first()
        required = request.POST.get("endorsements_required", "").strip()
        if required and (not required.isdigit() or int(required) > 20):
            raise services.HonourError(
                _("Endorsements required: a whole number from 0 to 20."),
                code="invalid",
                field="endorsements_required",
            )
        round_ = services.open_round(
            honour,
            by=request.user,
            title=request.POST.get("title", "")[:200].replace("\x00", ""),
            opens_at=parse_moment(request.POST.get("opens_on", ""), "opens_on"),
            # Nominations close at the end of the day given (e.g. 31 December).
            closes_at=parse_moment(request.POST.get("closes_on", ""), "closes_on")
            + timedelta(days=1),
            ceremony=ceremony,
            endorsements_required=int(required) if required else None,
        )
    except services.HonourError as error:
        context |= {"error": error, "posted": request.POST}
        return render(request, "honours/round_new.html", context, status=error.status)
    messages.success(request, _("Round opened. Now name its panel."))
    return redirect("honours_round", round_id=round_.pk)


def register(request: HttpRequest) -> HttpResponse:
    """The register of recipients: the public sees those who consent to publication;
    an office sees the recipients within its reach besides."""
    awards = queries.register_for(request.user).order_by("-decree_date", "pk")[:500]
    return render(request, "honours/register.html", {"awards": awards})
