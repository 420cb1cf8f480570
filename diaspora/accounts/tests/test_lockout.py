"""Too many wrong passwords lock the account (and the address) for a while, with a
message that says so, one audit entry per lockout, and no second door at /admin/."""

import time
from types import SimpleNamespace

import pytest
from django.test import Client

from diaspora.accounts.models import AuditEntry
from diaspora.accounts.tests.login_helpers import confirm_email
from diaspora.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def attempt(client, login, password, address="127.0.0.1"):
    return client.post(
        "/en/accounts/login/", {"login": login, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def someone(db):
    user = UserFactory(username="aysel", email="aysel@example.org")
    confirm_email(user)
    return user


def test_the_right_password_logs_in(client, someone):
    assert attempt(client, "aysel", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(someone.pk)
    entry = AuditEntry.objects.get(action="account.logged_in")
    assert entry.actor == someone and entry.changes == {"address": "127.0.0.1"}


def test_an_email_address_logs_in_too(client, someone):
    assert attempt(client, "aysel@example.org", PASSWORD).status_code == 302


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, someone):
    for _ in range(5):
        page = attempt(client, "aysel", "wrong").content.decode()
        assert "not right" in page
    page = attempt(client, "aysel", PASSWORD).content.decode()
    assert "locked for a while" in page
    assert "_auth_user_id" not in client.session
    # Another address does not open it either: the count is per account.
    page = attempt(Client(), "aysel", PASSWORD, address="10.0.0.9").content.decode()
    assert "locked for a while" in page


def test_the_lock_is_the_accounts_whichever_name_or_address_is_typed(client, someone):
    for login in ("aysel", "AYSEL@example.org", "aysel", "Aysel", "aysel@example.org"):
        attempt(client, login, "wrong")
    for login in ("aysel@example.org", "AYSEL", " aysel "):
        page = attempt(Client(), login, PASSWORD).content.decode()
        assert "locked for a while" in page


def test_a_password_reset_lifts_the_lock(client, someone, mailoutbox):
    import re

    for _ in range(5):
        attempt(client, "aysel", "wrong")
    assert "locked for a while" in attempt(client, "aysel", PASSWORD).content.decode()
    reset = Client()
    reset.post("/en/accounts/password/reset/", {"email": "aysel@example.org"})
    link = re.search(r"https?://[^/\s]+(/\S+/password/reset/key/\S+/)", mailoutbox[0].body)
    form = reset.get(link.group(1), follow=True)
    new = {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    assert reset.post(form.redirect_chain[-1][0], new).status_code == 302
    assert attempt(Client(), "aysel", "a brand new passphrase").status_code == 302


def test_a_lockout_is_audited_once_with_the_user_and_the_address(client, someone):
    for _ in range(8):
        attempt(client, "aysel", "wrong")
    entry = AuditEntry.objects.get(action="account.locked_out")
    assert entry.actor is None and entry.actor_name == "system"
    assert (entry.target_type, entry.target_id) == ("accounts.user", str(someone.pk))
    assert entry.changes == {"login": "aysel", "address": "127.0.0.1"}


def test_an_address_trying_many_accounts_is_locked_out(client, someone, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/900s/ip,5/900s/key"}
    for name in ("a", "b", "c"):
        attempt(client, name, "wrong", address="10.0.0.7")
    page = attempt(client, "aysel", PASSWORD, address="10.0.0.7").content.decode()
    assert "locked for a while" in page
    # The account itself is not locked for someone elsewhere.
    assert attempt(Client(), "aysel", PASSWORD, address="10.0.0.8").status_code == 302


def test_the_lockout_ends_when_its_window_passes(client, someone, monkeypatch):
    from allauth.core.internal import ratelimit

    for _ in range(6):
        attempt(client, "aysel", "wrong")
    assert "locked" in attempt(client, "aysel", PASSWORD).content.decode()
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(
        ratelimit,
        "time",
        SimpleNamespace(time=lambda: later, monotonic=time.monotonic, sleep=time.sleep),
    )
    assert attempt(client, "aysel", PASSWORD).status_code == 302


def test_the_admin_login_is_no_second_door(client, someone):
    response = client.get("/en/admin/login/?next=/en/admin/people/person/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/admin/people/person/"
    assert client.post("/en/admin/login/", {"username": "aysel", "password": PASSWORD})[
        "Location"
    ].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_the_admin_sends_visitors_to_the_one_login_page(client, db):
    response = client.get("/en/admin/")
    assert response["Location"].startswith("/en/admin/login/")
    assert client.get(response["Location"])["Location"] == "/en/accounts/login/?next=/en/admin/"


def test_an_outside_next_is_not_followed(client, db):
    response = client.get("/en/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/en/accounts/login/?next=/en/admin/"


def test_a_signed_in_compatriot_at_the_admin_login_is_refused_not_looped(client, db):
    client.force_login(UserFactory())
    assert client.get("/en/admin/login/?next=/en/admin/").status_code == 403


def test_wrong_second_factor_codes_lock_too_and_are_audited(client, someone):
    from diaspora.accounts.tests.login_helpers import enrol_totp

    enrol_totp(someone)
    assert attempt(client, "aysel", PASSWORD)["Location"] == "/en/accounts/2fa/authenticate/"
    for _ in range(5):
        page = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
        assert "Incorrect code" in page.content.decode()
    page = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"}).content.decode()
    assert "locked for a while" in page
    entry = AuditEntry.objects.get(action="account.locked_out")
    assert entry.target_id == str(someone.pk)
    assert entry.changes == {"login": "aysel", "address": "127.0.0.1"}
