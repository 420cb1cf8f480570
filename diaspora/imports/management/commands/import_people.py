from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from diaspora.directory.models import Organisation
from diaspora.directory.queries import root
from diaspora.imports import services
from diaspora.imports.readers import Rejected

COUNTED = ("rows", "new", "matched", "review", "errors")


class Command(BaseCommand):
    help = (
        "Check a member list (CSV, XLSX, ODS) against the registry; with --commit, import "
        "it in one transaction. The last line counts the rows; the exit status is 1 when "
        "the file is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--organisation", help="the organisation's slug (default: the root)")
        parser.add_argument("--commit", action="store_true", help="write it; without, a dry run")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="of the messages (default: %(default)s)",
        )

    def handle(self, *args, path: Path, organisation: str | None, commit: bool, **options):
        translation.activate(options["language"])
        if organisation is None:
            target = root()
        else:
            target = Organisation.objects.filter(slug=organisation).first()
        if target is None:
            raise CommandError(f"No organisation has the slug {organisation!r}.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        action = services.commit if commit else services.check
        try:
            report = action(
                data, path.name, organisation=target, **({"by": None} if commit else {})
            )
        except services.RowsRejected as refusal:
            report = refusal.report
            self.show(report)
            self.stdout.write(str(refusal))
            self.count(report.counts)
            raise SystemExit(1) from refusal
        except Rejected as refusal:
            self.stdout.write(str(refusal))
            self.count(dict.fromkeys(COUNTED, 0) | {"errors": 1})
            raise SystemExit(1) from refusal
        self.show(report)
        if report.earlier is not None:
            day = report.earlier.created_at.date().isoformat()
            self.stdout.write(f"This file was imported before, on {day}.")
        self.count(report.counts)
        if report.counts["errors"]:
            raise SystemExit(1)

    def show(self, report: services.Report) -> None:
        for problem in report.problems:
            column = problem.column or "-"
            self.stdout.write(f"row {problem.row}, {column}: {problem.value!r}: {problem.reason}")

    def count(self, counts: dict[str, int]) -> None:
        self.stdout.write(" ".join(f"{name}={counts[name]}" for name in COUNTED))
