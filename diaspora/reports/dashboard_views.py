"""The landing page after login: what needs doing, and the figures of the reader's
part of the network over time. A compatriot lands on their own record."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from diaspora import access

from . import dashboard


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    if not access.in_office(request.user):
        return redirect("me")
    nodes = dashboard.nodes(request.user)
    chosen = request.GET.get("node", "")
    node = next((n for n in nodes if n.slug == chosen), nodes[0] if nodes else None)
    return render(
        request,
        "reports/dashboard.html",
        {
            "nodes": nodes,
            "node": node,
            "todos": dashboard.todos(request.user),
            "panels": dashboard.panels(node) if node is not None else [],
        },
    )
