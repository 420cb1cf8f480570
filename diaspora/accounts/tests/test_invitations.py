"""Invitations: sent within reach, used once, until they expire, unless withdrawn."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from diaspora.accounts import invitations
from diaspora.accounts.models import AuditEntry, Invitation, User
from diaspora.accounts.services import AccountsError, grant_role
from diaspora.people.tests.factories import UserFactory

LINK = re.compile(r"http://testserver(/\w+/accounts/invitation/[\w-]+/)")


@pytest.fixture(autouse=True)
def site(settings):
    settings.DIASPORA_SITE_URL = "http://testserver"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_an_invitation_stores_only_a_digest_and_mails_the_link(tree, coordinator):
    invitation, token = invitations.invite(
        "Aysel@Example.org", "teacher", tree["school"], by=coordinator, language="ru"
    )
    assert token not in invitation.digest and len(invitation.digest) == 64
    assert abs(invitation.expires_at - invitation.created_at - timedelta(days=7)) < timedelta(
        seconds=5
    )
    (message,) = mail.outbox
    assert message.to == ["Aysel@Example.org"]
    assert f"/ru/accounts/invitation/{token}/" in message.body
    assert "Sunday School, Hamburg" in message.body
    entry = AuditEntry.objects.get(action="invitation.sent")
    assert entry.actor == coordinator and entry.changes["role"] == [None, "teacher"]


@pytest.mark.parametrize(
    ("kind", "node"), [("manager", "house"), ("staff", "council"), ("teacher", "paris")]
)
def test_nobody_invites_above_their_rights_or_outside_their_reach(tree, coordinator, kind, node):
    with pytest.raises(AccountsError):
        invitations.invite("x@example.org", kind, tree[node], by=coordinator)
    assert not Invitation.objects.exists() and not mail.outbox


def test_bad_email_and_unknown_kind_are_refused(tree, staff):
    with pytest.raises(AccountsError) as refused:
        invitations.invite("not an address", "teacher", tree["school"], by=staff)
    assert refused.value.status == 400 and refused.value.field == "email"
    with pytest.raises(AccountsError) as refused:
        invitations.invite("a@example.org", "janitor", tree["school"], by=staff)
    assert refused.value.status == 400


def test_a_link_works_once(tree, staff):
    invitation, token = invitations.invite("new@example.org", "manager", tree["house"], by=staff)
    user = invitations.accept_new(
        invitations.find(token), username="new-manager", password="a long pass phrase 42"
    )
    assert user.email == "new@example.org" and user.check_password("a long pass phrase 42")
    assert list(user.roles.values_list("kind", "organisation")) == [("manager", tree["house"].pk)]
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary and address.email == "new@example.org"
    granted = AuditEntry.objects.get(action="role.granted", target_id=str(user.pk))
    assert granted.actor == staff  # granted as the inviter
    assert AuditEntry.objects.filter(action="invitation.accepted", actor=user).exists()
    with pytest.raises(invitations.InvitationGone) as gone:
        invitations.find(token)
    assert gone.value.status == 410


def test_expired_revoked_and_tampered_links(tree, staff):
    invitation, token = invitations.invite("late@example.org", "teacher", tree["school"], by=staff)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    with pytest.raises(invitations.InvitationGone, match="expired") as gone:
        invitations.find(token)
    assert gone.value.status == 410
    with pytest.raises(invitations.InvitationGone) as gone:
        invitations.find(token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert gone.value.status == 404
    fresh = invitations.resend(invitation, by=staff)
    assert invitations.find(fresh).pk == invitation.pk
    with pytest.raises(invitations.InvitationGone):
        invitations.find(token)  # the old link stops working
    invitations.revoke(invitation, by=staff)
    with pytest.raises(invitations.InvitationGone, match="withdrawn"):
        invitations.find(fresh)
    assert AuditEntry.objects.filter(action="invitation.revoked", actor=staff).count() == 1
    with pytest.raises(AccountsError):
        invitations.resend(invitation, by=staff)


def test_the_inviter_must_still_hold_the_right_when_it_is_accepted(tree, staff, coordinator):
    invitation, token = invitations.invite(
        "t@example.org", "teacher", tree["school"], by=coordinator
    )
    from diaspora.accounts.services import revoke_role

    revoke_role(coordinator.roles.get(), by=staff)
    with pytest.raises(invitations.InvitationGone, match="may no longer"):
        invitations.accept_new(invitation, username="t", password="a long pass phrase 42")
    assert not User.objects.filter(username="t").exists()


def test_an_existing_account_accepts_when_signed_in_as_itself(tree, staff):
    existing = UserFactory(email="known@example.org")
    invitation, token = invitations.invite("KNOWN@example.org", "teacher", tree["school"], by=staff)
    with pytest.raises(AccountsError, match="log in with that account"):
        invitations.accept_existing(invitation, user=UserFactory(email="other@example.org"))
    invitations.accept_existing(invitation, user=existing)
    assert existing.roles.get().kind == "teacher"
    assert EmailAddress.objects.get(user=existing).verified


def test_sending_is_limited_per_person_and_hour(tree, staff, settings):
    settings.DIASPORA_INVITATIONS_PER_HOUR = 2
    invitations.invite("a@example.org", "teacher", tree["school"], by=staff)
    invitations.invite("b@example.org", "teacher", tree["school"], by=staff)
    with pytest.raises(AccountsError, match="2 invitations in the last hour") as refused:
        invitations.invite("c@example.org", "teacher", tree["school"], by=staff)
    assert refused.value.status == 429
    other = UserFactory()
    grant_role(other, "staff", tree["root"], by=None)
    invitations.invite("c@example.org", "teacher", tree["school"], by=other)


def test_one_pending_invitation_per_role_and_no_role_twice(tree, staff):
    invitations.invite("a@example.org", "teacher", tree["school"], by=staff)
    with pytest.raises(AccountsError, match="already invited"):
        invitations.invite("A@example.org", "teacher", tree["school"], by=staff)
    holder = UserFactory(email="h@example.org")
    grant_role(holder, "teacher", tree["school"], by=None)
    with pytest.raises(AccountsError, match="already holds"):
        invitations.invite("h@example.org", "teacher", tree["school"], by=staff)


def test_a_mail_server_refusing_the_mail_leaves_nothing_written(tree, staff, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    with pytest.raises(AccountsError, match="could not be sent") as refused:
        invitations.invite("a@example.org", "teacher", tree["school"], by=staff)
    assert refused.value.status == 503
    assert not Invitation.objects.exists()
    assert not AuditEntry.objects.filter(action="invitation.sent").exists()
