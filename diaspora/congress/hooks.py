"""What congresses add to the dashboards: the nominations waiting for the credentials
commissions the reader sits on, and for a nominating office each congress taking
nominations (a congress open to the Committee's members only has no other way in)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from diaspora.reports.dashboard import Todo

from .models import Congress, Nomination
from .nominations import nominations_open
from .queries import nominating_organisations


def todos(user) -> list[Todo]:
    found = []
    for congress in Congress.objects.filter(commission=user).select_related("event"):
        waiting = Nomination.objects.filter(congress=congress, status=Nomination.Status.NOMINATED)
        if count := waiting.count():
            label = _("Nominations for %(congress)s to decide") % {"congress": congress.event}
            found.append(Todo(label, count, reverse("congress_review", args=[congress.event_id])))
    offices = nominating_organisations(user)
    if offices.exists():
        for congress in Congress.objects.select_related("event").order_by("event__starts_at"):
            if nominations_open(congress):
                sent = Nomination.objects.filter(congress=congress, organisation__in=offices)
                label = _("Your nominations to %(congress)s") % {
                    "congress": congress.event.local_title
                }
                url = reverse("congress_nominations", args=[congress.event_id])
                found.append(Todo(label, sent.count(), url))
    return found
