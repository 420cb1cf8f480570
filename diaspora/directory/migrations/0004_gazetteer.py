"""The gazetteer: a city's population and GeoNames id, and the spellings cities are
found by. The cities already in the directory are indexed by their own names; the
world's cities come with `manage.py load_gazetteer` (data, not schema)."""

import django.db.models.deletion
from django.db import migrations, models


def index_cities(apps, schema_editor):
    # The live folding: what a lookup folds must match what is kept, and
    # `load_gazetteer` rewrites every spelling should the folding change.
    from diaspora.directory.gazetteer import fold, spelling

    City = apps.get_model("directory", "City")
    CityName = apps.get_model("directory", "CityName")
    rows = []
    for city in City.objects.all().iterator(chunk_size=2000):
        seen = set()
        for text in [city.name, *city.names.values()]:
            key = spelling(text or "")
            if key and key not in seen:
                seen.add(key)
                rows.append(
                    CityName(
                        city_id=city.pk,
                        country_id=city.country_id,
                        spelling=key,
                        folded=fold(text),
                        primary=True,
                    )
                )
    CityName.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0003_fold_search_text'),
    ]

    operations = [
        migrations.AddField(
            model_name='city',
            name='geonames_id',
            field=models.PositiveIntegerField(blank=True, null=True, unique=True, verbose_name='GeoNames id'),
        ),
        migrations.AddField(
            model_name='city',
            name='population',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='population'),
        ),
        migrations.CreateModel(
            name='CityName',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('spelling', models.CharField(max_length=200)),
                ('folded', models.CharField(max_length=200)),
                ('primary', models.BooleanField(default=False)),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='spellings', to='directory.city')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='directory.country')),
            ],
            options={
                'indexes': [models.Index(fields=['country', 'spelling'], name='city_name_spelling'), models.Index(fields=['country', 'folded'], name='city_name_folded'), models.Index(fields=['spelling'], name='city_name_anywhere')],
                'constraints': [models.UniqueConstraint(fields=('city', 'spelling'), name='city_name_unique')],
            },
        ),
        migrations.RunPython(index_cities, migrations.RunPython.noop),
    ]
