"""The task worker's heartbeat: a thread beside the worker's loop upserts the worker's
row every HEARTBEAT_SECONDS. A thread, not the loop itself, so a long import (minutes)
does not read as a dead worker; the thread stops with the process. Several workers
each keep their own row; rows not rewritten for a day are deleted by any beat."""

import contextlib
import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger("diaspora.operations")
FORGET_AFTER = timedelta(days=1)


def beat(worker_id: str, started_at) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": now,
        },
    )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_AFTER).delete()


def newest() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-beat_at").first()


def is_fresh(heartbeat: WorkerHeartbeat | None) -> bool:
    """A beat within three periods: one late beat (a busy database) is no alarm."""
    limit = timedelta(seconds=3 * settings.DIASPORA_HEARTBEAT_SECONDS)
    return heartbeat is not None and timezone.now() - heartbeat.beat_at <= limit


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name="heartbeat", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                beat(self.worker_id, self.started_at)
            except DatabaseError:
                # The database is away or locked (SQLite during an import): the next
                # beat tries again; /health says so if it lasts.
                logger.warning("worker heartbeat not written", exc_info=True)
            finally:
                connection.close()  # this thread's own connection, not kept between beats
            self.stopped.wait(settings.DIASPORA_HEARTBEAT_SECONDS)

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)
        with contextlib.suppress(DatabaseError):  # gone with the database: it ages out
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
