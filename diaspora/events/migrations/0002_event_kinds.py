import json

from django.conf import settings
from django.db import migrations


def load_kinds(apps, schema_editor):
    """The deployment's event kinds, as configure_events writes them."""
    EventKind = apps.get_model("events", "EventKind")
    with open(settings.DIASPORA_DEPLOYMENT, encoding="utf-8") as handle:
        config = json.load(handle)
    for position, kind in enumerate(config.get("event_kinds", [])):
        EventKind.objects.update_or_create(
            code=kind["code"], defaults={"names": kind["names"], "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(load_kinds, migrations.RunPython.noop)]
