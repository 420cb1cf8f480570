"""Lists of organisations in: a council's member organisations, a country's schools.

The same reading as member lists (any encoding, CSV/XLSX/ODS, three languages of
headers), a dry run that names every problem by row, column, value and reason, and
a commit that writes the whole list or nothing. An organisation already in the
directory (same name, kind and country under the same parent, or the same address
in the directory) is matched, not added twice, so the same file twice changes
nothing."""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.accounts.models import User
from diaspora.directory import services as directory
from diaspora.directory.models import City, Country, Organisation, OrganisationKind
from diaspora.directory.queries import cities_by_name, under

from .columns import header_key
from .readers import Rejected, read_table
from .rows import Problem
from .values import Unreadable, plain, read_country, read_date, read_email

# Headers as people write them, folded as columns.header_key folds them.
HEADERS = {
    "name": [
        "name",
        "organisation",
        "organization",
        "ad",
        "adı",
        "təşkilat",
        "название",
        "организация",
        "наименование",
    ],
    "kind": ["kind", "type", "növ", "növü", "вид", "тип"],
    "country": ["country", "ölkə", "страна"],
    "city": ["city", "şəhər", "город"],
    "address": ["address", "ünvan", "адрес"],
    "email": ["email", "e-mail", "e-poçt", "эл. почта", "электронная почта"],
    "phone": ["phone", "telefon", "телефон"],
    "website": ["website", "web", "site", "sayt", "сайт"],
    "founded_on": [
        "founded",
        "founded on",
        "yaradılıb",
        "təsis tarixi",
        "основана",
        "дата основания",
    ],
    "parent": ["parent", "council", "under", "tabe", "şura", "совет", "входит в"],
    "slug": ["slug", "address in the directory"],
}
REQUIRED = ("name", "kind", "country")
MAX_ROWS = 5_000  # a directory list, checked while the page waits


class ListRejected(Rejected):
    def __init__(self, message: str, report: "Report") -> None:
        super().__init__(message)
        self.report = report


@dataclass
class Report:
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    new: list[dict[str, Any]] = field(default_factory=list)
    matched: list[Organisation] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        bad_rows = len({problem.row for problem in self.problems})
        return {
            "rows": self.rows,
            "new": len(self.new),
            "matched": len(self.matched),
            "errors": bad_rows,
        }


@cache
def known_headers() -> dict[str, str]:
    return {header_key(text): name for name, texts in HEADERS.items() for text in texts}


@cache
def single_zones() -> dict[str, str]:
    """Countries that keep one time zone, from the tz database's zone.tab."""
    import tzdata

    zones: dict[str, list[str]] = {}
    table = Path(tzdata.__file__).parent / "zoneinfo" / "zone.tab"
    for line in table.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone, *_rest = line.split("\t")
            zones.setdefault(code, []).append(zone)
    return {code: names[0] for code, names in zones.items() if len(names) == 1}


def country_zone(code: str) -> str | None:
    """The time zone a new city of the country surely has: the one its known cities
    share, or the country's only zone; None where the country spans several."""
    known = set(City.objects.filter(country_id=code).values_list("timezone", flat=True))
    if len(known) == 1:
        return known.pop()
    return single_zones().get(code) if not known else None


def kinds_by_name() -> dict[str, OrganisationKind]:
    found: dict[str, OrganisationKind] = {}
    for kind in OrganisationKind.objects.all():
        for text in (kind.code, *kind.names.values(), *kind.plural_names.values()):
            found.setdefault(plain(text), kind)
    return found


def check(data: bytes, filename: str, *, parent: Organisation) -> Report:
    """Read and check a list without writing anything."""
    table = read_table(data, filename)
    if len(table.rows) > MAX_ROWS:
        raise Rejected(
            _("The list has %(count)d rows; a list of organisations may have %(limit)d.")
            % {"count": len(table.rows), "limit": MAX_ROWS}
        )
    columns = {
        index: known_headers()[header_key(text)]
        for index, text in enumerate(table.header)
        if header_key(text) in known_headers()
    }
    missing = [name for name in REQUIRED if name not in columns.values()]
    if missing:
        raise Rejected(
            _("The list needs columns for %(fields)s; its headers are: %(headers)s.")
            % {"fields": ", ".join(missing), "headers": ", ".join(table.header)}
        )
    report = Report(rows=len(table.rows))
    kinds = kinds_by_name()
    parents = {org.slug: org for org in Organisation.objects.filter(under([parent.path]))}
    cities: dict[str, dict[str, City]] = {}
    seen: dict[tuple[str, int, str, int], int] = {}
    for offset, cells in enumerate(table.rows):
        number = offset + 2
        raw = {name: cells[index].strip() for index, name in columns.items()}
        if not any(raw.values()):
            report.rows -= 1
            continue
        values, problems = read_row(raw, table.header, columns, number, kinds, parents, cities)
        if problems:
            report.problems.extend(problems)
            continue
        values.setdefault("parent", parent)
        key = (plain(values["name"]), values["kind"].pk, values["country"].pk, values["parent"].pk)
        if key in seen:
            continue  # listed twice in one file: one organisation
        seen[key] = number
        existing = find_existing(values)
        if existing is not None:
            report.matched.append(existing)
        else:
            report.new.append(values)
    return report


def read_row(raw, header, columns, number, kinds, parents, cities):
    column_of = {name: header[index] for index, name in columns.items()}
    values: dict[str, Any] = {}
    problems: list[Problem] = []

    def refuse(name: str, reason: str) -> None:
        problems.append(Problem(number, column_of[name], raw.get(name, ""), reason))

    for name in REQUIRED:
        if not raw.get(name):
            refuse(name, _("This value is required."))
    if problems:
        return values, problems
    if len(raw["name"]) > 255:
        refuse("name", _("Longer than %(limit)d characters.") % {"limit": 255})
    values["name"] = " ".join(raw["name"].split())
    kind = kinds.get(plain(raw["kind"]))
    if kind is None:
        known = ", ".join(kind.name for kind in OrganisationKind.objects.all())
        refuse("kind", _("Unknown kind; the kinds are: %(kinds)s.") % {"kinds": known})
    values["kind"] = kind
    try:
        values["country"] = Country.objects.get(pk=read_country(raw["country"]))
    except Unreadable as error:
        refuse("country", str(error))
        return values, problems
    if raw.get("city"):
        code = values["country"].pk
        if code not in cities:
            cities[code] = cities_by_name(code)
        values["city"] = cities[code].get(raw["city"])
        if values["city"] is None:
            zone = country_zone(code)
            if zone is None:
                refuse(
                    "city",
                    _(
                        "This city is not in the directory and its country has several "
                        "time zones: add the city in the office first."
                    ),
                )
            else:
                values["new_city"] = (raw["city"][:120], zone)
    for name, reader in (("email", read_email), ("founded_on", read_date)):
        if raw.get(name):
            try:
                values[name] = reader(raw[name])
            except Unreadable as error:
                refuse(name, str(error))
    if raw.get("website"):
        website = raw["website"]
        website = website if "://" in website else f"https://{website}"
        try:
            URLValidator(schemes=["http", "https"])(website)
            values["website"] = website
        except ValidationError:
            refuse("website", _("This is not a web address."))
    for name, limit in (("address", 255), ("phone", 20)):
        if raw.get(name):
            if len(raw[name]) > limit:
                refuse(name, _("Longer than %(limit)d characters.") % {"limit": limit})
            values[name] = raw[name]
    if raw.get("parent"):
        found = parents.get(raw["parent"].strip().lower())
        if found is None:
            refuse(
                "parent",
                _("No organisation with this address in the directory is under yours."),
            )
        values["parent"] = found
    if raw.get("slug"):
        values["slug"] = raw["slug"].strip().lower()[:120]
    return values, problems


def find_existing(values: dict[str, Any]) -> Organisation | None:
    if values.get("slug"):
        found = Organisation.objects.filter(slug=values["slug"]).first()
        if found is not None:
            return found
    parent = values["parent"]
    candidates = Organisation.objects.filter(
        path__startswith=parent.path,
        depth=parent.depth + 1,
        kind=values["kind"],
        country=values["country"],
    )
    wanted = plain(values["name"])
    return next((org for org in candidates if plain(org.name) == wanted), None)


@transaction.atomic
def commit(data: bytes, filename: str, *, parent: Organisation, by: User | None) -> Report:
    """Write the whole list, or nothing when any row has a problem. Checks its
    caller: `by` must import organisations (access: organisations.import) under the
    parent (None: the system, as the command acts)."""
    access.require(by, Action.ORGANISATIONS_IMPORT, parent)
    report = check(data, filename, parent=parent)
    if report.problems:
        raise ListRejected(
            _("Nothing was imported: %(count)d rows have problems.")
            % {"count": report.counts["errors"]},
            report,
        )
    for values in report.new:
        values = dict(values)
        new_city = values.pop("new_city", None)
        if new_city is not None:
            name, zone = new_city
            values["city"] = directory.ensure_city(values["country"], name=name, timezone=zone)
        # Fresh from the database: treebeard numbers a new child from the parent's
        # count of children, which the rows before this one have changed.
        under_parent = Organisation.objects.get(pk=values.pop("parent").pk)
        directory.create_organisation(
            parent=under_parent, by=by, action=Action.ORGANISATIONS_IMPORT, **values
        )
    return report
