"""The register where other apps' pages show it: an organisation's public page (its
consenting recipients) and a compatriot's own record (their honours). Those pages
load these tags; the apps below honours never import it."""

from django import template

from diaspora.honours import queries

register = template.Library()


@register.inclusion_tag("honours/_recipients.html")
def organisation_recipients(organisation):
    return {"awards": list(queries.organisation_register(organisation)[:100])}


@register.inclusion_tag("honours/_recipients.html")
def own_honours(person):
    return {"awards": list(queries.own_awards(person)) if person else []}
