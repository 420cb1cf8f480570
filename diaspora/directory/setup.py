"""A deployment set up from its file (`DIASPORA_DEPLOYMENT`): the countries, the
organisation kinds, the Committee at the root of the network, the event kinds, the
honours and (once wired) the world gazetteer. Run by `manage.py setup` after `migrate`; running it
again changes nothing, and says so. Trusts its caller: the deployment, not a user."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from . import services as directory
from .models import City, Country, Organisation, OrganisationKind


@dataclass(frozen=True)
class Step:
    """What one part of the set-up found and did, in a line for the operator."""

    name: str
    before: Any
    after: Any
    count: int

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def __str__(self) -> str:
        if not self.changed:
            return f"{self.name}: unchanged ({self.count})."
        if not self.before:
            return f"{self.name}: created ({self.count})."
        return f"{self.name}: updated ({self.count})."


def kinds() -> list[tuple]:
    return list(
        OrganisationKind.objects.order_by("code").values_list(
            "code", "names", "plural_names", "position"
        )
    )


def event_kinds() -> list[tuple]:
    from diaspora.events.models import EventKind

    return list(EventKind.objects.order_by("code").values_list("code", "names", "position"))


def honours() -> list[tuple]:
    from diaspora.honours.models import Honour

    return list(
        Honour.objects.order_by("code").values_list(
            "code", "names", "criteria", "endorsements_required", "position"
        )
    )


def the_root() -> tuple | None:
    root = Organisation.objects.get_root_nodes().first()
    if root is None:
        return None
    fields = ("slug", "kind_id", "name", "names", "country_id", "city_id", "website", "founded_on")
    return tuple(getattr(root, name) for name in fields)


def state() -> dict[str, Any]:
    return {
        "countries": Country.objects.count(),
        "kinds": kinds(),
        "root": the_root(),
        "cities": City.objects.count(),
        "event kinds": event_kinds(),
        "honours": honours(),
    }


def load_gazetteer(config: dict[str, Any]) -> str | None:
    """Load the world gazetteer's cities (idempotent: a second load writes nothing);
    the line says what it did."""
    from diaspora.directory import gazetteer

    return f"Gazetteer: {gazetteer.load()}"


@transaction.atomic
def set_up(config: dict[str, Any] | None = None) -> list[str]:
    """Apply the deployment file; returns what was done, a line a part, the last
    saying whether anything changed."""
    from diaspora.events.services import configure_events
    from diaspora.honours.services import configure_honours

    config = config or directory.load_deployment(settings.DIASPORA_DEPLOYMENT)
    before = state()
    configure_events(config)
    configure_honours(config)
    root = directory.configure_network(config)
    gazetteer = load_gazetteer(config)
    after = state()
    steps = [
        Step("Countries", before["countries"], after["countries"], after["countries"]),
        Step("Organisation kinds", before["kinds"], after["kinds"], len(after["kinds"])),
        Step(f"The Committee at the root ({root.slug})", before["root"], after["root"], 1),
        Step("Cities", before["cities"], after["cities"], after["cities"]),
        Step("Event kinds", before["event kinds"], after["event kinds"], len(after["event kinds"])),
        Step("Honours", before["honours"], after["honours"], len(after["honours"])),
    ]
    lines = [str(step) for step in steps]
    if gazetteer:
        lines.append(gazetteer)
    if after == before:
        # Nothing differs: not even a timestamp is written (configure_network saves
        # the root whatever it finds).
        transaction.set_rollback(True)
        lines.append("Nothing to change: the deployment is already set up.")
    else:
        lines.append("Set up from the deployment file.")
    return lines
