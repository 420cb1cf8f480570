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


@pytest.fixture(scope="module", autouse=True)
def count_the_cases():
    """The number of cases sent, printed at the end (seen with `pytest -s`)."""
    yield
    operations = len(list(schema.get_all_operations()))
    print(f"\nAPI fuzz: {cases_sent['count']} cases over {operations} operations")


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
def staff_token(tree, same_connection):
    """The Committee's staff, with an event holding a registration to find."""
    user = UserFactory(username="committee-staff")
    grant_role(user, "staff", tree["root"], by=None)
    event = make_event(tree["house"], capacity=2)
    from diaspora.events import services

    services.register(event, given_name="Aynur", email="aynur@example.org", by=None)
    return issue_token(user)


@schema.parametrize()
@settings(
    max_examples=CASES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_answers_every_case_as_its_document_says(case, staff_token):
    cases_sent["count"] += 1
    case.call_and_validate(
        app=application,
        headers={"Authorization": f"Bearer {staff_token}", "Accept-Language": "en"},
        checks=CHECKS,
    )
