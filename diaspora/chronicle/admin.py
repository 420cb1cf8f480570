from django.contrib import admin

from diaspora.access import Action
from diaspora.directory.office import ActionAdmin, OfficeInline

from .models import Act, Claim


class ClaimInline(OfficeInline):
    """Each source's date for the act: a disputed date is a second claim, not an edit."""

    model = Claim
    extra = 1
    fields = ["date", "precision", "source", "url", "notes"]
    # The chronicle is the whole network's: those who configure it keep it.
    view_action = change_action = Action.NETWORK_CONFIGURE


@admin.register(Act)
class ActAdmin(ActionAdmin):
    list_display = ["slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["slug"]
    filter_horizontal = ["events"]
    inlines = [ClaimInline]
    view_action = Action.NETWORK_CONFIGURE
    change_action = Action.NETWORK_CONFIGURE
    delete_action = Action.NETWORK_CONFIGURE
