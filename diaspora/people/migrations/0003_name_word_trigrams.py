"""A trigram index on the distinct name words, on PostgreSQL only: fuzzy lookup runs
over these few rows, never over whole full names (see NAMES.md)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS name_word_base_trgm "
            "ON people_nameword USING gin (base gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS name_word_base_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_name_words")]
    operations = [migrations.RunPython(create, drop)]
