import sys

from django.core.management.base import BaseCommand, CommandError

from diaspora.access import Action
from diaspora.accounts.models import User
from diaspora.directory.models import Organisation
from diaspora.directory.queries import under
from diaspora.imports import exports
from diaspora.people.queries import visible_people


class Command(BaseCommand):
    help = (
        "Write people (of an organisation and those below it) as CSV or XLSX to stdout. "
        "With --user, the command acts as that user: only the people they may export. "
        "Without, it acts as the system, which may export everyone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="the organisation's slug (default: everyone)")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--user", help="username of the user acting (default: the system)")

    def handle(self, *args, organisation: str | None, format: str, user: str | None, **options):
        by = None
        if user is not None:
            by = User.objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user has the username {user!r}.")
        people = visible_people(by, Action.PEOPLE_EXPORT)
        if organisation is not None:
            node = Organisation.objects.filter(slug=organisation).first()
            if node is None:
                raise CommandError(f"No organisation has the slug {organisation!r}.")
            people = people.filter(
                pk__in=people.filter(under([node.path], "memberships__organisation__"))
            )
        exports.record_export(
            people,
            by=by,
            query={"command": "export_people", "organisation": organisation},
            format=format,
        )
        data = exports.to_csv(people) if format == "csv" else exports.to_xlsx(people)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
