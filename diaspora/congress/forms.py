from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from diaspora.directory.models import Country, Organisation

from .models import Motion, Nomination

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _lines(text: str, field: str) -> dict[str, int]:
    """“DE 5” per line (a country code or an organisation's slug, then places)."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.replace(":", " ").replace("=", " ").split()
        if not parts:
            continue
        if len(parts) != 2 or not parts[1].isdigit():
            raise forms.ValidationError(
                _("Line %(number)d: write a code and a number of places, e.g. “DE 5”."),
                params={"number": number},
            )
        found[parts[0]] = int(parts[1])
    return found


class QuotaForm(forms.Form):
    countries = forms.CharField(
        label=_("Delegates per country"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("One country a line: its code and the places, e.g. “DE 5”."),
    )
    organisations = forms.CharField(
        label=_("Delegates per organisation (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One organisation a line: its short name (slug) and the places."),
    )
    guests = forms.IntegerField(label=_("Guest places"), min_value=0, max_value=100_000)

    def clean_countries(self):
        return {code.upper(): n for code, n in _lines(self.cleaned_data["countries"], "c").items()}

    def clean_organisations(self):
        return _lines(self.cleaned_data["organisations"], "o")


class NominationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Nominating organisation"), queryset=None)
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    surname = forms.CharField(label=_("Surname"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"))
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    mandate = forms.FileField(
        label=_("Mandate"),
        help_text=_("The organisation's decision: a PDF, or a photo of it (JPEG, PNG, WebP)."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}
        ),
    )

    def __init__(self, *args, organisations, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        self.languages = languages
        for code in languages:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name on the badge (%(language)s)")
                % {"language": LANGUAGE_NAMES.get(code, code)},
                max_length=200,
                required=False,
                help_text=_("Leave empty to print the name as written above."),
            )

    def names(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"name_{code}"]
            for code in self.languages
            if self.cleaned_data.get(f"name_{code}")
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Nomination.Status.DELEGATE, _("accept as delegate")),
            (Nomination.Status.GUEST, _("accept as guest")),
            (Nomination.Status.REJECTED, _("reject")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        required=False,
        help_text=_("Needed to reject; the nominating organisation reads it."),
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A portrait: JPEG, PNG or WebP, up to 10 MB."),
    )


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Session title"), max_length=200)


class MotionForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Session"), queryset=None)
    title = forms.CharField(label=_("Motion"), max_length=200)
    ballot = forms.ChoiceField(label=_("Ballot"), choices=Motion.Ballot.choices)
    council = forms.ModelChoiceField(
        label=_("Council elected (for an election)"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=200, initial=1)
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates (for an election)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, sessions, councils, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].initial = sessions.order_by("position", "id").last()
        self.fields["session"].empty_label = None
        self.fields["council"].queryset = councils
        self.fields["candidates"].queryset = candidates
        self.fields["candidates"].label_from_instance = lambda person: person.full_name

    def clean(self):
        data = super().clean()
        if data.get("council") and not data.get("candidates"):
            self.add_error("candidates", _("An election needs its candidates."))
        return data


class CommissionForm(forms.Form):
    members = forms.CharField(
        label=_("Members of the credentials commission"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Their user names, one a line."),
    )

    def clean_members(self):
        from diaspora.accounts.models import User

        names = list(dict.fromkeys(self.cleaned_data["members"].split()))[:100]
        users = list(User.objects.filter(username__in=names, is_active=True))
        unknown = sorted(set(names) - {user.username for user in users})
        if unknown:
            raise forms.ValidationError(
                _("No active user is called: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return users
