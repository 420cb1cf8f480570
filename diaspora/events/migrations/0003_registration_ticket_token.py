"""Each registration gets the secret of its ticket page's address, apart from its door code."""

import secrets

from django.db import migrations, models

def give_tokens(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    while batch := list(Registration.objects.filter(token__isnull=True).only("pk")[:2000]):
        for registration in batch:
            registration.token = secrets.token_urlsafe(32)
        Registration.objects.bulk_update(batch, ["token"])


class Migration(migrations.Migration):
    dependencies = [("events", "0002_event_kinds")]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(give_tokens, migrations.RunPython.noop),
    ]
