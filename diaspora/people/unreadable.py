"""Values a list gave for a person's optional fields that we could not read: a phone
in no format we know, a malformed email, a sex we cannot tell, a city the directory
lacks. The person is registered all the same; each such value is kept as written in
`Person.unreadable` ({field: text}), shown on their record with a hint, and dropped
once the field is corrected."""

from django.utils.translation import gettext_lazy as _

UNREADABLE_KEY = "unreadable"  # the Person field

# The fields whose value may be kept unread, with the hint for the one correcting it.
UNREADABLE = {
    "phone": _("Write the number with its country code, e.g. +44 20 7946 0000."),
    "email": _("Write a working email address, or leave the field empty."),
    "sex": _("Choose the sex, if it is known."),
    "city": _("Choose the city of residence; a city the directory lacks can be added to it."),
}


def cleared(unreadable: dict[str, str] | None, changed: set[str]) -> dict[str, str]:
    """The values still unread once the `changed` fields have been corrected."""
    return {name: text for name, text in (unreadable or {}).items() if name not in changed}


def described(unreadable: dict[str, str] | None) -> list[dict[str, str]]:
    """Each unread value with its field's name and the hint, for a page."""
    from .models import Person  # the labels are the model's

    return [
        {
            "field": str(Person._meta.get_field(name).verbose_name),
            "text": text,
            "hint": str(UNREADABLE.get(name, "")),
        }
        for name, text in sorted((unreadable or {}).items())
    ]
