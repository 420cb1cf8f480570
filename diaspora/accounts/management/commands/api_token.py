from django.core.management.base import BaseCommand, CommandError

from diaspora.accounts.models import User
from diaspora.accounts.tokens import issue_token


class Command(BaseCommand):
    help = "Issue an API bearer token for an existing user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="", help="What the token is for.")

    def handle(self, *args, username: str, label: str, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user is called “{username}”.")
        self.stdout.write(issue_token(user, label=label))
