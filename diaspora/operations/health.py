"""GET /health: 200 {"status": "ok", ...} when the database answers and a task
worker's heartbeat is recent, else 503 naming what failed. For a load balancer or a
monitor: no login, no session, nothing personal; the worker is checked only where
tasks go through the database queue (not DIASPORA_TASKS=immediate)."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import heartbeat


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def _worker() -> dict:
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return {"ok": True, "skipped": "tasks run in the request"}
    try:
        newest = heartbeat.newest()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    if newest is None:
        return {"ok": False, "error": "no worker has reported"}
    age = (heartbeat.timezone.now() - newest.beat_at).total_seconds()
    fresh = heartbeat.is_fresh(newest)
    return {"ok": fresh, "last_beat_seconds_ago": round(age, 1)} | (
        {} if fresh else {"error": "the newest heartbeat is too old"}
    )


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database()}
    checks["worker"] = _worker() if checks["database"]["ok"] else {"ok": False, "error": "database"}
    failed = [name for name, check in checks.items() if not check["ok"]]
    body = {"status": "fail" if failed else "ok", "failed": failed, "checks": checks}
    return JsonResponse(body, status=503 if failed else 200)
