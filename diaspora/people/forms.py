from django import forms
from django.utils.translation import gettext_lazy as _

from diaspora.directory.fields import CityChoiceField
from diaspora.directory.models import City, Country

from .models import Person


class OwnRecordForm(forms.ModelForm):
    """What a compatriot may change in their own record."""

    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=100,
        help_text=_("Language codes separated by commas, e.g. az, ru, de."),
    )

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
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        # A search among the country's cities (a list of thousands cannot be searched).
        field_classes = {"city": CityChoiceField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        countries = sorted(Country.objects.all(), key=lambda c: c.name)
        self.fields["country"].queryset = Country.objects.all()
        self.fields["country"].choices = [("", "—")] + [(c.code, c.name) for c in countries]
        self.fields["citizenships"].choices = [(c.code, c.name) for c in countries]
        country = self.data.get("country") or (self.instance.country_id if self.instance else None)
        self.fields["city"].queryset = City.objects.filter(country_id=country)
        self.fields["city"].country = str(country)[:2] if country else None
        self.initial["languages"] = ", ".join(self.instance.languages or [])

    def clean_languages(self) -> list[str]:
        codes = [code.strip().lower() for code in self.cleaned_data["languages"].split(",")]
        codes = [code for code in codes if code]
        for code in codes:
            if not (2 <= len(code) <= 3 and code.isascii() and code.isalpha()):
                raise forms.ValidationError(
                    _("“%(code)s” is not a language code."), params={"code": code}
                )
        return codes
