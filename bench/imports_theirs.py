"""The baseline: django-import-export importing the same member list into Person.

A `ModelResource` as a careful user would write it for this file:

* columns mapped by their (Azerbaijani) headers; full_name made from the parts;
* its own validation: `clean_model_instances = True` (the model's `full_clean`: max
  lengths, email syntax, choices), with widgets that read the cells as the list writes
  them. So that both sides accept the same file, the widgets call the application's
  own cell readers (dates in three languages, sex words, country and city names, phone
  numbers in the country of residence): what is compared is the pipeline, not the
  cell parsing;
* re-importing finds a person by (surname, given name, date of birth), the exact
  lookup import-export offers (`import_id_fields`; the instance loader's `.get()` made
  `.filter().first()` so that two namesakes born the same day are not an error);
* the documented options for large files: `use_bulk = True` (bulk_create in batches,
  `batch_size = 2000`), `skip_diff = True`, `skip_html_diff = True`, and
  `import_data(dataset, use_transactions=True, rollback_on_validation_errors=True)` so
  that the file goes in whole or not at all, as ours does.

It writes Person rows only: no memberships, consents, audit entries or name words, and
its matching is exact; ours does all of those (see bench/README.md).
"""

from __future__ import annotations

from typing import Any

from import_export import fields, resources, widgets
from import_export.instance_loaders import ModelInstanceLoader

from diaspora.directory.queries import cities_by_name
from diaspora.directory.search import searchable
from diaspora.imports.values import Unreadable, read_country, read_date, read_sex
from diaspora.people.models import Person
from diaspora.people.services import PeopleError, normalise_phone


class Reading(widgets.Widget):
    """A cell read by one of the application's readers; a refusal is a ValueError."""

    def __init__(self, reader, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reader = reader

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return self.reader(str(value).strip())
        except (Unreadable, PeopleError) as error:
            raise ValueError(str(error)) from error


class CountryWidget(widgets.ForeignKeyWidget):
    def __init__(self) -> None:
        from diaspora.directory.models import Country

        super().__init__(Country, field="code")

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        try:
            return super().clean(read_country(str(value).strip()), row, **kwargs)
        except Unreadable as error:
            raise ValueError(str(error)) from error


class CityWidget(widgets.Widget):
    def __init__(self) -> None:
        super().__init__()
        self.cities: dict[str, dict] = {}

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        country = read_country(row["Ölkə"]) if row.get("Ölkə") else None
        if country is None:
            raise ValueError("A city needs its country in the row.")
        known = self.cities.setdefault(country, cities_by_name(country))
        city = known.get(searchable(str(value).strip()))
        if city is None:
            raise ValueError("This city is not in the directory for that country.")
        return city


class PhoneWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if not value:
            return ""
        country = read_country(row["Ölkə"]) if row.get("Ölkə") else None
        try:
            return normalise_phone(str(value), country)
        except PeopleError as error:
            raise ValueError(str(error)) from error


class FirstInstanceLoader(ModelInstanceLoader):
    def get_instance(self, row):
        params = {}
        for key in self.resource.get_import_id_fields():
            field = self.resource.fields[key]
            params[field.attribute] = field.clean(row)
        return self.get_queryset().filter(**params).first()


def text(column: str, attribute: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column, widget=widgets.CharWidget())


class PersonResource(resources.ModelResource):
    surname = text("Soyad", "surname")
    given_name = text("Ad", "given_name")
    patronymic = text("Ata adı", "patronymic")
    birth_date = fields.Field(
        attribute="birth_date", column_name="Doğum tarixi", widget=Reading(read_date)
    )
    sex = fields.Field(attribute="sex", column_name="Cins", widget=Reading(read_sex))
    email = fields.Field(
        attribute="email", column_name="E-poçt", widget=Reading(lambda text: text.lower())
    )
    phone = fields.Field(attribute="phone", column_name="Telefon", widget=PhoneWidget())
    country = fields.Field(attribute="country", column_name="Ölkə", widget=CountryWidget())
    city = fields.Field(attribute="city", column_name="Şəhər", widget=CityWidget())

    class Meta:
        model = Person
        fields = (
            "surname",
            "given_name",
            "patronymic",
            "birth_date",
            "sex",
            "email",
            "phone",
            "country",
            "city",
        )
        import_id_fields = ("surname", "given_name", "birth_date")
        instance_loader_class = FirstInstanceLoader
        clean_model_instances = True
        use_bulk = True
        batch_size = 2000
        skip_diff = True
        skip_html_diff = True

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        parts = (instance.given_name, instance.patronymic, instance.surname)
        instance.full_name = " ".join(part for part in parts if part)
        instance.email = instance.email or ""
        instance.sex = instance.sex or ""


def import_text(text_data: str) -> dict[str, int]:
    """Import a `;`-separated list; returns counts (raises when a row is refused)."""
    import tablib

    dataset = tablib.Dataset().load(text_data, format="csv", delimiter=";")
    result = PersonResource().import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    if result.has_errors() or result.has_validation_errors():
        invalid = result.invalid_rows[:3]
        raise RuntimeError(
            f"django-import-export refused the file: {result.base_errors[:3]} "
            f"{[(row.number, row.error_dict) for row in invalid]}"
        )
    return {
        "rows": result.total_rows,
        "new": result.totals.get("new", 0),
        "updated": result.totals.get("update", 0),
        "skipped": result.totals.get("skip", 0),
    }
