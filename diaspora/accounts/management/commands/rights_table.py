from django.core.management.base import BaseCommand
from django.utils import translation

from diaspora import access


class Command(BaseCommand):
    help = (
        "Print the permission table (diaspora.access.TABLE) as the README's Markdown "
        "table of roles and their rights."
    )

    def handle(self, *args, **options):
        with translation.override("en"):
            self.stdout.write(access.markdown_table(), ending="")
