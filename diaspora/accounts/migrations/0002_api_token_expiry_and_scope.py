"""API tokens gain an expiry, a scope and a prefix.

Tokens issued before this migration could do everything their owner may do and never
expired: they keep that power (scope read-write) but now expire 90 days after the
migration, so that their owners replace them with tokens of a chosen scope and lifetime.
Their prefix is unknown (only the digest was kept) and stays empty."""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def expire_existing(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.update(expires_at=timezone.now() + timedelta(days=90), scope="read-write")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="prefix",
            field=models.CharField(blank=True, max_length=12, verbose_name="begins with"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "read only"), ("read-write", "read and write")],
                default="read",
                max_length=12,
                verbose_name="scope",
            ),
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last used"),
        ),
    ]
