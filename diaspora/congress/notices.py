"""The accredited person's email: the secret link to their accreditation page, where
they show their door code and vote from a phone. Sent by the task worker after the
decision is committed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Accreditation


def accreditation_url(accreditation: Accreditation, language: str) -> str:
    with translation.override(language):
        path = reverse("congress_delegate", kwargs={"token": accreditation.token})
    return settings.DIASPORA_SITE_URL.rstrip("/") + path


def on_commit_accredited(accreditation: Accreditation) -> None:
    from .tasks import send_accreditation

    transaction.on_commit(lambda: send_accreditation.enqueue(accreditation.pk))


def send(accreditation_id: int) -> None:
    accreditation = (
        Accreditation.objects.select_related("nomination__congress__event", "registration")
        .filter(pk=accreditation_id)
        .first()
    )
    if accreditation is None:
        return
    nomination = accreditation.nomination
    language = accreditation.registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        event = nomination.congress.event
        role = _("Delegate") if accreditation.delegate else _("Guest")
        body = _(
            "Dear %(name)s,\n\nthe credentials commission has accredited you to %(congress)s "
            "as: %(role)s.\n\nYour accreditation page shows the code to check in at the "
            "door and, once you are checked in, the votes open to delegates:\n%(link)s\n\n"
            "The link is yours alone: do not pass it on."
        ) % {
            "name": nomination.full_name,
            "congress": event.local_title,
            "role": role,
            "link": accreditation_url(accreditation, language),
        }
        subject = _("Your accreditation: %(congress)s") % {"congress": event.local_title}
    EmailMessage(subject, body, to=[nomination.email]).send()
