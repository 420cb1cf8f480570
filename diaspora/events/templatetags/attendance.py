"""A person's attendance at online events, for the page of their record (people
cannot import events: the template asks for it)."""

from django import template

from diaspora.events.attendance import figures

register = template.Library()


@register.inclusion_tag("events/_person_attendance.html")
def person_attendance(person):
    """The caller has decided the viewer may see `person`'s record."""
    return {"attendances": list(figures.of_person(person.pk)[:100])}


@register.filter
def country_name(code: str | None) -> str:
    """A country's name in the reader's language, from its code (no query)."""
    from diaspora.localized import country_name as name

    return name(code) if code else ""
