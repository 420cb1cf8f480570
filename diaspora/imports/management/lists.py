"""What the commands that take a list (import_people, import_organisations) share:
the file, the language, a dry run or --commit, each problem on a line of its own and
the counts on the last; exit status 1 when the list is refused."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from diaspora.directory.models import Organisation
from diaspora.directory.queries import root
from diaspora.imports.readers import Rejected


class ListCommand(BaseCommand):
    counted: tuple[str, ...] = ()  # the counts on the last line, in this order
    node_option = ""  # the option naming the organisation (its slug)
    node_help = ""

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(f"--{self.node_option}", dest="node", help=self.node_help)
        parser.add_argument("--commit", action="store_true", help="write it; without, a dry run")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="of the messages (default: %(default)s)",
        )

    def handle(self, *args, path: Path, node: str | None, commit: bool, **options):
        translation.activate(options["language"])
        organisation = root() if node is None else Organisation.objects.filter(slug=node).first()
        if organisation is None:
            raise CommandError(f"No organisation has the slug {node!r}.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        try:
            report = self.run(data, path.name, organisation, commit=commit)
        except Rejected as refusal:
            if refusal.report is None:  # the file itself
                counts = dict.fromkeys(self.counted, 0) | {"errors": 1}
            else:  # rows with problems: each is named
                self.show(refusal.report)
                counts = refusal.report.counts
            self.stdout.write(str(refusal))
            self.count(counts)
            raise SystemExit(1) from refusal
        except MemoryError as error:  # what the checks before reading did not foresee
            self.stdout.write("The file needs more memory than this process may use.")
            self.count(dict.fromkeys(self.counted, 0) | {"errors": 1})
            raise SystemExit(1) from error
        self.show(report)
        self.tell(report)
        self.count(report.counts)
        if report.counts["errors"]:
            raise SystemExit(1)

    def run(self, data: bytes, name: str, organisation: Organisation, *, commit: bool) -> Any:
        """The check (or, with `commit`, the import) of the list: its report."""
        raise NotImplementedError

    def tell(self, report: Any) -> None:
        """Anything more to say before the counts."""

    def show(self, report: Any) -> None:
        for problem in report.problems:
            column = problem.column or "-"
            self.stdout.write(f"row {problem.row}, {column}: {problem.value!r}: {problem.reason}")

    def count(self, counts: dict[str, int]) -> None:
        self.stdout.write(" ".join(f"{name}={counts[name]}" for name in self.counted))
