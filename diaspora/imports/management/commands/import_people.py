from diaspora.directory.models import Organisation
from diaspora.imports import services
from diaspora.imports.management.lists import ListCommand


class Command(ListCommand):
    help = (
        "Check a member list (CSV, XLSX, ODS) against the registry; with --commit, import "
        "it in one transaction. The last line counts the rows; the exit status is 1 when "
        "the file is refused."
    )
    counted = ("rows", "new", "matched", "review", "errors")
    node_option = "organisation"
    node_help = "the organisation's slug (default: the root)"

    def run(
        self, data: bytes, name: str, organisation: Organisation, *, commit: bool
    ) -> services.Report:
        if commit:
            return services.commit(data, name, organisation=organisation, by=None)
        return services.check(data, name, organisation=organisation)

    def tell(self, report: services.Report) -> None:
        if report.earlier is not None:
            day = report.earlier.created_at.date().isoformat()
            self.stdout.write(f"This file was imported before, on {day}.")
