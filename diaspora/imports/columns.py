"""Which column of a member list holds which field, suggested from its header in
Azerbaijani, Russian or English, or in the languages of the countries organisations
send lists from (Turkish, German, Ukrainian, French); an organisation's saved mapping
wins."""

import unicodedata
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# The fields a list can fill, with their label for the mapping form.
FIELDS = {
    "full_name": _("full name"),
    "surname": _("surname"),
    "given_name": _("given name"),
    "patronymic": _("patronymic"),
    "birth_date": _("date of birth"),
    "sex": _("sex"),
    "email": _("email"),
    "phone": _("phone"),
    "country": _("country of residence"),
    "city": _("city of residence"),
    "role": _("role"),
    "member_since": _("member since"),
}

# Headers seen in lists, folded by `header_key`.
HEADERS = {
    "full_name": [
        "ad soyad",
        "adi soyadi",
        "soyad ad",
        "soyadi adi",
        "soyad ad ata adi",
        "s.a.a",
        "soyadi adi atasinin adi",
        "фио",
        "ф.и.о",
        "ф и о",
        "имя фамилия",
        "фамилия имя",
        "фамилия имя отчество",
        "full name",
        "name",
        "person",
        "піб",
        "п.і.б",
        "nom complet",
        "vollständiger name",
        "ad soyadi",
    ],
    "surname": [
        "soyad",
        "soyadi",
        "фамилия",
        "surname",
        "last name",
        "lastname",
        "family name",
        "nachname",
        "familienname",
        "прізвище",
        "nom",
        "nom de famille",
    ],
    "given_name": [
        "ad",
        "adi",
        "имя",
        "given name",
        "first name",
        "firstname",
        "forename",
        "vorname",
        "ім'я",
        "імя",
        "prenom",
    ],
    "patronymic": [
        "ata adi",
        "atasinin adi",
        "отчество",
        "patronymic",
        "father's name",
        "middle name",
        "vatersname",
        "по батькові",
        "baba adi",
    ],
    "birth_date": [
        "dogum tarixi",
        "dogum gunu",
        "tevellud",
        "дата рождения",
        "д.р",
        "день рождения",
        "birth date",
        "date of birth",
        "birthday",
        "dob",
        "born",
        "dogum tarihi",
        "geburtsdatum",
        "geburtstag",
        "дата народження",
        "date de naissance",
    ],
    "sex": [
        "cins",
        "cinsi",
        "пол",
        "sex",
        "gender",
        "cinsiyet",
        "geschlecht",
        "стать",
        "sexe",
    ],
    "email": [
        "e-poct",
        "e-poct unvani",
        "elektron poct",
        "email",
        "e-mail",
        "mail",
        "эл. почта",
        "электронная почта",
        "почта",
        "e-mail address",
        "email address",
        "e-posta",
        "eposta",
        "електронна пошта",
        "пошта",
        "courriel",
        "adresse e-mail",
    ],
    "phone": [
        "telefon",
        "mobil",
        "mobil telefon",
        "telefon nomresi",
        "телефон",
        "тел",
        "моб",
        "мобильный",
        "phone",
        "mobile",
        "tel",
        "telephone",
        "phone number",
        "handy",
        "mobilnummer",
        "telefonnummer",
        "телефон мобільний",
        "portable",
    ],
    "country": [
        "olke",
        "yasadigi olke",
        "страна",
        "страна проживания",
        "country",
        "ulke",
        "land",
        "wohnland",
        "країна",
        "pays",
    ],
    "city": [
        "seher",
        "yasadigi seher",
        "город",
        "город проживания",
        "city",
        "town",
        "sehir",
        "stadt",
        "ort",
        "wohnort",
        "місто",
        "ville",
    ],
    "role": ["vezife", "rol", "роль", "должность", "role", "position"],
    "member_since": [
        "uzvluk tarixi",
        "uzv oldugu tarix",
        "член с",
        "дата вступления",
        "member since",
        "joined",
        "mitglied seit",
        "uyelik tarihi",
        "член з",
    ],
}


def header_key(header: str) -> str:
    """A header folded for comparison: case, accents, ə/ı and stray punctuation go."""
    decomposed = unicodedata.normalize("NFKD", header.casefold().replace("ə", "e"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ı", "i")
    plain = plain.replace("_", " ").replace(":", " ").replace("*", " ")
    return " ".join(plain.replace(",", " ").replace("/", " ").split()).strip(". ")


@cache
def known_headers() -> dict[str, str]:
    """The headers above, and each field's own label in every interface language (so
    that an export reads back as it was written)."""
    known = {header_key(text): name for name, texts in HEADERS.items() for text in texts}
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            for name, label in FIELDS.items():
                known.setdefault(header_key(str(label)), name)
    return known


def suggest(header: list[str], saved: dict[str, str] | None = None) -> dict[int, str]:
    """Column index → field, from a saved mapping (header as written → field, "" for
    a column set aside) and then from the known headers; a field goes to one column
    at most."""
    mapping: dict[int, str] = {}
    saved = saved or {}
    for index, text in enumerate(header):
        # A saved "" means the column was set aside on purpose.
        field = saved[text] if text in saved else known_headers().get(header_key(text), "")
        if field in FIELDS and field not in mapping.values():
            mapping[index] = field
    return mapping
