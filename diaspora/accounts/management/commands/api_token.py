from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from diaspora.accounts.models import ApiToken, User
from diaspora.accounts.services import AccountsError
from diaspora.accounts.tokens import issue_token


class Command(BaseCommand):
    help = "Issue an API bearer token for an existing user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="", help="What the token is for.")
        parser.add_argument(
            "--scope",
            choices=ApiToken.Scope.values,
            default=ApiToken.Scope.READ,
            help="read (the default) or read-write.",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"How long it lasts (default {settings.DIASPORA_API_TOKEN_DAYS}, "
            f"at most {settings.DIASPORA_API_TOKEN_MAX_DAYS}).",
        )

    def handle(self, *args, username: str, label: str, scope: str, days: int | None, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user is called “{username}”.")
        try:
            token = issue_token(user, label=label, scope=scope, days=days)
        except AccountsError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(token)
