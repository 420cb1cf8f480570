"""Form fields of the directory's records."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import gazetteer


class CityChoiceField(forms.ModelChoiceField):
    """A city of the form's country, by its id (what the form's list sends) or by any
    spelling of its name (Kiev, Киев, Київ: what a person or a script types). The
    form sets `country` once it knows it."""

    country: str | None = None

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if self.country and not (text.isascii() and text.isdigit()):
            city = gazetteer.find_city(self.country, text)
            if city is None:
                raise ValidationError(
                    _("The directory knows no city “%(city)s” in that country."),
                    code="invalid_choice",
                    params={"city": text[:120]},
                )
            value = city.pk
        return super().to_python(value)
