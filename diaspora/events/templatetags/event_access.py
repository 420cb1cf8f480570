"""Whether the reader may open an event's page: pages about an event (a congress's)
link to it only then, rather than to a 404."""

from django import template

from diaspora.events.queries import visible_events

register = template.Library()


@register.filter
def seen_by(event, user) -> bool:
    return visible_events(user).filter(pk=event.pk).exists()
