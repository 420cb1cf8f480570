from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per running task worker (its worker id), rewritten every
    HEARTBEAT_SECONDS while it runs (diaspora/operations/heartbeat.py): /health is fine while
    the newest row is recent, whichever worker wrote it."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} ({self.pid})"
