import json

from django.core.management.base import BaseCommand

from diaspora.people import retention


class Command(BaseCommand):
    help = (
        "Apply the retention rules (settings.DIASPORA_RETENTION): delete old uploaded "
        "lists, blank the names on old registrations; print what was (or would be) done."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")
        parser.add_argument(
            "--background", action="store_true", help="queue the run for the task worker"
        )

    def handle(self, *args, dry_run: bool, background: bool, **options):
        if background:
            retention.apply_retention.enqueue(dry_run=dry_run)
            self.stdout.write("The retention run is queued for the task worker.")
            return
        report = retention.apply(dry_run=dry_run)
        heading = "Would change" if dry_run else "Changed"
        self.stdout.write(f"{heading} (rules: {json.dumps(retention.rules())}):")
        for name, count in report.items():
            self.stdout.write(f"  {name}: {count}")
