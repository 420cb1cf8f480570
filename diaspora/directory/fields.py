"""Form fields of the directory's records."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import gazetteer
from .models import City, Country


class CitySearchInput(forms.TextInput):
    """A city typed by name, with suggestions: a text input and its <datalist>, which
    static/js/city-search.js fills from /api/cities as one types. Without script the
    typed name is sent and the field finds it (Kiev, Киев: Kyiv). A country holds
    thousands of cities: a <select> of them cannot be searched (typing "Kiev" in one
    picks Kiliya)."""

    template_name = "directory/widgets/city_search.html"

    def __init__(self, attrs: dict[str, Any] | None = None, country_field: str = "country"):
        super().__init__({"autocomplete": "off", "data-city-search": "", **(attrs or {})})
        self.country_field = country_field

    def format_value(self, value: Any) -> str | None:
        # The form's initial value is the city's id: show its name.
        if isinstance(value, City):
            return value.local_name
        text = str(value).strip() if value not in (None, "") else ""
        if text.isascii() and text.isdigit():
            city = City.objects.filter(pk=int(text)).first()
            return city.local_name if city is not None else text
        return text or None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-suggestions"
        widget["attrs"].update(
            {
                "list": list_id,
                "data-source": reverse("api:list_cities"),
                "data-country-field": self.country_field,
            }
        )
        widget["list_id"] = list_id
        return context


class CityChoiceField(forms.ModelChoiceField):
    """A city of the form's country, by its id (what the suggestions send) or by any
    spelling of its name (Kiev, Киев, Київ: what a person or a script types). The
    form sets `country` once it knows it."""

    widget = CitySearchInput
    country: str | None = None

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()):
            if not self.country:
                raise ValidationError(
                    _("Choose the country first: “%(city)s” is looked for in it."),
                    code="no_country",
                    params={"city": text[:120]},
                )
            city = gazetteer.find_city(self.country, text)
            if city is None:
                country = Country.objects.filter(code=self.country.upper()).first()
                raise ValidationError(
                    _("The directory knows no city “%(city)s” in %(country)s."),
                    code="invalid_choice",
                    params={"city": text[:120], "country": country.name if country else ""},
                )
            value = city.pk
        return super().to_python(value)
