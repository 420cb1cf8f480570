"""The API fuzzed from its own OpenAPI document (schemathesis): on every operation,
valid and invalid inputs alike, no server error, and every answer is one the
document declares, with the body its schema says. Signed in as the Committee's
staff, so the routes behind a login are reached too. On PostgreSQL, the database
production runs (its text and integer limits are the stricter)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from diaspora.accounts.services import grant_role
from diaspora.accounts.tokens import issue_token
from diaspora.api import api
from diaspora.events import services
from diaspora.events.tests.factories import make_event
from diaspora.people.tests.factories import UserFactory
from diaspora.wsgi import application

# A small budget: each operation gets this many cases per mode (valid, invalid).
CASES_PER_OPERATION = 20
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the API fuzz runs on PostgreSQL"),
    pytest.mark.django_db,
]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
cases_sent = {"count": 0}
statuses: dict[int, int] = {}


@pytest.fixture(scope="module", autouse=True)
def count_the_cases():
    """The number of cases sent, printed at the end (seen with `pytest -s`)."""
    yield
    operations = len(list(schema.get_all_operations()))
    answers = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
    print(f"\nAPI fuzz: {cases_sent['count']} cases over {operations} operations ({answers})")


@pytest.fixture
def same_connection():
    """Requests go straight to the WSGI application, not through Django's test
    client: keep the test's connection (and its transaction) open between them,
    as the client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def network(tree, same_connection):
    """The Committee's staff token, and an event holding a registration to find."""
    user = UserFactory(username="committee-staff")
    grant_role(user, "staff", tree["root"], by=None)
    event = make_event(tree["house"], capacity=2)
    registration, _ = services.register(
        event, given_name="Aynur", email="aynur@example.org", by=None
    )
    return {"token": issue_token(user), "event": event, "registration": registration}


def steer(case, network) -> None:
    """Send about half of the cases at things that exist, so that they get past
    "unknown id" and "unknown kind" to the code that stores: an id the fuzz drew
    even becomes the real event's (or registration's); a new event's kind, country
    and time zone, when drawn as text, become real ones, and its city and dates
    half the time (its title and the rest stay as drawn)."""
    params = case.path_parameters or {}
    for name, real in (
        ("event_id", network["event"]),
        ("registration_id", network["registration"]),
    ):
        if isinstance(params.get(name), int) and params[name] % 2 == 0:
            params[name] = real.pk
    body = case.body
    if case.method == "POST" and case.path == "/api/events" and isinstance(body, dict):
        steer_event(body)
    drawn = body.get("code") if isinstance(body, dict) else None
    if case.path.endswith("/check-ins") and isinstance(drawn, str) and len(drawn) % 2 == 0:
        body["code"] = network["registration"].code
    drawn = body.get("email") if isinstance(body, dict) else None
    if case.path.endswith("/registrations") and isinstance(drawn, str) and len(drawn) % 2 == 0:
        body["email"] = f"fuzz{len(drawn)}@example.org"


def steer_event(body: dict) -> None:
    for name, real in (("kind", "celebration"), ("country", "DE"), ("timezone", "Europe/Berlin")):
        if isinstance(body.get(name), str):
            body[name] = real
    half = len(str(body.get("title"))) % 2 == 0
    if isinstance(body.get("city"), str) and half:
        body["city"] = "Berlin"
    if isinstance(body.get("starts_at"), str) and half:
        body["starts_at"] = "2030-12-31T19:00:00+01:00"
        for name in ("ends_at", "registration_opens_at", "registration_closes_at"):
            body.pop(name, None)


@schema.parametrize()
@settings(
    max_examples=CASES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_answers_every_case_as_its_document_says(case, network):
    cases_sent["count"] += 1
    steer(case, network)
    response = case.call_and_validate(
        app=application,
        headers={"Authorization": f"Bearer {network['token']}", "Accept-Language": "en"},
        checks=CHECKS,
    )
    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
