from datetime import timedelta

from django.utils import timezone

from diaspora.directory.models import City
from diaspora.events import services
from diaspora.events.models import EventKind


def make_event(organiser, *, kind="celebration", capacity=None, starts_at=None, **fields):
    """An event in Berlin a week from now unless told otherwise."""
    city = fields.pop("city", None) or City.objects.get(country_id="DE", name="Berlin")
    values = {
        "title": "Solidarity evening",
        "country": city.country,
        "city": city,
        "timezone": fields.pop("timezone", "Europe/Berlin"),
        "starts_at": starts_at or timezone.now().replace(microsecond=0) + timedelta(days=7),
        "capacity": capacity,
        **fields,
    }
    return services.create_event(
        by=None, organisers=[organiser], kind=EventKind.objects.get(code=kind), **values
    )
