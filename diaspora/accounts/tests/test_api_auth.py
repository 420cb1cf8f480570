"""How the API tells who is calling: a bearer token, or the browser's session."""

import pytest
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.people.tests.factories import UserFactory


@pytest.mark.parametrize("path", ["/api/events", "/api/events/1/registrations"])
def test_a_write_without_a_token_or_a_session_is_a_401_not_a_csrf_refusal(tree, path):
    response = Client(enforce_csrf_checks=True).post(path, "{}", content_type="application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["code"]


def test_a_signed_in_session_still_needs_the_csrf_token_to_write(tree):
    user = UserFactory()
    grant_role(user, "manager", tree["house"], by=None)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/events", "{}", content_type="application/json")
    assert response.status_code == 403
    assert client.get("/api/people").status_code == 200  # reads need no token
