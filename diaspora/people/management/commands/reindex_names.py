from django.core.management.base import BaseCommand

from diaspora.people.name_words import reindex_all


class Command(BaseCommand):
    help = "Rebuild the folded name words that person search looks people up by."

    def handle(self, *args, **options):
        done = reindex_all()
        self.stdout.write(f"Name words rebuilt for {done} people.")
