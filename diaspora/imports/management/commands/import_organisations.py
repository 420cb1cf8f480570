from diaspora.directory.models import Organisation
from diaspora.imports import organisations
from diaspora.imports.management.lists import ListCommand


class Command(ListCommand):
    help = (
        "Check a list of organisations (CSV, XLSX, ODS) against the directory; with "
        "--commit, add them in one transaction. The last line counts the rows; the exit "
        "status is 1 when the file is refused."
    )
    counted = ("rows", "new", "matched", "errors")
    node_option = "parent"
    node_help = "slug of the node they go under (default: the root)"

    def run(
        self, data: bytes, name: str, parent: Organisation, *, commit: bool
    ) -> organisations.Report:
        if commit:
            return organisations.commit(data, name, parent=parent, by=None)
        return organisations.check(data, name, parent=parent)
