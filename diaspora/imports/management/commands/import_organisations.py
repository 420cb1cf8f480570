from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from diaspora.directory.models import Organisation
from diaspora.directory.queries import root
from diaspora.imports import organisations
from diaspora.imports.readers import Rejected

COUNTED = ("rows", "new", "matched", "errors")


class Command(BaseCommand):
    help = (
        "Check a list of organisations (CSV, XLSX, ODS) against the directory; with "
        "--commit, add them in one transaction. The last line counts the rows; the exit "
        "status is 1 when the file is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--parent", help="slug of the node they go under (default: the root)")
        parser.add_argument("--commit", action="store_true", help="write it; without, a dry run")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args, path: Path, parent: str | None, commit: bool, **options):
        translation.activate(options["language"])
        node = root() if parent is None else Organisation.objects.filter(slug=parent).first()
        if node is None:
            raise CommandError(f"No organisation has the slug {parent!r}.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        try:
            if commit:
                report = organisations.commit(data, path.name, parent=node, by=None)
            else:
                report = organisations.check(data, path.name, parent=node)
        except organisations.ListRejected as refusal:
            self.show(refusal.report)
            self.stdout.write(str(refusal))
            self.count(refusal.report.counts)
            raise SystemExit(1) from refusal
        except Rejected as refusal:
            self.stdout.write(str(refusal))
            self.count(dict.fromkeys(COUNTED, 0) | {"errors": 1})
            raise SystemExit(1) from refusal
        self.show(report)
        self.count(report.counts)
        if report.problems:
            raise SystemExit(1)

    def show(self, report: organisations.Report) -> None:
        for problem in report.problems:
            self.stdout.write(
                f"row {problem.row}, {problem.column}: {problem.value!r}: {problem.reason}"
            )

    def count(self, counts: dict[str, int]) -> None:
        self.stdout.write(" ".join(f"{name}={counts[name]}" for name in COUNTED))
