"""The ticket secret, now that every registration has one, is required and unique.
Apart from 0003 so that PostgreSQL alters the table in a transaction of its own."""

from django.db import migrations, models

import diaspora.events.models


class Migration(migrations.Migration):
    dependencies = [("events", "0003_registration_ticket_token")]

    operations = [
        migrations.AlterField(
            model_name="registration",
            name="token",
            field=models.CharField(
                default=diaspora.events.models.new_ticket_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="ticket link secret",
            ),
        ),
    ]
