"""API tokens: expiry, scope, the owner's page, the command, and wrong tokens throttled."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from diaspora.accounts.models import ApiToken, AuditEntry
from diaspora.accounts.services import AccountsError
from diaspora.accounts.tokens import issue_token
from diaspora.people.tests.factories import UserFactory

EVENT = {
    "title": "Novruz",
    "kind": "celebration",
    "starts_at": "2031-03-20T18:00:00+01:00",
    "timezone": "Europe/Berlin",
    "country": "DE",
    "city": "Berlin",
}


@pytest.fixture(autouse=True)
def fresh_cache(one_process_caches):
    cache.clear()
    yield
    cache.clear()


def bearer(token: str) -> dict:
    # The API answers in the caller's language: these tests read its English.
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_token_expires(tree, manager, client):
    token = issue_token(manager, days=1)
    assert client.get("/api/people", **bearer(token)).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/people", **bearer(token))
    assert response.status_code == 401
    assert response.json()["code"] == "expired"
    assert response["WWW-Authenticate"] == "Bearer"


def test_lifetime_has_a_default_and_a_maximum(tree, manager, settings):
    issue_token(manager)
    row = ApiToken.objects.get()
    assert abs(row.expires_at - timezone.now() - timedelta(days=90)) < timedelta(minutes=1)
    with pytest.raises(AccountsError):
        issue_token(manager, days=366)
    with pytest.raises(AccountsError):
        issue_token(manager, days=0)


def test_a_read_only_token_reads_but_never_writes(tree, manager, client):
    token = issue_token(manager, scope="read")
    assert client.get("/api/people", **bearer(token)).status_code == 200
    response = client.post(
        "/api/events", json.dumps(EVENT), content_type="application/json", **bearer(token)
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This API token may only read.",
        "code": "read_only",
        "field": None,
    }
    token = issue_token(manager, scope="read-write")
    response = client.post(
        "/api/events", json.dumps(EVENT), content_type="application/json", **bearer(token)
    )
    assert response.status_code == 201


def test_wrong_tokens_lock_the_address_out(tree, manager, settings):
    settings.DIASPORA_API_TOKEN_FAILURES = 5
    good = issue_token(manager)
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        assert client.get("/api/people", **bearer("wrong")).status_code == 401
    response = client.get("/api/people", **bearer("wrong"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.DIASPORA_API_TOKEN_FAILURE_WINDOW
    assert response.json()["code"] == "locked_out"
    assert "Too many wrong API tokens" in response.json()["detail"]
    # Locked out: even the right token waits; the lockout is audited once.
    for _ in range(3):
        assert client.get("/api/people", **bearer(good)).status_code == 429
    assert AuditEntry.objects.filter(action="api.locked_out").count() == 1
    assert AuditEntry.objects.get(action="api.locked_out").target_id == "203.0.113.7"
    # Another address is not concerned; a public read with a bad token counts too.
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert other.get("/api/people", **bearer(good)).status_code == 200
    assert client.get("/api/events", **bearer(good)).status_code == 429


def test_the_tokens_page_lists_creates_and_revokes_ones_own(tree, signed_in):
    user = UserFactory()  # any signed-in user, no role needed
    someone_else = issue_token(UserFactory(), label="theirs")
    client = signed_in(user)
    assert 'href="/en/accounts/tokens/"' in client.get("/en/accounts/2fa/").content.decode()
    response = client.post(
        "/en/accounts/tokens/", {"label": "my script", "scope": "read", "days": "30"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    row = ApiToken.objects.get(user=user)
    assert "shown only this once" in page
    assert "Bearer &lt;token&gt;" in page  # shown, not swallowed as a tag
    token = page.split('<code id="new-token">')[1].split("</code>")[0]
    assert token.startswith(row.prefix) and len(row.prefix) == 8
    assert (row.label, row.scope) == ("my script", "read")
    listing = client.get("/en/accounts/tokens/").content.decode()
    assert "my script" in listing and row.prefix in listing and token not in listing
    assert "theirs" not in listing
    assert AuditEntry.objects.filter(action="token.created", actor=user).count() == 1
    theirs = ApiToken.objects.get(label="theirs")
    assert client.post(f"/en/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/en/accounts/tokens/{row.pk}/revoke/").status_code == 302
    assert not ApiToken.objects.filter(pk=row.pk).exists()
    assert AuditEntry.objects.filter(action="token.revoked", actor=user).count() == 1
    assert Client().get("/api/people", **bearer(someone_else)).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"scope": "admin", "days": "30"}, "valid choice"),
        ({"scope": "read", "days": "400"}, "less than or equal to 365"),
        ({"scope": "read", "days": "0"}, "greater than or equal to 1"),
        ({"scope": "read", "days": "soon"}, "whole number"),
    ],
)
def test_bad_token_requests_are_refused(tree, signed_in, data, message):
    response = signed_in(UserFactory()).post("/en/accounts/tokens/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_tokens_page_needs_a_login(client, db):
    response = client.get("/en/accounts/tokens/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_command_takes_a_scope_and_a_lifetime(tree, manager):
    out = StringIO()
    call_command("api_token", manager.username, "--scope", "read-write", "--days", "10", stdout=out)
    row = ApiToken.objects.get()
    assert row.scope == "read-write" and out.getvalue().strip().startswith(row.prefix)
    assert abs(row.expires_at - timezone.now() - timedelta(days=10)) < timedelta(minutes=1)
    call_command("api_token", manager.username, stdout=StringIO())
    assert ApiToken.objects.latest("pk").scope == "read"
    with pytest.raises(CommandError, match="1 to 365"):
        call_command("api_token", manager.username, "--days", "1000", stdout=StringIO())


def test_behind_a_proxy_the_client_is_counted_not_the_proxy(tree, manager, settings):
    settings.DIASPORA_API_TOKEN_FAILURES = 3
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    good = issue_token(manager)
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")
    colleague = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.10")
    for _ in range(3):
        attacker.get("/api/people", **bearer("wrong"))
    assert attacker.get("/api/people", **bearer(good)).status_code == 429
    assert colleague.get("/api/people", **bearer(good)).status_code == 200
    assert AuditEntry.objects.get(action="api.locked_out").target_id == "198.51.100.9"
