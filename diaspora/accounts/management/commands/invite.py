from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from diaspora.accounts.management.handing_out import invite_and_hand_out
from diaspora.accounts.models import Role
from diaspora.directory.models import Organisation


class Command(BaseCommand):
    help = (
        "Invite someone by email to a role, as the system: how a new deployment gets its "
        "first Committee user. Prints the invitation link and emails it."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--kind", choices=Role.Kind.values, default=Role.Kind.STAFF)
        parser.add_argument(
            "--organisation",
            default="",
            help="The node's slug (default: the root, the Committee).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The language of the email and of the link's page.",
        )
        parser.add_argument("--no-email", action="store_true", help="Only print the link.")

    def configure(self) -> Organisation:
        """A new deployment's network: its Committee and kinds, from its file."""
        from diaspora.directory import services as directory
        from diaspora.events.services import configure_events

        config = directory.load_deployment(settings.DIASPORA_DEPLOYMENT)
        configure_events(config)
        root = directory.configure_network(config)
        self.stderr.write(f"Configured the network from {settings.DIASPORA_DEPLOYMENT}.")
        return root

    def handle(self, *args, email, kind, organisation, language, no_email, **options):
        if organisation:
            node = Organisation.objects.filter(slug=organisation).first()
            if node is None:
                raise CommandError(f"No organisation has the slug “{organisation}”.")
        else:
            node = Organisation.objects.get_root_nodes().first() or self.configure()
        invite_and_hand_out(self, email, kind, node, language=language, no_email=no_email)
