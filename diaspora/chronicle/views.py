"""The public chronicle: every act with its dates and sources; disputed dates side
by side, each with its source."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from diaspora.events.queries import visible_events

from . import queries


def chronicle(request: HttpRequest) -> HttpResponse:
    return render(request, "chronicle/chronicle.html", {"datings": queries.dated(queries.acts())})


def act(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(queries.acts(), slug=slug)
    events = visible_events(request.user).filter(chronicle_acts=found).order_by("starts_at")
    return render(
        request,
        "chronicle/act.html",
        {"dating": queries.Dating(found, list(found.claims.all())), "events": events},
    )
