"""Long work on the registry, done by the task worker."""

from django_tasks import task

from . import duplicates


@task()
def scan_for_duplicates() -> int:
    return duplicates.scan()
