"""The chronicle's seeds in the demo, with the world day's celebrations linked to
the act that founded the day."""

from diaspora.chronicle.models import Act
from diaspora.chronicle.services import load_seeds
from diaspora.events.models import Event
from diaspora.events.queries import world_day


def build_chronicle(network) -> None:
    load_seeds()
    spec = world_day()
    founding = Act.objects.get(slug="solidarity-day-nakhchivan")
    if spec is not None:
        celebrations = Event.objects.filter(kind__code=spec.kind, starts_at__month=12)
        founding.events.add(*celebrations.values_list("pk", flat=True)[:50])
