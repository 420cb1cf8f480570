"""Load the ISO 3166-1 countries (names come from CLDR at display time)."""

import pycountry
from django.db import migrations


def load_countries(apps, schema_editor):
    Country = apps.get_model("directory", "Country")
    Country.objects.bulk_create(
        [Country(code=c.alpha_2, code3=c.alpha_3) for c in pycountry.countries],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
