from django.core.management.base import BaseCommand

from diaspora.people import duplicates
from diaspora.people.tasks import scan_for_duplicates


class Command(BaseCommand):
    help = "Scan the whole registry for records of one person, kept for review."

    def add_arguments(self, parser):
        parser.add_argument(
            "--background", action="store_true", help="queue the scan for the task worker"
        )

    def handle(self, *args, background: bool, **options):
        if background:
            scan_for_duplicates.enqueue()
            self.stdout.write("The scan is queued for the task worker.")
            return
        found = duplicates.scan()
        self.stdout.write(f"Possible duplicates found: {found}.")
