"""Sessions end after the idle timeout and after the absolute one; a password change
ends every session but the one it was made in. Time is moved, never waited for."""

import time

import pytest
from django.test import Client

from diaspora.accounts import session_timeouts
from diaspora.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        at = time.time()

        def move(self, **delta):
            self.at += delta.get("minutes", 0) * 60 + delta.get("hours", 0) * 3600

    clock = Clock()
    monkeypatch.setattr(session_timeouts, "now", lambda: clock.at)
    return clock


@pytest.fixture
def signed_in(client, db):
    client.force_login(UserFactory())
    return client


def test_a_session_used_within_the_idle_time_stays(signed_in, clock):
    assert signed_in.get("/en/me/").status_code == 200
    clock.move(minutes=59)
    assert signed_in.get("/en/me/").status_code == 200
    clock.move(minutes=59)
    assert signed_in.get("/en/me/").status_code == 200


def test_an_idle_session_ends(signed_in, clock):
    signed_in.get("/en/me/")
    clock.move(minutes=61)
    response = signed_in.get("/en/me/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/me/"
    assert "_auth_user_id" not in signed_in.session
    assert "Your session has ended" in signed_in.get(response["Location"]).content.decode()


def test_the_idle_time_comes_from_settings(signed_in, clock, settings):
    settings.DIASPORA_SESSION_IDLE_MINUTES = 5
    signed_in.get("/en/me/")
    clock.move(minutes=6)
    assert signed_in.get("/en/me/").status_code == 302


def test_a_session_ends_after_the_absolute_time_however_busy(signed_in, clock):
    signed_in.get("/en/me/")
    for _ in range(24):  # twelve hours, a request every half hour
        clock.move(minutes=30)
        assert signed_in.get("/en/me/").status_code == 200
    clock.move(minutes=1)
    assert signed_in.get("/en/me/").status_code == 302


def test_an_ended_session_gets_401_from_the_api(signed_in, clock):
    signed_in.get("/en/me/")
    clock.move(hours=2)
    response = signed_in.get("/api/organisations")
    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(db):
    user = UserFactory()
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        assert client.login(username=user.username, password="correct horse battery")
    response = here.post(
        "/en/accounts/password/change/",
        {
            "oldpassword": "correct horse battery",
            "password1": "a new and long passphrase",
            "password2": "a new and long passphrase",
        },
    )
    assert response.status_code == 302
    assert here.get("/en/me/").status_code == 200
    assert elsewhere.get("/en/me/")["Location"].startswith("/en/accounts/login/")
