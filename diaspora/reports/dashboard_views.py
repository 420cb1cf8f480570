"""The landing page after login: what needs doing, and the figures of the reader's
part of the network over time."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from diaspora import access


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not access.in_office(request.user):
        return redirect("me")  # a compatriot's landing page is their own record
    return render(request, "reports/dashboard.html", {})
