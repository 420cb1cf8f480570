from django import forms
from django.utils.translation import gettext_lazy as _

from diaspora.localized import collation_key

from .models import City, Country, OrganisationKind
from .queries import countries_with_organisations


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ModelChoiceField(
        label=_("Kind"),
        required=False,
        queryset=OrganisationKind.objects.exclude(position=0),
        to_field_name="code",
        empty_label=_("All kinds"),
    )
    city = forms.ModelChoiceField(
        label=_("City"), required=False, queryset=City.objects.none(), empty_label=_("All cities")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        countries = sorted(countries_with_organisations(), key=lambda c: collation_key(c.name))
        self.fields["country"].choices = [("", _("All countries"))] + [
            (c.code, c.name) for c in countries
        ]
        code = (self.data.get("country") or "").upper()
        if code:
            cities = City.objects.filter(country_id=code, organisations__depth__gt=1).distinct()
            self.fields["city"].queryset = cities
            city = self.data.get("city") or ""
            # isdigit() is true of "¹" and "٣" too, which int() may refuse.
            if city.isascii() and city.isdigit() and not cities.filter(pk=int(city)).exists():
                # The country changed under a city of the last one: forget the city.
                self.data = self.data.copy()
                self.data.pop("city")

    def clean_country(self) -> Country | None:
        code = self.cleaned_data["country"]
        return Country.objects.get(code=code) if code else None
