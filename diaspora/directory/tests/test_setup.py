"""`manage.py setup`: a new deployment from its file, idempotent, with its first user."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from diaspora.accounts import invitations
from diaspora.accounts.models import Invitation, Role
from diaspora.directory import setup
from diaspora.directory.models import Organisation


@pytest.fixture(autouse=True)
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DIASPORA_SITE_URL = "https://diaspora.example.org"


def run(*args) -> list[str]:
    out = StringIO()
    call_command("setup", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip().splitlines()


def test_setup_applies_the_deployment_file_and_says_what_it_did(db):
    assert not Organisation.objects.exists()
    lines = run()
    assert "Organisation kinds: created (5)." in lines
    assert "The Committee at the root (state-committee): created (1)." in lines
    assert lines[-1] == "Set up from the deployment file."
    committee = Organisation.objects.get()
    assert committee.kind.code == "committee" and committee.city.name == "Baku"


def test_setup_twice_writes_nothing_the_second_time(db):
    run()
    stamp = Organisation.objects.get().updated_at
    lines = run()
    assert "Organisation kinds: unchanged (5)." in lines
    assert lines[-1] == "Nothing to change: the deployment is already set up."
    assert Organisation.objects.get().updated_at == stamp  # not even saved again


def test_setup_puts_back_what_someone_changed(db):
    run()
    Organisation.objects.update(name="Renamed")
    lines = run()
    assert "The Committee at the root (state-committee): updated (1)." in lines
    assert Organisation.objects.get().name == "State Committee on Work with Diaspora"


def test_setup_invites_the_first_committee_user_once(db):
    lines = run("--invite", "First@Example.org", "--language", "en")
    invitation = Invitation.objects.get()
    assert invitation.kind == Role.Kind.STAFF and invitation.organisation.is_root()
    assert "Invited First@Example.org as Committee staff:" in lines
    token = lines[-1].rsplit("/", 2)[-2]
    assert invitations.find(token) == invitation  # the link printed works
    assert len(mail.outbox) == 1 and "https://diaspora.example.org" in mail.outbox[0].body
    lines = run("--invite", "first@example.org")
    assert lines[-1].startswith("first@example.org is already invited")
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_the_gazetteer_hook_is_called_once_per_setup(db, monkeypatch):
    calls = []
    monkeypatch.setattr(setup, "load_gazetteer", lambda config: calls.append(config) or "Cities: 1")
    lines = run()
    assert len(calls) == 1 and calls[0]["homeland"] == "AZ" and "Cities: 1" in lines
