from django import forms
from django.utils.translation import gettext_lazy as _

from diaspora.directory.models import Organisation

from .columns import FIELDS
from .readers import MAX_BYTES


class UploadForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    file = forms.FileField(
        label=_("Member list"), help_text=_("CSV, XLSX or ODS; the first row names the columns.")
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        first_two = list(organisations[:2])
        if len(first_two) == 1:  # nothing to choose
            self.fields["organisation"].initial = first_two[0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)d MB; files up to %(limit)d MB are accepted.")
                % {"size": upload.size // 2**20, "limit": MAX_BYTES // 2**20}
            )
        return upload


class MappingForm(forms.Form):
    """One choice per column of the file: which field it fills, or none."""

    def __init__(self, *args, header: list[str], mapping: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— leave out —")), *((name, label) for name, label in FIELDS.items())]
        for index, text in enumerate(header):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=text or f"#{index + 1}",
                choices=choices,
                required=False,
                initial=mapping.get(text, ""),
            )
        self.header = header

    def mapping(self) -> dict[str, str]:
        return {text: self.cleaned_data[f"column_{i}"] for i, text in enumerate(self.header)}

    def clean(self):
        cleaned = super().clean()
        chosen = [value for value in cleaned.values() if value]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Each field can come from one column only."))
        return cleaned
