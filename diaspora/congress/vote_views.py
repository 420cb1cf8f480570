"""Voting pages: the organisers' agenda (sessions, motions, opening and closing), the
projector's live count, and the delegate's phone, reached by their secret link."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diaspora.directory.models import Organisation
from diaspora.events.views import secret_page
from diaspora.people.models import Person

from . import accreditations, queries, voting
from .errors import CongressError
from .forms import MotionForm, SessionForm
from .models import Motion, Session, Turnout


def _motion_form(congress, data=None) -> MotionForm:
    return MotionForm(
        data,
        sessions=Session.objects.filter(congress=congress),
        councils=Organisation.objects.filter(kind__code="council").order_by("path"),
        candidates=Person.objects.filter(
            congress_nominations__congress=congress,
            congress_nominations__status__in=["delegate", "guest"],
        ).order_by("surname", "given_name"),
    )


@login_required
def agenda(request: HttpRequest, event_id: int) -> HttpResponse:
    congress = queries.organised_or_refused(request.user, event_id)
    session_form = SessionForm(request.POST if "add_session" in request.POST else None)
    motion_form = _motion_form(congress, request.POST if "add_motion" in request.POST else None)
    try:
        if session_form.is_bound and session_form.is_valid():
            voting.add_session(congress, title=session_form.cleaned_data["title"], by=request.user)
            return redirect("congress_agenda", event_id=event_id)
        if motion_form.is_bound and motion_form.is_valid():
            data = motion_form.cleaned_data
            voting.add_motion(
                data["session"],
                title=data["title"],
                ballot=data["ballot"],
                council=data["council"],
                seats=data["seats"] if data["council"] else 1,
                candidates=list(data["candidates"]),
                by=request.user,
            )
            return redirect("congress_agenda", event_id=event_id)
    except CongressError as error:
        (motion_form if motion_form.is_bound else session_form).add_error(None, str(error))
    bound = session_form.is_bound or motion_form.is_bound
    return render(
        request,
        "congress/agenda.html",
        {
            "congress": congress,
            "event": congress.event,
            "sessions": Session.objects.filter(congress=congress).prefetch_related("motions"),
            "session_form": session_form,
            "motion_form": motion_form,
            "present": voting.delegates_present(congress),
            "quorum": voting.quorum(congress),
        },
        status=400 if bound else 200,
    )


@login_required
@require_POST
def motion_step(request: HttpRequest, event_id: int, motion_id: int, step: str):
    congress = queries.organised_or_refused(request.user, event_id)
    motion = get_object_or_404(Motion, session__congress=congress, pk=motion_id)
    try:
        if step == "open":
            voting.open_motion(motion, by=request.user)
        else:
            voting.close_motion(motion, by=request.user)
    except CongressError as error:
        messages.error(request, str(error))
    return redirect("congress_agenda", event_id=event_id)


def count_context(motion: Motion) -> dict:
    """What the projector shows: turnout always; the counts of an open ballot live,
    of a secret one only once it is closed."""
    congress = motion.session.congress
    show = motion.ballot == Motion.Ballot.OPEN or motion.status == Motion.Status.CLOSED
    counts = voting.tally(motion) if show else {}
    return {
        "motion": motion,
        "event": congress.event,
        "voters": Turnout.objects.filter(motion=motion).count(),
        "present": voting.delegates_present(congress),
        "quorum": voting.quorum(congress),
        "options": [(option, counts.get(option.pk)) for option in motion.options.all()],
        "show": show,
    }


@login_required
def projector(request: HttpRequest, event_id: int, motion_id: int) -> HttpResponse:
    congress = queries.organised_or_refused(request.user, event_id)
    motion = get_object_or_404(Motion, session__congress=congress, pk=motion_id)
    template = (
        "congress/_count.html" if request.headers.get("HX-Request") else ("congress/projector.html")
    )
    return render(request, template, count_context(motion))


def _accreditation_or_404(token: str):
    accreditation = accreditations.by_token(token)
    if accreditation is None:
        raise Http404(_("No accreditation has this address."))
    return accreditation


def delegate(request: HttpRequest, token: str) -> HttpResponse:
    """The holder's page: their credentials, the QR code for the door, and, for a
    delegate checked in, the motions open for voting."""
    accreditation = _accreditation_or_404(token)
    congress = accreditation.nomination.congress
    open_motions = Motion.objects.filter(
        session__congress=congress, status=Motion.Status.OPEN
    ).prefetch_related("options")
    voted = set(
        Turnout.objects.filter(accreditation=accreditation).values_list("motion_id", flat=True)
    )
    code = accreditation.registration.code
    return secret_page(
        render(
            request,
            "congress/delegate.html",
            {
                "accreditation": accreditation,
                "nomination": accreditation.nomination,
                "event": congress.event,
                "registration": accreditation.registration,
                "qr": segno.make_qr(code, error="q").svg_inline(
                    scale=6, border=2, omitsize=True, title=code
                ),
                "motions": [(motion, motion.pk in voted) for motion in open_motions],
                "closed": Motion.objects.filter(
                    session__congress=congress, status=Motion.Status.CLOSED
                ),
            },
        )
    )


@require_POST
def vote(request: HttpRequest, token: str, motion_id: int) -> HttpResponse:
    accreditation = _accreditation_or_404(token)
    motion = get_object_or_404(
        Motion, session__congress=accreditation.nomination.congress, pk=motion_id
    )
    chosen = [int(value) for value in request.POST.getlist("option")[:200] if value.isdigit()]
    try:
        voting.cast(accreditation, motion, chosen)
    except CongressError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your vote is counted."))
    return secret_page(redirect("congress_delegate", token=token))
