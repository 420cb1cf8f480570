import copy

from django import forms
from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from diaspora import access
from diaspora.access import Action

from . import gazetteer, services
from .models import City, Country, Organisation, OrganisationKind
from .office import CommitteeAdmin, OfficeAdmin


@admin.register(Country)
class CountryAdmin(CommitteeAdmin):
    list_display = ["code", "name", "code3"]
    search_fields = ["code", "code3"]

    def has_add_permission(self, request) -> bool:
        return False  # the ISO list comes from pycountry


@admin.register(City)
class CityAdmin(CommitteeAdmin):
    list_display = ["local_name", "country", "timezone", "population"]
    list_filter = ["country"]
    search_fields = ["name", "names"]
    list_select_related = ["country"]

    def get_search_results(self, request, queryset, search_term):
        """Also every spelling the gazetteer knows (Kiyev, Київ, Гянджа), which the
        autocompletes of other pages use too."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            spelled = [city.pk for city in gazetteer.search(search_term, limit=50)]
            found = found | queryset.filter(pk__in=spelled)
        return found, duplicates


@admin.register(OrganisationKind)
class OrganisationKindAdmin(CommitteeAdmin):
    list_display = ["code", "name", "position"]


class OrganisationForm(forms.ModelForm):
    parent = forms.ModelChoiceField(
        label=_("belongs to"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The council or organisation this one is part of."),
    )
    # A website typed without its scheme is https, as Django 6 will assume.
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "parent",
            "kind",
            "name",
            "names",
            "focus",
            "status",
            "country",
            "city",
            "address",
            "email",
            "phone",
            "website",
            "founded_on",
            "description",
        ]

    def clean(self):
        cleaned = super().clean()
        city, country = cleaned.get("city"), cleaned.get("country")
        if city is not None and country is not None and city.country_id != country.pk:
            self.add_error("city", _("The city is not in the organisation’s country."))
        if not self.instance.pk and cleaned.get("parent") is None:
            self.add_error("parent", _("Choose where in the network this organisation belongs."))
        return cleaned


@admin.register(Organisation)
class OrganisationAdmin(OfficeAdmin):
    form = OrganisationForm
    list_display = ["local_name", "kind", "country", "city", "status"]
    list_filter = ["kind", "status", "focus", "country"]
    search_fields = ["name", "search_text", "slug"]
    list_select_related = ["kind", "country", "city"]
    autocomplete_fields = ["city"]
    view_action = Action.ORGANISATIONS_VIEW
    change_action = Action.ORGANISATIONS_EDIT
    # Deleting a node re-shapes the network (and everyone's reach under it).
    delete_action = Action.NETWORK_CONFIGURE

    def in_scope(self, request, action):
        return access.organisations(request.user, action)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and object_id:
            raise Http404(_("No organisation within your reach has this number."))
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The class made for this request shares its declared fields (`parent`) with
        # OrganisationForm and so with every other request and user: change copies only.
        fields = form.base_fields = copy.deepcopy(form.base_fields)
        if "kind" not in fields:
            return form  # read only (organisations.view without .edit): nothing to choose
        fields["parent"].queryset = access.organisations(
            request.user, Action.ORGANISATIONS_EDIT
        ).order_by("path")
        if obj is not None:
            # Moving a node or changing what it is re-shapes everyone's reach: not done here.
            for name in ("parent", "kind", "country"):
                fields[name].disabled = True
            parent = Organisation.objects.get_parent(obj)
            fields["parent"].initial = parent
            # Shown, not chosen: the parent of one's own node lies outside one's reach.
            fields["parent"].queryset = Organisation.objects.filter(pk=getattr(parent, "pk", None))
        return form

    def get_deleted_objects(self, objs, request):
        # Deleting a node deletes its subtree (treebeard), whose members and lists are
        # protected: weigh the whole subtree, so the page refuses instead of failing.
        subtree = [node for obj in objs for node in Organisation.objects.get_tree(obj)]
        return super().get_deleted_objects(subtree, request)

    def save_model(self, request, obj, form, change):
        values = {
            name: form.cleaned_data[name]
            for name in services.EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        if change:
            current = Organisation.objects.get(pk=obj.pk)
            saved = services.update_organisation(current, by=request.user, **values)
        else:
            saved = services.create_organisation(
                parent=form.cleaned_data["parent"],
                kind=form.cleaned_data["kind"],
                country=form.cleaned_data["country"],
                by=request.user,
                **values,
            )
        obj.pk, obj.path, obj.depth, obj.slug = saved.pk, saved.path, saved.depth, saved.slug
