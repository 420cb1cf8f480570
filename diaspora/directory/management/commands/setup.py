from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from diaspora.accounts.management.handing_out import invite_and_hand_out
from diaspora.accounts.models import Invitation, Role, User
from diaspora.directory import services as directory
from diaspora.directory.queries import root
from diaspora.directory.setup import set_up


class Command(BaseCommand):
    help = (
        "Set a deployment up from its file (DIASPORA_DEPLOYMENT): countries, organisation "
        "kinds, the Committee at the root, event kinds. Run after migrate; running it again "
        "changes nothing. With --invite EMAIL, invites the first Committee staff member "
        "(prints the link and emails it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--invite", metavar="EMAIL", help="invite this address as staff")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="of the invitation's email and page (default: %(default)s)",
        )
        parser.add_argument("--no-email", action="store_true", help="only print the link")

    def handle(self, *args, invite, language, no_email, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not migrated: run `manage.py migrate` first.")
        self.stdout.write(f"Deployment file: {settings.DIASPORA_DEPLOYMENT}")
        try:
            lines = set_up(directory.load_deployment(settings.DIASPORA_DEPLOYMENT))
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"The deployment file cannot be applied: {error!r}") from error
        for line in lines:
            self.stdout.write(line)
        if invite:
            self.invite(invite, language, no_email)

    def invite(self, email: str, language: str, no_email: bool) -> None:
        """The first Committee user, invited as `manage.py invite` does; an address
        already holding the role or invited to it is left as it is (set-up is
        idempotent)."""
        committee = root()
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user and user.roles.filter(kind=Role.Kind.STAFF, organisation=committee).exists():
            self.stdout.write(f"{email} is already Committee staff: no invitation sent.")
            return
        pending = Invitation.objects.filter(
            email__iexact=email.strip(),
            kind=Role.Kind.STAFF,
            organisation=committee,
            accepted_at=None,
            revoked_at=None,
            expires_at__gt=timezone.now(),
        )
        if pending.exists():
            self.stdout.write(
                f"{email} is already invited: no new invitation (the Users page resends it)."
            )
            return
        invite_and_hand_out(
            self,
            email,
            Role.Kind.STAFF,
            committee,
            language=language,
            no_email=no_email,
            heading="Invited {email} as Committee staff:",
        )
