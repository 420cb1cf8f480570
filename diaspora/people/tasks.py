"""Long work on the registry, done by the task worker."""

from django_tasks import task

from . import duplicates, retention


@task()
def scan_for_duplicates() -> int:
    return duplicates.scan()


@task()
def apply_retention(dry_run: bool = False) -> dict[str, int]:
    """The retention rules, run by the worker (a scheduler or `manage.py
    apply_retention --enqueue` puts it in the queue)."""
    return retention.apply(dry_run=dry_run)
