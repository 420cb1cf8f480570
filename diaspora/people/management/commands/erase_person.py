from django.core.management.base import BaseCommand, CommandError

from diaspora.accounts.models import User
from diaspora.people import erasure
from diaspora.people.models import Person
from diaspora.people.services import PeopleError


class Command(BaseCommand):
    help = (
        "Erase (anonymise) a person and every record merged with them. Cannot be undone. "
        "--by names the Committee staff member who decided it, for the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("person", type=int, help="the person's record number")
        parser.add_argument("--by", required=True, help="username of the deciding staff member")

    def handle(self, *args, person: int, by: str, **options):
        record = Person.objects.filter(pk=person).first()
        if record is None:
            raise CommandError(f"No person has the number {person}.")
        user = User.objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"No user is called {by!r}.")
        try:
            report = erasure.erase_person(record, by=user)
        except PeopleError as error:
            raise CommandError(str(error)) from error
        done = ", ".join(f"{name}: {count}" for name, count in report.items())
        self.stdout.write(f"Person {person} erased ({done}).")
