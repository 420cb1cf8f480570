from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from diaspora.access import Action
from diaspora.directory.office import CommitteeAdmin, OfficeAdmin

from .models import Event, EventKind
from .queries import managed_events


@admin.register(EventKind)
class EventKindAdmin(CommitteeAdmin):
    list_display = ["code", "name", "position"]


@admin.register(Event)
class EventAdmin(OfficeAdmin):
    """The office's list of its events. Events are created and changed on their own
    pages, where the registration rules (waiting list, capacity) apply."""

    list_display = [
        "local_title",
        "kind",
        "starts_at",
        "country",
        "city",
        "capacity",
        "confirmed_count",
        "waitlisted_count",
        "status",
        "page",
    ]
    list_filter = ["kind", "status", "audience", "country"]
    search_fields = ["title", "titles"]
    date_hierarchy = "starts_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_select_related = ["kind", "country", "city"]

    view_action = Action.EVENTS_ORGANISE  # changed on the events' own pages

    def in_scope(self, request, action):
        return managed_events(request.user, action)

    @admin.display(description=_("page"))
    def page(self, event: Event) -> str:
        return format_html('<a href="{}">{}</a>', reverse("event", args=[event.pk]), _("open"))
