"""The email that tells the nominating organisation the Committee's decision, in the
deployment's language, sent by the task worker once the decision is committed (as
the events' notices are)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Nomination


def on_commit_outcome(nomination: Nomination) -> None:
    from .tasks import send_outcome

    pk = nomination.pk
    transaction.on_commit(lambda: send_outcome.enqueue(pk))


def recipients(nomination: Nomination) -> list[str]:
    """The organisation's address and the nominator's, whichever exist."""
    addresses = [nomination.organisation.email]
    if nomination.nominated_by is not None:
        addresses.append(nomination.nominated_by.email)
    return sorted({address for address in addresses if address})


def compose(nomination: Nomination) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        outcome = nomination.get_status_display()
        path = reverse("nomination", kwargs={"nomination_id": nomination.pk})
        lines = [
            _("The Committee has decided on your nomination of %(person)s for %(honour)s.")
            % {"person": nomination.person.full_name, "honour": nomination.honour.name},
            "",
            _("Decision: %(outcome)s") % {"outcome": outcome},
            _("Reason: %(reason)s") % {"reason": nomination.reason},
        ]
        award = getattr(nomination, "award", None)
        if award is not None:
            lines.append(
                _("Decree or order No. %(number)s of %(date)s")
                % {"number": award.decree_number, "date": award.decree_date.isoformat()}
            )
            if award.ceremony is not None:
                lines.append(
                    _("Ceremony: %(event)s, %(date)s")
                    % {
                        "event": award.ceremony.local_title,
                        "date": award.ceremony.local_starts_at.date().isoformat(),
                    }
                )
        lines += [
            "",
            _("The nomination and its history: %(url)s")
            % {"url": settings.DIASPORA_SITE_URL.rstrip("/") + path},
        ]
        return EmailMessage(
            subject=_("Nomination decided: %(person)s, %(outcome)s")
            % {"person": nomination.person.full_name, "outcome": outcome},
            body="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients(nomination),
        )


def send_outcome(nomination_id: int) -> None:
    from diaspora.accounts import audit

    nomination = Nomination.objects.select_related(
        "person", "honour", "organisation", "nominated_by"
    ).get(pk=nomination_id)
    message = compose(nomination)
    if not message.to:
        return
    message.send()
    audit.record(
        actor=None,
        action="nomination.outcome_sent",
        target=nomination,
        changes={"to": len(message.to)},
    )
