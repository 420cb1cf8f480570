"""What congresses add to the dashboards: the nominations waiting for the credentials
commissions the reader sits on."""

from django.urls import reverse
from django.utils.translation import gettext as _

from diaspora.reports.dashboard import Todo

from .models import Congress, Nomination


def todos(user) -> list[Todo]:
    found = []
    for congress in Congress.objects.filter(commission=user).select_related("event"):
        waiting = Nomination.objects.filter(congress=congress, status=Nomination.Status.NOMINATED)
        if count := waiting.count():
            label = _("Nominations for %(congress)s to decide") % {"congress": congress.event}
            found.append(Todo(label, count, reverse("congress_review", args=[congress.event_id])))
    return found
