"""Long work on the registry, done by the task worker."""

from django_tasks import task

from diaspora.accounts.models import User

from . import duplicates


@task()
def scan_for_duplicates(user_id: int | None = None) -> int:
    """The scan, for the user who asked for it (None: the system, the whole registry);
    an account deleted since fails the task rather than scanning everyone."""
    by = None if user_id is None else User.objects.get(pk=user_id)
    return duplicates.scan(by=by)
