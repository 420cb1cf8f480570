from django.core.management.base import BaseCommand, CommandError

from diaspora.accounts.models import User
from diaspora.people import duplicates
from diaspora.people.tasks import scan_for_duplicates


class Command(BaseCommand):
    help = (
        "Scan the registry for records of one person, kept for review. With --user, only "
        "the people that user may merge are compared, as for a scan they start; without, "
        "the command acts as the system and scans everyone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--background", action="store_true", help="queue the scan for the task worker"
        )
        parser.add_argument(
            "--user", help="username of the user acting (default: the system, seeing everyone)"
        )

    def handle(self, *args, background: bool, user: str | None, **options):
        by = None
        if user is not None:
            by = User.objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user has the username {user!r}.")
        if background:
            scan_for_duplicates.enqueue(None if by is None else by.pk)
            self.stdout.write("The scan is queued for the task worker.")
            return
        found = duplicates.scan(by=by)
        self.stdout.write(f"Possible duplicates found: {found}.")
