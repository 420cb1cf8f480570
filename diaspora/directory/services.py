"""Changes to the network directory. Each function is one transaction."""

import json
from datetime import date
from pathlib import Path
from typing import Any

import pycountry
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.accounts.models import User

from . import gazetteer
from .models import City, Country, Organisation, OrganisationKind
from .search import search_text

EDITABLE_FIELDS = (
    "name",
    "names",
    "focus",
    "status",
    "city",
    "address",
    "email",
    "phone",
    "website",
    "founded_on",
    "description",
)


class DirectoryError(ValueError):
    """A change the directory refuses; the message is meant for the user."""


def load_deployment(path: str | Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        config: dict[str, Any] = json.load(handle)
    return config


def sync_countries() -> None:
    """Make sure every ISO 3166-1 country is there (the migration loads them; a flushed
    database, as in transactional tests, may not have them)."""
    if Country.objects.count() < len(pycountry.countries):
        Country.objects.bulk_create(
            [Country(code=c.alpha_2, code3=c.alpha_3) for c in pycountry.countries],
            ignore_conflicts=True,
        )


@transaction.atomic
def configure_network(config: dict[str, Any]) -> Organisation:
    """Create or update the kinds and the root of the tree from a deployment file.
    Trusts its caller: run by the deployment (a command or migration), not a user."""
    sync_countries()
    for position, kind in enumerate(config["kinds"]):
        OrganisationKind.objects.update_or_create(
            code=kind["code"],
            defaults={
                "names": kind["names"],
                "plural_names": kind["plural_names"],
                "position": position,
            },
        )
    homeland = Country.objects.get(code=config["homeland"])
    spec = config["committee"]
    city = ensure_city(homeland, **spec["city"])
    fields = {
        "kind": OrganisationKind.objects.get(code=config["kinds"][0]["code"]),
        "name": spec["name"],
        "names": spec.get("names", {}),
        "country": homeland,
        "city": city,
        "website": spec.get("website", ""),
        "founded_on": date.fromisoformat(spec["founded_on"]) if spec.get("founded_on") else None,
    }
    root = Organisation.objects.get_root_nodes().first()
    if root is None:
        root = Organisation(slug=spec["slug"], **fields)
        root.search_text = search_text(root)
        return Organisation.objects.add_root(instance=root)
    for name, value in fields.items():
        setattr(root, name, value)
    root.search_text = search_text(root)
    root.save()
    return root


def ensure_city(
    country: Country,
    *,
    name: str,
    names: dict[str, str] | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    timezone: str = "UTC",
) -> City:
    """The city of that name, made if the directory lacks it. A city the gazetteer
    has under another name (Köln for Cologne) is that city: what it lacks is added."""
    city = City.objects.filter(country=country, name=name).first() or gazetteer.find_exact(
        country, name
    )
    if city is None:
        return City.objects.create(
            country=country,
            name=name,
            names=names or {},
            latitude=latitude,
            longitude=longitude,
            timezone=timezone,
        )
    merged = {**(names or {}), **city.names}
    if merged != city.names or (city.latitude is None and latitude is not None):
        city.names = merged
        if city.latitude is None or city.longitude is None:
            city.latitude, city.longitude = latitude, longitude
        city.save()
    return city


def unique_slug(name: str, fallback: str) -> str:
    base = slugify(name)[:100] or fallback
    slug, counter = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def create_organisation(
    *,
    parent: Organisation,
    kind: OrganisationKind,
    name: str,
    country: Country,
    by: User | None = None,
    action: Action = Action.ORGANISATIONS_EDIT,
    **fields: Any,
) -> Organisation:
    """A new organisation under `parent`, audited. Checks its caller: `by` must
    be allowed `action` (organisations.edit; a list's import says
    organisations.import) at the parent; None is the system (deployment, demo data,
    the import command)."""
    access.require(by, action, parent)
    if fields.get("city") is not None and fields["city"].country_id != country.pk:
        raise DirectoryError(_("The city is not in the organisation’s country."))
    slug = fields.pop("slug", None) or unique_slug(name, kind.code)
    organisation = Organisation(kind=kind, name=name, country=country, slug=slug, **fields)
    organisation.search_text = search_text(organisation)
    organisation = Organisation.objects.add_child(parent, instance=organisation)
    audit.record(
        actor=by,
        action="create",
        target=organisation,
        changes=audit.diff({}, audit.snapshot(organisation)),
    )
    return organisation


@transaction.atomic
def update_organisation(
    organisation: Organisation, *, by: User | None, **changes: Any
) -> Organisation:
    """Change an organisation's record, audited. Checks its caller: `by` must edit
    organisations (access: organisations.edit) at it; None is the system."""
    access.require(by, Action.ORGANISATIONS_EDIT, organisation)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DirectoryError(
            _("These fields cannot be changed here: %s") % ", ".join(sorted(unknown))
        )
    city = changes.get("city")
    if city is not None and city.country_id != organisation.country_id:
        raise DirectoryError(_("The city is not in the organisation’s country."))
    before = audit.snapshot(organisation)
    for name, value in changes.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.search_text = search_text(organisation)
    organisation.save()
    changed = audit.diff(before, audit.snapshot(organisation))
    if changed:
        audit.record(actor=by, action="update", target=organisation, changes=changed)
    return organisation
