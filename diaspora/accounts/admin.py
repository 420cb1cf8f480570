from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from diaspora import access
from diaspora.access import Action

from . import audit, services, tokens
from .granting import (
    grantable_kinds,
    may_manage_user,
    organisations_in_reach,
    roles_in_reach,
    users_in_reach,
)
from .models import ApiToken, AuditEntry, Role, User

# The back office's user pages follow the users pages' rules (granting.py): open to
# holders of users.manage, showing the users with a role in their reach, and every
# change of role goes through the services, which check and audit it.


def manages_users(request) -> bool:
    return access.allowed(request.user, Action.USERS_MANAGE)


class RoleFormSet(BaseInlineFormSet):
    """Refuses, before anything is saved, any role the person acting may not grant,
    change or revoke; the save itself is done by UserAdmin.save_formset."""

    granter: User

    def clean(self):
        super().clean()
        target = self.instance
        for form in self.forms:
            deleting = bool(form.instance.pk) and self._should_delete_form(form)
            if not deleting and not (hasattr(form, "cleaned_data") and form.has_changed()):
                continue
            try:
                if form.instance.pk:
                    original = Role.objects.select_related("organisation").get(pk=form.instance.pk)
                    services.check_may_touch(original, by=self.granter)
                    if self._should_delete_form(form):
                        services.check_keeps_committee(original)
                        continue
                if form.cleaned_data.get("kind") and form.cleaned_data.get("organisation"):
                    services.check_grant(
                        target,
                        form.cleaned_data["kind"],
                        form.cleaned_data["organisation"],
                        by=self.granter,
                    )
            except services.AccountsError as error:
                raise ValidationError(str(error)) from error


class RoleInline(admin.TabularInline):
    model = Role
    formset = RoleFormSet
    extra = 0
    fields = ["kind", "organisation", "granted_at"]
    readonly_fields = ["granted_at"]

    def get_queryset(self, request):
        # The roles this person may change; others are listed read-only on the user.
        return (
            super()
            .get_queryset(request)
            .filter(
                pk__in=roles_in_reach(request.user).filter(kind__in=grantable_kinds(request.user))
            )
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.granter = request.user
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = organisations_in_reach(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = [(k, Role.Kind(k).label) for k in grantable_kinds(request.user)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def _may_edit(self, request, obj) -> bool:
        return manages_users(request) and (obj is None or obj.pk != request.user.pk)

    def has_view_permission(self, request, obj=None) -> bool:
        return manages_users(request)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users with a role in reach; only a superuser sets the superuser and staff flags,
    groups and permissions, and nobody sets another's password here (they reset it)."""

    inlines = [RoleInline]
    office_fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "other_roles")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def has_module_permission(self, request) -> bool:
        return manages_users(request)

    def has_view_permission(self, request, obj=None) -> bool:
        if not manages_users(request):
            return False
        return obj is None or users_in_reach(request.user).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser  # others invite (the users pages)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=users_in_reach(request.user))

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return super().get_fieldsets(request, obj)
        return self.office_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["other_roles"]
        if obj is not None and may_manage_user(request.user, obj):
            return ["other_roles", "last_login", "date_joined"]
        return [
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "other_roles",
            "last_login",
            "date_joined",
        ]

    @admin.display(description=_("all roles"))
    def other_roles(self, obj: User) -> str:
        """Every role the user holds: the inline offers only those the viewer may change."""
        return "; ".join(str(role) for role in obj.roles.select_related("organisation")) or "—"

    def user_change_password(self, request, id, form_url=""):
        if str(request.user.pk) != str(id):
            raise PermissionDenied  # another's password: reset by email, not set here
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change) -> None:
        before = (
            audit.snapshot(User.objects.get(pk=obj.pk), list(form.changed_data)) if change else {}
        )
        super().save_model(request, obj, form, change)
        after = audit.snapshot(obj, list(form.changed_data))
        if "password" in after:  # what changed, never the hash
            after["password"], before["password"] = "changed", ""
        if change and form.changed_data:
            audit.record(
                actor=request.user,
                action="user.changed",
                target=obj,
                changes=audit.diff(before, after),
            )
        elif not change:
            audit.record(
                actor=request.user,
                action="user.created",
                target=obj,
                changes={"username": [None, obj.username]},
            )

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Role:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        user = form.instance
        for role in formset.deleted_objects:
            services.revoke_role(role, by=request.user)
        for role, _fields in formset.changed_objects:
            services.change_role(
                role, kind=role.kind, organisation=role.organisation, by=request.user
            )
        for role in formset.new_objects:
            services.grant_role(user, role.kind, role.organisation, by=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens of the users in reach: seen and revoked (audited), never issued here
    (each user creates their own on the tokens page; shown once)."""

    list_display = ["user", "label", "prefix", "scope", "created_at", "expires_at", "last_used_at"]
    readonly_fields = [
        "user",
        "label",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
    ]
    exclude = ["digest"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user__in=users_in_reach(request.user))

    def has_module_permission(self, request) -> bool:
        return manages_users(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return manages_users(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        if not manages_users(request):
            return False
        return (
            obj is None or obj.user_id == request.user.pk or may_manage_user(request.user, obj.user)
        )

    def delete_model(self, request, obj) -> None:
        tokens.revoke_token(obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for row in queryset:
            tokens.revoke_token(row, by=request.user)


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
