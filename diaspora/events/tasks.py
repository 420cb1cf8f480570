"""Work done by the task worker, out of the request."""

from django_tasks import task

from . import notices


@task()
def send_notice(registration_id: int, reason: str) -> None:
    notices.send(registration_id, reason)
