"""Work done by the task worker, out of the request."""

from django_tasks import task

from . import notices


@task()
def send_outcome(nomination_id: int) -> None:
    notices.send_outcome(nomination_id)
