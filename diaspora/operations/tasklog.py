"""One JSON log line per task run (logger diaspora.tasks): which task, its id, how it
ended and how long it took, written by whichever process ran it."""

import logging
from typing import Any

from django_tasks.signals import task_finished

logger = logging.getLogger("diaspora.tasks")


def log_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    started, finished = task_result.started_at, task_result.finished_at
    duration = (finished - started).total_seconds() * 1000 if started and finished else None
    logger.info(
        "task",
        extra={
            "task": task_result.task.module_path,
            "task_id": str(task_result.id),
            "status": str(task_result.status),
            "duration_ms": round(duration, 1) if duration is not None else None,
            "attempts": len(task_result.worker_ids),
        },
    )


def connect() -> None:
    task_finished.connect(log_finished, dispatch_uid="diaspora.operations.tasklog")
