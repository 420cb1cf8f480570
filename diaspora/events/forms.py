from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from diaspora.directory.fields import CityChoiceField, CitySearchInput
from diaspora.directory.models import City, Country

from .models import Event, EventKind
from .reporting import MAX_PHOTO_BYTES, MAX_PHOTOS

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class RegistrationForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    surname = forms.CharField(label=_("Surname"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), help_text=_("Your ticket is sent here."))
    consent = forms.BooleanField(
        label=_("I agree that my name and email are kept in the registry for this event."),
    )
    contact = forms.BooleanField(
        label=_("I would like to hear about other events and news."), required=False
    )


class GuestForm(forms.Form):
    """A guest an organiser registers; the organiser has their consent."""

    given_name = forms.CharField(label=_("Given name"), max_length=100)
    surname = forms.CharField(label=_("Surname"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"))


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as the organiser reads a clock at the venue; the form turns it
    into an instant with the event's time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def to_python(self, value):
        # Naive on purpose: the zone comes from the form's own time zone field.
        if value in self.empty_values:
            return None
        for fmt in self.input_formats:
            try:
                return datetime.strptime(value.strip(), fmt)
            except (ValueError, TypeError):
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


def zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


class EventForm(forms.Form):
    """An event as its organisers describe it, titles and descriptions per language."""

    kind = forms.ModelChoiceField(label=_("Kind"), queryset=EventKind.objects.all())
    organiser = forms.ModelChoiceField(label=_("Organised by"), queryset=None)
    audience = forms.ChoiceField(label=_("Who may come"), choices=Event.Audience.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.all(), required=False
    )
    city = CityChoiceField(
        label=_("City"),
        queryset=City.objects.none(),
        required=False,
        # A search, not a list of thousands; picking a city sets the event's time zone.
        widget=CitySearchInput(attrs={"data-sets-timezone": ""}),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    online_url = forms.URLField(
        label=_("Online link"), required=False, assume_scheme="https", max_length=200
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices)
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"), required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text=_("Empty for no limit; beyond it people join a waiting list."),
    )
    registration_opens_at = LocalDateTimeField(label=_("Registration opens"), required=False)
    registration_closes_at = LocalDateTimeField(
        label=_("Registration closes"), required=False, help_text=_("Empty: when the event starts.")
    )

    def __init__(self, *args, organisations, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisations
        self.fields["country"].label_from_instance = lambda country: country.name
        data_country = self.data.get("country") if self.is_bound else None
        first = organisations.first() if event is None and not self.is_bound else None
        country = data_country or (event.country_id if event else None)
        country = country or (first.country_id if first else None)
        if country:
            self.fields["city"].queryset = City.objects.filter(country_id=str(country)[:2])
            self.fields["city"].country = str(country)[:2]  # a city may be written by name
        for code, name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                max_length=200,
                required=code == settings.LANGUAGE_CODE,
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=4000,
                required=False,
            )
        codes = [code for code, _name in settings.LANGUAGES]
        self.order_fields(
            ["kind", *(f"title_{code}" for code in codes), "organiser", "audience"]
            + [name for name in self.fields if name.startswith("description_")]
        )
        if event is not None and not self.is_bound:
            self.initial.update(initial_for(event))
        elif not self.is_bound:
            self.initial.update(initial_place(organisations.first()))

    def clean(self):
        data = super().clean()
        city = data.get("city")
        # Without the page's script a city typed by name leaves the time zone as it
        # was (the organiser's): a zone no city of that country keeps is the city's.
        if city is not None and data.get("timezone") != city.timezone:
            zones = City.objects.filter(country_id=city.country_id).values_list("timezone")
            if not zones.filter(timezone=data.get("timezone")).exists():
                data["timezone"] = city.timezone
        return data

    def event_values(self) -> dict:
        data = self.cleaned_data
        zone = ZoneInfo(data["timezone"])
        titles = {
            code: data[f"title_{code}"].strip()
            for code, _name in settings.LANGUAGES
            if data.get(f"title_{code}", "").strip()
        }
        description = {
            code: data[f"description_{code}"].strip()
            for code, _name in settings.LANGUAGES
            if data.get(f"description_{code}", "").strip()
        }

        def instant(name):
            value = data.get(name)
            return value.replace(tzinfo=zone) if value else None

        return {
            "kind": data["kind"],
            "title": titles.get(settings.LANGUAGE_CODE) or next(iter(titles.values()), ""),
            "titles": titles,
            "description": description,
            "audience": data["audience"],
            "country": data.get("country"),
            "city": data.get("city"),
            "address": data.get("address", ""),
            "online_url": data.get("online_url", ""),
            "timezone": data["timezone"],
            "starts_at": instant("starts_at"),
            "ends_at": instant("ends_at"),
            "capacity": data.get("capacity"),
            "registration_opens_at": instant("registration_opens_at"),
            "registration_closes_at": instant("registration_closes_at"),
        }


def initial_place(organisation) -> dict:
    """A new event starts at the organiser's own place and in its time zone."""
    if organisation is None:
        return {"timezone": settings.TIME_ZONE}
    city = organisation.city
    return {
        "organiser": organisation.pk,
        "country": organisation.country_id,
        "city": city.pk if city else None,
        "timezone": city.timezone if city else settings.TIME_ZONE,
    }


def initial_for(event: Event) -> dict:
    zone = event.zone

    def local(moment):
        return moment.astimezone(zone).replace(tzinfo=None) if moment else None

    initial = {
        "kind": event.kind_id,
        "organiser": event.organisers.first(),
        "audience": event.audience,
        "country": event.country_id,
        "city": event.city_id,
        "address": event.address,
        "online_url": event.online_url,
        "timezone": event.timezone,
        "starts_at": local(event.starts_at),
        "ends_at": local(event.ends_at),
        "capacity": event.capacity,
        "registration_opens_at": local(event.registration_opens_at),
        "registration_closes_at": local(event.registration_closes_at),
    }
    for code, _name in settings.LANGUAGES:
        initial[f"title_{code}"] = event.titles.get(code, "")
        initial[f"description_{code}"] = event.description.get(code, "")
    return initial


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files from one input; the report service checks each as a photo."""

    widget = MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultiplePhotoField, self).clean(item, initial) for item in files]


class ReportForm(forms.Form):
    attendance = forms.IntegerField(label=_("People who came"), min_value=0, max_value=1_000_000)
    account = forms.CharField(
        label=_("Short account"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What happened, in a few sentences."),
    )
    photos = MultiplePhotoField(label=_("Add photos"), required=False)
    remove = forms.MultipleChoiceField(
        label=_("Remove photos"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = _(
            "JPEG, PNG or WebP, up to %(size)s each; at most %(count)d photos in a report."
        ) % {"size": filesizeformat(MAX_PHOTO_BYTES), "count": MAX_PHOTOS}
        self.fields["remove"].choices = [(str(photo.pk), str(photo.pk)) for photo in photos]
        if not photos:
            del self.fields["remove"]
