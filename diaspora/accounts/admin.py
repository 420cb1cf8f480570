from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from diaspora import access
from diaspora.access import Action

from . import audit
from .models import ApiToken, AuditEntry, Role, User


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "label", "created_at", "last_used_at"]
    readonly_fields = ["user", "digest", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False  # tokens are issued by `manage.py api_token`, shown once


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log: read by those access lets read it (audit.view, network-wide),
    never written or erased from here."""

    action_needed = Action.AUDIT_VIEW

    def has_module_permission(self, request) -> bool:
        return access.allowed(request.user, self.action_needed)

    def has_view_permission(self, request, obj=None) -> bool:
        return access.allowed(request.user, self.action_needed)

    list_display = ["at", "actor_name", "action_label", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_name", "target_id"]
    date_hierarchy = "at"

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, obj: AuditEntry) -> str:
        return audit.label(obj.action)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
