from django.core.management.base import BaseCommand

from diaspora.chronicle.services import load_seeds


class Command(BaseCommand):
    help = "Load the chronicle's seed acts and their sources' dates (again: changes nothing)."

    def handle(self, *args, **options):
        created = load_seeds()
        self.stdout.write(f"{created} acts added to the chronicle.")
