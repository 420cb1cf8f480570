"""Event pages: the public list and page with its registration form, the ticket, the
organisers' pages (new/edit, registrations) and the door's check-in page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diaspora import access
from diaspora.access import Action
from diaspora.directory.models import Country
from diaspora.localized import collation_key
from diaspora.people.queries import own_record

from . import queries, services, tickets
from .attendance import figures as attendance_figures
from .forms import CheckInForm, EventForm, GuestForm, RegistrationForm
from .models import Event, EventKind, Registration

PER_PAGE = 30


def event_list(request: HttpRequest) -> HttpResponse:
    events = queries.visible_events(request.user)
    countries = sorted(
        Country.objects.filter(pk__in=events.values("country")),
        key=lambda country: collation_key(country.name),
    )
    kind = EventKind.objects.filter(code=request.GET.get("kind", "")[:40]).first()
    if kind is not None:
        events = events.filter(kind=kind)
    country = request.GET.get("country", "")[:2].upper()
    if country:
        events = events.filter(country_id=country)
    past = request.GET.get("past") == "1"
    now = timezone.now()
    if past:
        events = events.filter(starts_at__lt=now).order_by("-starts_at", "-id")
    else:
        events = queries.upcoming(events, now)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "page": page,
            "kinds": EventKind.objects.all(),
            "kind": kind,
            "country": country,
            "countries": countries,
            "past": past,
            "can_create": access.allowed(request.user, Action.EVENTS_ORGANISE),
            "world_day": queries.world_day(),
        },
    )


def visible_or_404(request: HttpRequest, event_id: int) -> Event:
    return get_object_or_404(queries.visible_events(request.user), pk=event_id)


def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = visible_or_404(request, event_id)
    person = own_record(request.user)
    initial = {}
    if person is not None:
        initial = {
            "given_name": person.given_name,
            "surname": person.surname,
            "email": person.email,
        }
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.register_publicly(
                event,
                given_name=data["given_name"],
                surname=data["surname"],
                email=data["email"],
                # The public registers themselves: organisers use their own pages.
                by=request.user if request.user.is_authenticated else None,
                person=person,
                language=get_language() or "",
                contact=data["contact"],
            )
        except services.EventError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            if registration is not None:  # the compatriot's own
                return redirect("ticket", token=registration.token)
            # The same words whether or not the address was registered before.
            messages.success(
                request,
                _(
                    "Thank you. We have sent a message to %(email)s: the ticket link "
                    "is in it. Check your inbox."
                )
                % {"email": data["email"]},
            )
            return redirect("event", event_id=event.pk)
    manages = request.user.is_authenticated and services.organises(request.user, event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "form": form,
            "open": services.registration_is_open(event),
            "manages": manages,
            "attendance": attendance_figures.map_context(event)
            if event.attendances.exists()
            else None,
        },
        status=400 if form.errors else 200,
    )


def event_calendar(request: HttpRequest, event_id: int) -> HttpResponse:
    event = visible_or_404(request, event_id)
    response = HttpResponse(
        tickets.calendar_file(event), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def ticket_or_404(token: str) -> Registration:
    registration = services.ticket_by_token(token)
    if registration is None:
        raise Http404(_("No ticket has this address."))
    return registration


def secret_page(response: HttpResponse) -> HttpResponse:
    """The page's address is the ticket: no shared caches, and no Referer to other
    sites. Same-origin, not no-referrer: under no-referrer Chromium sends `Origin:
    null` with the page's own forms, and the CSRF check refuses the cancellation."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def ticket(request: HttpRequest, token: str) -> HttpResponse:
    registration = ticket_or_404(token)
    ahead = None
    if registration.status == Registration.Status.WAITLISTED:
        ahead = Registration.objects.filter(
            event=registration.event_id,
            status=Registration.Status.WAITLISTED,
            id__lt=registration.pk,
        ).count()
    response = render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": registration.event,
            "qr": tickets.qr_svg(registration)
            if registration.status == Registration.Status.CONFIRMED
            else "",
            "ahead": ahead,
        },
    )
    return secret_page(response)


def ticket_pdf(request: HttpRequest, token: str) -> HttpResponse:
    registration = ticket_or_404(token)
    if registration.status != Registration.Status.CONFIRMED:
        raise Http404(_("Only a confirmed registration has a ticket to print."))
    response = HttpResponse(tickets.ticket_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ticket-{registration.code}.pdf"'
    return secret_page(response)


@require_POST
def ticket_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = ticket_or_404(token)
    try:
        services.cancel_registration(
            registration, by=request.user if request.user.is_authenticated else None
        )
    except services.EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return secret_page(redirect("ticket", token=registration.token))


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    if not access.allowed(request.user, Action.EVENTS_ORGANISE):
        raise PermissionDenied(_("Events are created by the office of an organisation."))
    return event_form(request, None)


@login_required
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    return event_form(request, queries.managed_or_refused(request.user, event_id))


def event_form(request: HttpRequest, event: Event | None) -> HttpResponse:
    organisations = access.organisations(request.user, Action.EVENTS_ORGANISE).order_by("path")
    form = EventForm(request.POST or None, organisations=organisations, event=event)
    if request.method == "POST" and form.is_valid():
        values = form.event_values()
        try:
            if event is None:
                event = services.create_event(
                    by=request.user, organisers=[form.cleaned_data["organiser"]], **values
                )
            else:
                event = services.update_event(event, by=request.user, **values)
        except services.EventError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("The event is saved."))
            return redirect("event", event_id=event.pk)
    return render(
        request,
        "events/event_form.html",
        {"form": form, "event": event},
        status=400 if form.errors else 200,
    )


@login_required
def event_registrations(request: HttpRequest, event_id: int) -> HttpResponse:
    event = queries.managed_or_refused(request.user, event_id)
    # Organisers add a guest themselves: by phone, on paper, at the door.
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration, created = services.register(
                event, by=request.user, language=get_language() or "", **form.cleaned_data
            )
        except services.EventError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            message = (
                _("%(name)s: %(status)s.") if created else _("%(name)s was registered already.")
            )
            messages.success(
                request,
                message
                % {"name": registration.full_name, "status": registration.get_status_display()},
            )
            return redirect("event_registrations", event_id=event.pk)
    registrations = queries.registrations_of(event)
    status = request.GET.get("status", "")
    if status in Registration.Status.values:
        registrations = registrations.filter(status=status)
    page = Paginator(registrations, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "page": page,
            "status": status,
            "arrived": services.arrivals(event),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def registration_cancel(request: HttpRequest, event_id: int, registration_id: int):
    event = queries.managed_or_refused(request.user, event_id)
    registration = get_object_or_404(Registration, event=event, pk=registration_id)
    try:
        promoted = services.cancel_registration(registration, by=request.user)
    except services.EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Cancelled; %(count)d moved up from the waiting list.") % {"count": len(promoted)},
        )
    return redirect("event_registrations", event_id=event.pk)


@login_required
def check_in(request: HttpRequest, event_id: int) -> HttpResponse:
    event = queries.managed_or_refused(request.user, event_id)
    form = CheckInForm(request.POST or None)
    result, refusal, status = None, None, 200
    if request.method == "POST" and form.is_valid():
        try:
            result = services.check_in(event, form.cleaned_data["code"], by=request.user)
        except services.CheckInRefused as refused:
            refusal, status = refused, 409
    elif request.method == "POST":
        status = 400
    context = {
        "event": event,
        "form": CheckInForm() if result else form,
        "result": result,
        "refusal": refusal,
        "arrived": services.arrivals(event),
    }
    template = (
        "events/_check_in_response.html"
        if request.headers.get("HX-Request")
        else "events/check_in.html"
    )
    return render(request, template, context, status=status)


@login_required
def arrivals(request: HttpRequest, event_id: int) -> HttpResponse:
    event = queries.managed_or_refused(request.user, event_id)
    return render(
        request, "events/_arrivals.html", {"event": event, "arrived": services.arrivals(event)}
    )
