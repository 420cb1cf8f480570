"""Organisations are now found whatever the accents: refold their search text."""

import unicodedata

from django.db import migrations

PLAIN = str.maketrans({"ə": "e", "ı": "i", "ø": "o", "ł": "l", "đ": "d"})


def searchable(text):
    # A copy of directory.search.searchable as it was when this migration was written.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.translate(PLAIN).split())


def refold(apps, schema_editor):
    Organisation = apps.get_model("directory", "Organisation")
    changed = []
    for organisation in Organisation.objects.select_related("city").iterator(chunk_size=2000):
        parts = [organisation.name, *organisation.names.values()]
        if organisation.city is not None:
            parts += [organisation.city.name, *organisation.city.names.values()]
        organisation.search_text = searchable(" ".join(dict.fromkeys(parts)))
        changed.append(organisation)
    Organisation.objects.bulk_update(changed, ["search_text"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_countries")]
    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
