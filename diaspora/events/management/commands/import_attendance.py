from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from diaspora.accounts.models import User
from diaspora.events.attendance import services
from diaspora.events.models import Event
from diaspora.imports.readers import Rejected

COUNTED = ("rows", "participants", "matched", "review", "new", "errors")


class Command(BaseCommand):
    help = (
        "Check an online event's participant report (Zoom, Microsoft Teams, Webex, or a "
        "plain CSV/XLSX list) against the registry; with --commit, record it. The last "
        "line counts; the exit status is 1 when the report is refused. With --as, the "
        "command acts as that user, as the event's page would: participants are matched "
        "only to people they may see. Without, it acts as the system, which sees everyone. "
        "The same report twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("event_id", type=int)
        parser.add_argument("path", type=Path)
        parser.add_argument("--commit", action="store_true", help="record it; without, a dry run")
        parser.add_argument(
            "--as",
            "--user",
            dest="username",
            help="username of the user acting (default: the system, seeing everyone)",
        )
        parser.add_argument(
            "--add-new",
            action="store_true",
            help="register participants the registry lacks as new people (people.import)",
        )
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args, event_id: int, path: Path, commit: bool, username, **options):
        translation.activate(options["language"])
        by = None
        if username is not None:
            by = User.objects.filter(username=username).first()
            if by is None:
                raise CommandError(f"No user has the username {username!r}.")
        event = Event.objects.filter(pk=event_id).first()
        if event is None:
            raise CommandError(f"No event has the id {event_id}.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        try:
            if commit:
                report = services.commit(event, data, path.name, by=by, add_new=options["add_new"])
            else:
                report = services.check(event, data, path.name, by=by)
        except (Rejected, PermissionDenied) as refusal:
            found = getattr(refusal, "report", None)
            if found is not None:
                self.problems(found)
            self.stdout.write(str(refusal) or "Refused.")
            self.count(found.counts if found else dict.fromkeys(COUNTED, 0) | {"errors": 1})
            raise SystemExit(1) from refusal
        self.problems(report)
        for participant, match in report.rows:
            if match.verdict == "review":
                reasons = "; ".join(map(str, match.reasons))
                self.stdout.write(f"review: {participant.name} ~ #{match.person.pk}: {reasons}")
        if report.counts["hosts"]:
            self.stdout.write(f"hosts left out: {report.counts['hosts']}")
        if report.earlier:
            self.stdout.write("This report was recorded before: nothing changes.")
        self.count(report.counts)
        if report.counts["errors"]:
            raise SystemExit(1)

    def problems(self, report: services.Report) -> None:
        for problem in report.read.problems:
            self.stdout.write(
                f"line {problem.line}, {problem.column}: {problem.value!r}: {problem.reason}"
            )

    def count(self, counts: dict[str, int]) -> None:
        self.stdout.write(" ".join(f"{name}={counts[name]}" for name in COUNTED))
