import time

from django.core.management.base import BaseCommand, CommandError

from diaspora.honours.models import Round
from diaspora.honours.queries import round_report


class Command(BaseCommand):
    help = (
        "The round's report, counted from the records: nominations by status, country "
        "and organisation, and each nomination's average score over those who scored "
        "(default: the latest round)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, help="the round's id")

    def handle(self, *args, round=None, **options):
        rounds = Round.objects.select_related("honour")
        chosen = rounds.filter(pk=round).first() if round else rounds.first()
        if chosen is None:
            raise CommandError("No such round." if round else "No round yet.")
        started = time.perf_counter()
        report = round_report(chosen)
        took = time.perf_counter() - started
        write = self.stdout.write
        write(f"{chosen.title} ({chosen.honour.code}): {report['total']} nominations")
        write("By status: " + ", ".join(f"{label} {n}" for label, n in report["by_status"]))
        write("By country: " + ", ".join(f"{name} {n}" for name, n in report["by_country"]))
        write(
            "By organisation: " + ", ".join(f"{name} {n}" for name, n in report["by_organisation"])
        )
        for nomination, tally in report["rows"]:
            average = "—" if tally.average is None else str(tally.average)
            write(
                f"  #{nomination.pk} {nomination.status:<9} average {average:>5} "
                f"(scored {tally.scored}, abstained {tally.abstained}, "
                f"conflicts {tally.conflicts}) · {nomination.organisation.local_name}"
            )
        write(f"Counted from the records in {took * 1000:.0f} ms.")
