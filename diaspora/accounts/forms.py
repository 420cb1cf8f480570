"""Forms of the users' pages: choices limited to what the person acting may grant."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from .granting import grantable_kinds, organisations_in_reach
from .models import ApiToken, Role


class RoleForm(forms.Form):
    """A kind of role and a node, from the kinds and nodes the granter may use (the
    service checks the pair itself: a kind grantable at the council may not be at
    a node the form also offers)."""

    kind = forms.ChoiceField(label=_("Role"))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)

    def __init__(self, *args, granter, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = grantable_kinds(granter)
        self.fields["kind"].choices = [(k, Role.Kind(k).label) for k in kinds]
        self.fields["organisation"].queryset = organisations_in_reach(granter)


class InviteForm(RoleForm):
    email = forms.EmailField(label=_("Email"), max_length=254)
    field_order = ["email", "kind", "organisation"]


class AcceptForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class TokenForm(forms.Form):
    label = forms.CharField(label=_("What it is for"), max_length=100, required=False)
    scope = forms.ChoiceField(
        label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].validators.append(
            MaxValueValidator(settings.DIASPORA_API_TOKEN_MAX_DAYS)
        )
        self.fields["days"].widget.attrs["max"] = settings.DIASPORA_API_TOKEN_MAX_DAYS
        self.fields["days"].initial = settings.DIASPORA_API_TOKEN_DAYS
