"""Back-office access: each admin names the actions its pages do, and diaspora.access
decides. Django's admin lets in only users flagged is_staff (granting a role sets it);
within, nothing but these actions opens or changes a record."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from diaspora import access
from diaspora.access import Action


class ActionAdmin(admin.ModelAdmin):
    """An admin whose permissions are access's answers for its declared actions:
    `view_action` lists and opens, `change_action` changes, `add_action` adds
    (the change action unless said), `delete_action` deletes; None refuses."""

    view_action: Action
    change_action: Action | None = None
    add_action: Action | None = None
    delete_action: Action | None = None

    def in_scope(self, request: HttpRequest, action: Action) -> QuerySet:
        """The records the action reaches for the user: all of them here; an admin
        of records held at organisations narrows this with access's scope."""
        return admin.ModelAdmin.get_queryset(self, request)

    def asks(self, request: HttpRequest, action: Action | None, obj=None) -> bool:
        if action is None or not access.allowed(request.user, action):
            return False
        return obj is None or self.in_scope(request, action).filter(pk=obj.pk).exists()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.in_scope(request, self.view_action)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.asks(request, self.view_action)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.asks(request, self.view_action, obj) or self.has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.asks(request, self.change_action, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.asks(request, self.add_action or self.change_action)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.asks(request, self.delete_action, obj)


class OfficeAdmin(ActionAdmin):
    """Records of the network's organisations: each admin narrows get_queryset to
    the scope of its view action, and checks the change action where it saves."""


class CommitteeAdmin(ActionAdmin):
    """Network-wide configuration: read by every office that handles organisations
    (their forms pick cities and kinds), changed by those who configure the network."""

    view_action = Action.ORGANISATIONS_VIEW
    change_action = Action.NETWORK_CONFIGURE
    delete_action = Action.NETWORK_CONFIGURE


class OfficeInline(admin.TabularInline):
    """Related rows edited inside a record the user already reaches: viewed with the
    record's view action, changed with its change action."""

    extra = 0
    view_action: Action
    change_action: Action

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return access.allowed(request.user, self.view_action)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return access.allowed(request.user, self.change_action)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return access.allowed(request.user, self.change_action)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return access.allowed(request.user, self.change_action)
