"""Back-office access: what a role may do in the admin, decided from its reach."""

from django.contrib import admin
from django.http import HttpRequest

from .queries import reach


def in_office(request: HttpRequest) -> bool:
    return request.user.is_active and request.user.is_staff and reach(request.user) != []


def at_root(request: HttpRequest) -> bool:
    return request.user.is_active and reach(request.user) is None


class OfficeAdmin(admin.ModelAdmin):
    """Open to every office role; each admin narrows get_queryset to the role's reach."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return in_office(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return in_office(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return in_office(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return in_office(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser


class CommitteeAdmin(admin.ModelAdmin):
    """Network-wide configuration: readable by every office role, changed at the root."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return in_office(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return in_office(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return at_root(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return at_root(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser


class OfficeInline(admin.TabularInline):
    """Related rows edited inside a record the role already reaches."""

    extra = 0

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return in_office(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return in_office(request)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return in_office(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return in_office(request)
