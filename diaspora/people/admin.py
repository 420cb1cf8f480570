import json

from django import forms
from django.contrib import admin
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from diaspora import access
from diaspora.access import Action
from diaspora.apitools import MAX_QUERY_TEXT
from diaspora.directory.office import ActionAdmin, OfficeAdmin, OfficeInline
from diaspora.events.attendance import figures as attendance

from . import services, unreadable
from .erasure import ErasureRequest
from .models import Consent, Membership, Person
from .queries import visible_memberships, visible_people
from .search import search_people

SEARCH_RESULTS = 200


def describe(matched: list[tuple[str, str, float]]) -> str:
    """“Алиев ≈ Əliyev, Рашад ≈ Rəşad”: which word of the name answered which query word."""
    return ", ".join(
        f"{query} ≈ {found}" for query, found, _score in matched if query.lower() != found.lower()
    )


def own_fields_only(change_message: str) -> str:
    """An admin history message without the related rows it names (a membership is
    written with its organisation's name); a message in free text says nothing."""
    try:
        parts = json.loads(change_message)
    except ValueError:
        return ""
    if not isinstance(parts, list):
        return ""
    return json.dumps(
        [part for part in parts if not any("object" in detail for detail in part.values())]
    )


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "full_name",
            "given_name",
            "surname",
            "patronymic",
            "birth_date",
            "sex",
            "email",
            "phone",
            "country",
            "city",
            "citizenships",
            "languages",
        ]

    # Language codes typed as "az, ru", not a JSON list in a text box.
    languages = forms.CharField(
        label=_("languages"),
        required=False,
        max_length=200,
        help_text=_("Language codes separated by commas, as: az, ru, en."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["languages"] = ", ".join(self.instance.languages or [])

    def clean_languages(self) -> list[str]:
        text = (self.cleaned_data.get("languages") or "").strip()
        if text.startswith("["):  # a JSON list, as scripts posted before
            try:
                text = ", ".join(str(code) for code in json.loads(text))
            except (ValueError, TypeError):
                text = text.strip("[]")
        codes = [code.strip().lower() for code in text.replace(";", ",").split(",")]
        codes = [code for code in codes if code]
        wrong = [code for code in codes if not code.isalpha() or len(code) > 3]
        if wrong:
            raise forms.ValidationError(
                _("Not a language code: %(codes)s. Use two or three letters, as az or ru.")
                % {"codes": ", ".join(wrong)}
            )
        return list(dict.fromkeys(codes))

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in services.PERSON_FIELDS if name in cleaned}
        try:
            services.check_person(values)
        except services.PeopleError as error:
            self.add_error(error.field, str(error))
        else:
            cleaned.update(values)
        return cleaned


class MembershipInline(OfficeInline):
    model = Membership
    view_action = Action.PEOPLE_VIEW
    change_action = Action.PEOPLE_EDIT
    fields = ["organisation", "role", "started_on", "ended_on"]
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request):
        # Only memberships in the user's reach: a member of the House may also belong
        # to an organisation elsewhere, which this user may neither see nor remove.
        memberships = super().get_queryset(request).select_related("organisation")
        return memberships.filter(pk__in=visible_memberships(request.user).values("pk"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = access.organisations(request.user, Action.PEOPLE_EDIT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ConsentInline(OfficeInline):
    model = Consent
    view_action = Action.PEOPLE_VIEW
    change_action = Action.PEOPLE_EDIT
    fields = ["purpose", "given_at", "method", "withdrawn_at", "recorded_by"]
    readonly_fields = ["recorded_by"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a consent is withdrawn, never deleted


@admin.register(Person)
class PersonAdmin(OfficeAdmin):
    form = PersonForm
    list_display = ["record", "edit", "matched", "script", "birth_date", "country", "city"]
    list_display_links = None  # a person opens on their record's page, edited from there
    list_filter = ["script", "sex", ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["full_name"]  # searched by name in any script: see get_search_results
    search_help_text = _("A name in any script or spelling, an email or a phone number.")
    list_select_related = ["country", "city"]
    filter_horizontal = ["citizenships"]
    autocomplete_fields = ["city"]  # the gazetteer holds some 34,000 cities
    readonly_fields = ["script", "user", "not_understood", "online_events"]
    inlines = [MembershipInline, ConsentInline]
    actions = ["erase"]
    view_action = Action.PEOPLE_VIEW
    change_action = Action.PEOPLE_EDIT

    @admin.action(description=_("Erase the selected person…"), permissions=["erase"])
    def erase(self, request, queryset):
        """To the erasure page, which shows what it will touch before it is done; one
        person at a time, as it cannot be undone."""
        if queryset.count() != 1:
            self.message_user(request, _("Choose one person to erase."), level="error")
            return None
        return redirect("erase_person", queryset.get().pk)

    def get_readonly_fields(self, request, obj=None):
        # The values a list gave that could not be read, and the online events
        # attended: only where there are some.
        shown = list(super().get_readonly_fields(request, obj))
        if obj is None or not obj.unreadable:
            shown.remove("not_understood")
        if obj is None or not attendance.of_person(obj.pk).exists():
            shown.remove("online_events")
        return shown

    @admin.display(description=_("Online events attended"))
    def online_events(self, obj: Person) -> str:
        """Recorded from the events' attendance reports; corrected on those pages."""
        return render_to_string(
            "events/_person_attendance.html",
            {"attendances": list(attendance.of_person(obj.pk)[:100]), "heading": False},
        )

    @admin.display(description=_("Not understood in a list"))
    def not_understood(self, obj: Person) -> str:
        items = format_html_join(
            "",
            "<li>{}: <code>{}</code>. {}</li>",
            (
                (item["field"], item["text"], item["hint"])
                for item in unreadable.described(obj.unreadable)
            ),
        )
        hint = _("Kept as written. Correct the field and save: its value here is then dropped.")
        return format_html('<ul class="unreadable">{}</ul><p class="help">{}</p>', items, hint)

    def has_erase_permission(self, request) -> bool:
        return access.allowed(request.user, Action.PEOPLE_ERASE)

    def in_scope(self, request, action):
        return visible_people(request.user, action)

    def get_search_results(self, request, queryset, search_term):
        """Names in any script through the name words, ranked; an email or a phone
        number exactly."""
        term = " ".join(search_term.split())[:MAX_QUERY_TEXT]
        if "@" in term or not any(ch.isalpha() for ch in term):
            digits = "".join(ch for ch in term if ch.isdigit())
            exact = Q(email__iexact=term) | (Q(phone__endswith=digits) if digits else Q(pk=None))
            return (queryset.filter(exact) if term else queryset), False
        found = search_people(term, queryset, limit=SEARCH_RESULTS)
        rank = Case(
            *[When(pk=hit.person.pk, then=Value(i)) for i, hit in enumerate(found)],
            default=Value(len(found)),
        )
        matched = Case(
            *[When(pk=hit.person.pk, then=Value(describe(hit.matched))) for hit in found],
            default=Value(""),
        )
        people = queryset.filter(pk__in=[hit.person.pk for hit in found])
        # The change list orders before it searches: the rank decides here.
        ranked = people.annotate(search_rank=rank, search_matched=matched)
        return ranked.order_by("search_rank", "pk"), False

    @admin.display(description=_("full name as written"), ordering="full_name")
    def record(self, obj: Person) -> str:
        return format_html('<a href="{}">{}</a>', reverse("person", args=[obj.pk]), obj.full_name)

    @admin.display(description="")
    def edit(self, obj: Person) -> str:
        url = reverse("admin:people_person_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("edit"))

    def get_view_on_site_url(self, obj=None):
        return reverse("person", args=[obj.pk]) if obj is not None and obj.pk else None

    @admin.display(description=_("matched spelling"))
    def matched(self, obj: Person) -> str:
        return getattr(obj, "search_matched", "")

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and object_id:
            raise Http404(_("No compatriot within your reach has this number."))
        return obj

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        whole = access.scope(request.user, Action.PEOPLE_VIEW).everywhere
        if not whole and hasattr(response, "context_data"):
            # An entry names each membership changed with its organisation, which
            # may lie outside this user's reach: below the root, the person's own
            # fields only (the audit log keeps the rest).
            for entry in response.context_data["action_list"]:
                entry.change_message = own_fields_only(entry.change_message)
        return response

    def save_model(self, request, obj, form, change):
        values = {
            name: form.cleaned_data[name]
            for name in services.PERSON_FIELDS
            if name in form.cleaned_data
        }
        if change:
            changed = {name: values[name] for name in form.changed_data if name in values}
            saved = services.update_person(
                Person.objects.get(pk=obj.pk), by=request.user, **changed
            )
        else:
            saved = services.register_person(by=request.user, **values)
        obj.pk = saved.pk
        for name in ("full_name", "given_name", "surname", "patronymic", "script", "phone"):
            setattr(obj, name, getattr(saved, name))

    def save_related(self, request, form, formsets, change):
        # Citizenships were saved by the service; relations go through it too, audited.
        for formset in formsets:
            changed = formset.save(commit=False)
            for deleted in formset.deleted_objects:
                services.remove_relation(deleted, by=request.user)
            for instance in changed:
                services.save_relation(instance, by=request.user)


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ActionAdmin):
    """Requests to be forgotten, for those who erase (people.erase, network-wide);
    decided on the erasure page, never changed here."""

    list_display = ["person_number", "requested_at", "status", "decided_at", "erase_link"]
    list_filter = ["status"]
    view_action = Action.PEOPLE_ERASE

    @admin.display(description=_("record"))
    def person_number(self, obj: ErasureRequest) -> int:
        return obj.person_id

    @admin.display(description=_("decide"))
    def erase_link(self, obj: ErasureRequest) -> str:
        url = reverse("erase_person", args=[obj.person_id])
        return format_html('<a href="{}">{}</a>', url, _("erasure page"))
