"""`manage.py invite`: the first Committee user of a new deployment."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from diaspora.accounts import invitations
from diaspora.accounts.models import AuditEntry, Invitation
from diaspora.directory.models import Organisation


@pytest.fixture(autouse=True)
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DIASPORA_SITE_URL = "https://diaspora.example.org"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("invite", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_a_new_deployment_invites_its_first_committee_user(db):
    assert not Organisation.objects.exists()
    link, messages = run("first@example.org", "--language", "en")
    root = Organisation.objects.get()  # the network, configured from the deployment file
    invitation = Invitation.objects.get()
    assert (invitation.kind, invitation.organisation, invitation.invited_by) == (
        "staff",
        root,
        None,
    )
    assert link.startswith("https://diaspora.example.org/en/accounts/invitation/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert invitations.find(token) == invitation
    assert mail.outbox[0].to == ["first@example.org"] and link in mail.outbox[0].body
    assert "Sent to first@example.org" in messages
    assert AuditEntry.objects.get(action="invitation.sent").actor_name == "system"
    user = invitations.accept_new(invitation, username="first", password="a long pass phrase 42")
    assert user.roles.get().kind == "staff"


def test_the_node_and_kind_may_be_named(tree):
    link, _ = run(
        "m@example.org", "--kind", "manager", "--organisation", tree["house"].slug, "--no-email"
    )
    assert Invitation.objects.get().organisation == tree["house"]
    assert not mail.outbox and "/az/accounts/invitation/" in link
    with pytest.raises(CommandError, match="slug"):
        run("m@example.org", "--organisation", "nowhere")
    with pytest.raises(CommandError, match="not an email address"):
        run("nobody")


def test_a_mail_server_that_fails_still_leaves_the_link(tree, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    link, messages = run("first@example.org")
    assert "/accounts/invitation/" in link and "could not be sent" in messages
    assert Invitation.objects.get().pending
