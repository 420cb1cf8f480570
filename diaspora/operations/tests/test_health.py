"""GET /health: 200 when the database answers and a worker's heartbeat is recent,
503 naming what failed otherwise."""

from datetime import timedelta

import pytest
from django.core.management import get_commands
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from diaspora.operations import health, heartbeat
from diaspora.operations.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = QUEUE
    settings.DIASPORA_HEARTBEAT_SECONDS = 30


def test_fine_with_a_recent_heartbeat(database_queue):
    heartbeat.beat("worker-a", timezone.now())
    response = Client().get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["worker"]["ok"] is True


def test_no_worker_ever_reported_is_503_naming_the_worker(database_queue):
    response = Client().get("/health")
    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]
    assert response.json()["checks"]["worker"]["error"] == "no worker has reported"


def test_a_stale_heartbeat_is_503(database_queue):
    heartbeat.beat("worker-a", timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=91))
    response = Client().get("/health")
    assert response.status_code == 503 and response.json()["failed"] == ["worker"]


def test_any_one_of_several_workers_suffices(database_queue):
    heartbeat.beat("worker-a", timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(hours=1))
    heartbeat.beat("worker-b", timezone.now())
    assert Client().get("/health").status_code == 200
    assert WorkerHeartbeat.objects.count() == 2


def test_a_failing_database_is_503_naming_the_database(database_queue, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = Client().get("/health")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database", "worker"]
    assert response.json()["checks"]["database"]["error"] == "OperationalError"


def test_tasks_run_in_the_request_need_no_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert Client().get("/health").status_code == 200


def test_health_is_not_redirected_to_https_in_production(database_queue, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^health$"]
    heartbeat.beat("worker-a", timezone.now())
    assert Client().get("/health").status_code == 200


def test_beats_forget_workers_gone_for_a_day(database_queue):
    heartbeat.beat("gone", timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(days=2))
    heartbeat.beat("alive", timezone.now())
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["alive"]


def test_db_worker_is_the_one_with_a_heartbeat():
    assert get_commands()["db_worker"] == "diaspora.operations"


def test_the_worker_command_beats_while_it_runs(database_queue, monkeypatch):
    from django.core.management import call_command

    beats = []
    monkeypatch.setattr(heartbeat, "beat", lambda worker_id, started: beats.append(worker_id))
    monkeypatch.setattr(heartbeat.connection, "close", lambda: None)
    call_command("db_worker", batch=True, worker_id="w1", verbosity=0, startup_delay=False)
    assert beats and beats[0] == "w1"
