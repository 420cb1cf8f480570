"""Password reset by email through a real SMTP server on localhost (aiosmtpd): the
mail arrives, and its link sets a new password once."""

import re

import pytest
from django.contrib.auth import authenticate

from diaspora.accounts.tests.login_helpers import confirm_email
from diaspora.events.tests.test_email import smtp  # noqa: F401  (the SMTP fixture)
from diaspora.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/\S+/password/reset/key/\S+/)")


def test_a_reset_mail_arrives_and_its_link_sets_a_new_password(client, smtp):  # noqa: F811
    user = UserFactory(username="nigar", email="nigar@example.org")
    confirm_email(user)
    response = client.post("/en/accounts/password/reset/", {"email": "nigar@example.org"})
    assert response.status_code == 302
    [(to, message)] = smtp.messages
    assert to == ["nigar@example.org"]
    body = message.get_body(("plain",)).get_content()
    link = LINK.search(body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    action = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(
        action, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    )
    assert done.status_code == 302
    assert authenticate(username="nigar", password="a brand new passphrase") == user
    assert authenticate(username="nigar", password="correct horse battery") is None
    # The link served once; it does not set a password again.
    again = client.get(link, follow=True).content.decode()
    assert "password1" not in again
