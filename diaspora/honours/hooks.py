"""What honours adds to other apps' pages: a person's honours and nominations on
their record, and the steps waiting for the reader on their dashboard."""

from django.urls import reverse
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.people.record import Section
from diaspora.reports.dashboard import Todo

from .models import Endorsement, Nomination, Review
from .queries import may_decide, visible_nominations


def person_section(person, user) -> Section | None:
    """The record page is only opened within the reader's reach: its awards are the
    register's, its nominations those the reader may follow."""
    items = [
        _("%(honour)s: decree or order No. %(number)s of %(date)s")
        % {"honour": award.honour, "number": award.decree_number, "date": award.decree_date}
        for award in person.honour_awards.select_related("honour").order_by("decree_date")
    ]
    items += [
        _("%(honour)s, nominated in %(year)s: %(status)s")
        % {
            "honour": nomination.honour,
            "year": nomination.round.closes_at.year,
            "status": nomination.get_status_display(),
        }
        for nomination in visible_nominations(user).filter(person=person).order_by("pk")
        if not hasattr(nomination, "award")
    ]
    return Section(_("Honours"), items) if items else None


def todos(user) -> list[Todo]:
    found: list[Todo] = []
    if may_decide(user):
        waiting = Nomination.objects.filter(status=Nomination.Status.REVIEW).count()
        found.append(Todo(_("Honours nominations to decide"), waiting, reverse("honours")))
    reviewed = Review.objects.filter(reviewer=user).values("nomination")
    to_review = Nomination.objects.filter(
        round__panel=user, status=Nomination.Status.REVIEW
    ).exclude(pk__in=reviewed)
    if to_review.exists():
        found.append(
            Todo(_("Honours nominations to review"), to_review.count(), reverse("honours"))
        )
    reached = access.scope(user, Action.HONOURS_NOMINATE)
    if reached.office:
        asked = Endorsement.objects.filter(
            reached.organisations("organisation__"),
            given_at__isnull=True,
            nomination__status=Nomination.Status.ENDORSING,
        )
        if asked.exists():
            found.append(
                Todo(
                    _("Honours nominations asking for your endorsement"),
                    asked.count(),
                    reverse("honours"),
                )
            )
    return found
