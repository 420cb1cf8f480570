import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from diaspora.reports import documents, yearly


class Command(BaseCommand):
    help = (
        "Build a node's yearly report as PDF or DOCX (and, with --publish, freeze its "
        "figures first); prints pages, seconds and peak memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--node", default="", help="the node's slug; the whole network if empty"
        )
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf")
        parser.add_argument("--language", choices=["az", "ru", "en"], default="en")
        parser.add_argument("--output", required=True)
        parser.add_argument("--publish", action="store_true")
        parser.add_argument(
            "--repeat",
            type=int,
            default=1,
            help="draw every table this many times over: a report N times the size, to measure",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            yearly.check_year(options["year"])
            node = yearly.node_by_slug(options["node"])
            if options["publish"]:
                yearly.publish(node, options["year"], by=None)
        except yearly.ReportError as error:
            raise CommandError(str(error)) from error
        with translation.override(options["language"]):
            content = yearly.content(node, options["year"])
            for table in content.tables:
                table.rows *= max(options["repeat"], 1)
                table.links = []
            write = documents.to_pdf if options["format"] == "pdf" else documents.to_docx
            data = write(content)
        with open(options["output"], "wb") as handle:
            handle.write(data)
        pages = data.count(b"/Type /Page\n") if options["format"] == "pdf" else None
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        rows = sum(len(table.rows) for table in content.tables)
        self.stdout.write(
            f"{options['output']}: {len(data):,} bytes, {rows} table rows"
            + (f", {pages} pages" if pages is not None else "")
            + f", {time.perf_counter() - started:.1f} s, peak memory {peak} MB"
        )
