"""The emails a registration sends: written in the registrant's language, sent by the
task worker after the registration is committed, with the ticket and a calendar file."""

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from diaspora import siteurl

from .models import Registration


def ticket_url(registration: Registration) -> str:
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        path = reverse("ticket", kwargs={"token": registration.token})
    return siteurl.absolute(path)


def on_commit_confirm(registration: Registration) -> None:
    from .tasks import send_notice

    transaction.on_commit(lambda: send_notice.enqueue(registration.pk, "registered"))


def on_commit_promoted(registration: Registration) -> None:
    from .tasks import send_notice

    transaction.on_commit(lambda: send_notice.enqueue(registration.pk, "promoted"))


# Anyone may type an address on the public page: its holder gets the link again at
# most once in this many seconds, however often it is typed.
RESEND_INTERVAL = 15 * 60


def on_commit_resend(registration: Registration) -> None:
    """The ticket link again, to the registered address only: someone registered it
    a second time, perhaps its holder who lost the first message."""
    from .tasks import send_notice

    if not cache.add(f"ticket-again:{registration.pk}", True, timeout=RESEND_INTERVAL):
        return

    transaction.on_commit(lambda: send_notice.enqueue(registration.pk, "again"))


def compose(registration: Registration, reason: str) -> EmailMessage:
    from .tickets import calendar_file, ticket_pdf

    event = registration.event
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        start = event.local_starts_at
        when = f"{start:%Y-%m-%d %H:%M} ({event.timezone})"
        place = (
            ", ".join(
                part
                for part in (
                    event.address,
                    event.city.local_name if event.city else "",
                    event.country.name if event.country else "",
                )
                if part
            )
            or event.online_url
        )
        if reason == "again":
            subject = _("Your ticket: %(title)s") % {"title": event.local_title}
            opening = _(
                "Someone asked to register this address for the event again. You were "
                "registered already and nothing has changed: here is your ticket."
            )
        elif registration.status == Registration.Status.WAITLISTED:
            subject = _("On the waiting list: %(title)s") % {"title": event.local_title}
            opening = _(
                "The event is full, so you are on the waiting list. If a place frees up, "
                "it is yours and we will write to you."
            )
        elif reason == "promoted":
            subject = _("A place has freed up: %(title)s") % {"title": event.local_title}
            opening = _("A place has freed up and it is yours: your registration is confirmed.")
        else:
            subject = _("Registration confirmed: %(title)s") % {"title": event.local_title}
            opening = _("Your registration is confirmed.")
        lines = [
            _("Dear %(name)s,") % {"name": registration.full_name},
            "",
            opening,
            "",
            f"{event.local_title}",
            _("When: %(when)s") % {"when": when},
            _("Where: %(place)s") % {"place": place},
            _("Ticket code: %(code)s") % {"code": registration.display_code},
            "",
            _("Your ticket, to show at the door or to cancel: %(url)s")
            % {"url": ticket_url(registration)},
        ]
        message = EmailMessage(
            subject=subject,
            body="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[registration.email],
        )
        message.attach("event.ics", calendar_file(event), "text/calendar")
        if registration.status == Registration.Status.CONFIRMED:
            message.attach(
                f"ticket-{registration.code}.pdf", ticket_pdf(registration), "application/pdf"
            )
    return message


def send(registration_id: int, reason: str) -> None:
    registration = Registration.objects.select_related("event__city", "event__country").get(
        pk=registration_id
    )
    if registration.status == Registration.Status.CANCELLED:
        return
    compose(registration, reason).send()
