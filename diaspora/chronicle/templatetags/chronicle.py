from django import template

from diaspora.chronicle.models import Claim
from diaspora.chronicle.queries import when

register = template.Library()


@register.filter
def claim_date(claim: Claim) -> str:
    return when(claim)


@register.inclusion_tag("chronicle/_event_acts.html")
def event_acts(event) -> dict:
    """The chronicle's acts an event is linked to, for the event's page."""
    return {"acts": list(event.chronicle_acts.all())}
