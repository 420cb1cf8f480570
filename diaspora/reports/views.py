from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from diaspora.directory.queries import kinds

from .queries import network_stats


def home(request: HttpRequest) -> HttpResponse:
    stats = network_stats()
    by_kind = stats["organisations"]["by_kind"]
    cards = [{"kind": kind, **by_kind[kind.code]} for kind in kinds() if kind.code in by_kind]
    return render(request, "reports/home.html", {"stats": stats, "cards": cards})
