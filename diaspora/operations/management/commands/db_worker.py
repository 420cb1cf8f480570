"""django-tasks-db's `db_worker`, with a heartbeat (diaspora/operations/heartbeat.py) that
/health reads. The same command and options: `make run`, `make serve`, the systemd
unit and the image start it by its usual name (this app comes before django_tasks_db
in INSTALLED_APPS, so this command is the one found)."""

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from diaspora.operations.heartbeat import Heartbeat


class Command(WorkerCommand):
    help = f"{WorkerCommand.help}, recording a heartbeat for /health."

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
