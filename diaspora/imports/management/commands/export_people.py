import sys

from django.core.management.base import BaseCommand, CommandError

from diaspora.directory.models import Organisation
from diaspora.directory.queries import under
from diaspora.imports import exports
from diaspora.people.models import Person


class Command(BaseCommand):
    help = "Write people (of an organisation and those below it) as CSV or XLSX to stdout."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="the organisation's slug (default: everyone)")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")

    def handle(self, *args, organisation: str | None, format: str, **options):
        people = Person.objects.all()
        if organisation is not None:
            node = Organisation.objects.filter(slug=organisation).first()
            if node is None:
                raise CommandError(f"No organisation has the slug {organisation!r}.")
            people = people.filter(
                pk__in=Person.objects.filter(under([node.path], "memberships__organisation__"))
            )
        exports.record_export(
            people,
            by=None,
            query={"command": "export_people", "organisation": organisation},
            format=format,
        )
        data = exports.to_csv(people) if format == "csv" else exports.to_xlsx(people)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
