"""One JSON line per request (method, path, status, duration, request id, user id)
with the id returned in X-Request-ID, and one per task run."""

import io
import json
import logging
import sys

import pytest
from django.test import Client

from diaspora.operations.jsonlog import JsonFormatter
from diaspora.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines():
    """What the request and task loggers write, as the JSON formatter writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("diaspora.requests", "diaspora.tasks")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def test_a_request_gets_an_id_back_and_one_json_line(lines):
    response = Client().get("/en/no-such-page/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [line] = lines()
    assert line["message"] == "request" and line["logger"] == "diaspora.requests"
    assert line["method"] == "GET" and line["path"] == "/en/no-such-page/"
    assert line["status"] == 404 and line["request_id"] == request_id
    assert line["user_id"] is None and line["duration_ms"] >= 0


def test_the_callers_request_id_is_kept(lines):
    response = Client().get("/health", HTTP_X_REQUEST_ID="proxy-42.abc")
    assert response["X-Request-ID"] == "proxy-42.abc"
    assert lines()[0]["request_id"] == "proxy-42.abc"


def test_an_unsafe_request_id_is_replaced(lines):
    response = Client().get("/health", HTTP_X_REQUEST_ID='bad id"\n<script>')
    assert response["X-Request-ID"] != 'bad id"\n<script>' and len(response["X-Request-ID"]) == 32


def test_the_line_names_the_logged_in_user(lines, tree):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    client.get("/en/me/")
    assert lines()[-1]["user_id"] == user.pk


def test_a_task_run_writes_one_json_line(lines):
    from diaspora.operations.tests import sample_tasks

    sample_tasks.add.enqueue(2, 3)
    [line] = [line for line in lines() if line["logger"] == "diaspora.tasks"]
    assert line["task"] == "diaspora.operations.tests.sample_tasks.add"
    assert line["status"] == "SUCCESSFUL" and line["duration_ms"] >= 0 and line["task_id"]


def test_a_log_line_with_an_exception_stays_one_json_object():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line and "ValueError: boom" in json.loads(line)["exception"]


def test_the_text_format_keeps_the_fields():
    from diaspora.operations.jsonlog import TextFormatter

    record = logging.LogRecord("diaspora.requests", logging.INFO, __file__, 1, "request", (), None)
    record.status, record.path = 404, "/ru/x/"
    assert (
        TextFormatter()
        .format(record)
        .endswith("INFO diaspora.requests request status=404 path=/ru/x/")
    )
