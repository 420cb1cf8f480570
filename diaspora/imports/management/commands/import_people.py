from django.core.management.base import CommandError

from diaspora import access
from diaspora.access import Action
from diaspora.accounts.models import User
from diaspora.directory.models import Organisation
from diaspora.imports import services
from diaspora.imports.management.lists import ListCommand


class Command(ListCommand):
    help = (
        "Check a member list (CSV, XLSX, ODS) against the registry; with --commit, import "
        "it in one transaction. The last line counts the rows; the exit status is 1 when "
        "the file is refused. With --user, the command acts as that user, as the import "
        "page would: rows are matched only against the people they may see, into an "
        "organisation within their reach. Without, it acts as the system, which sees "
        "everyone."
    )
    counted = ("rows", "new", "matched", "review", "errors", "warnings")
    node_option = "organisation"
    node_help = "the organisation's slug (default: the root)"
    by: User | None = None

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--user", help="username of the user acting (default: the system, seeing everyone)"
        )

    def handle(self, *args, user: str | None, **options):
        if user is not None:
            self.by = User.objects.filter(username=user).first()
            if self.by is None:
                raise CommandError(f"No user has the username {user!r}.")
        super().handle(*args, **options)

    def run(
        self, data: bytes, name: str, organisation: Organisation, *, commit: bool
    ) -> services.Report:
        by = self.by
        if not access.allowed(by, Action.PEOPLE_IMPORT, organisation):
            raise CommandError(f"{by.username} may not import people into {organisation.slug}.")
        if commit:
            return services.commit(data, name, organisation=organisation, by=by)
        return services.check(data, name, organisation=organisation, by=by)

    def show(self, report: services.Report) -> None:
        super().show(report)
        for warning in report.warnings:  # imported all the same, the value kept as written
            column = warning.column or "-"
            self.stdout.write(
                f"row {warning.row}, {column}: {warning.value!r}: warning: {warning.reason}"
            )

    def tell(self, report: services.Report) -> None:
        if report.earlier is not None:
            day = report.earlier.created_at.date().isoformat()
            self.stdout.write(f"This file was imported before, on {day}.")
