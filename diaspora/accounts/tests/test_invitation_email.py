"""The invitation email goes through Django's SMTP backend to a real SMTP server on
localhost, and its link opens the page where the invitee sets a password."""

import pytest
from django.test import Client

from diaspora.accounts import invitations
from diaspora.events.tests.test_email import smtp  # noqa: F401  (the SMTP server fixture)


@pytest.mark.django_db
def test_the_invitation_mail_arrives_with_a_working_link(tree, staff, smtp, settings):  # noqa: F811
    settings.DIASPORA_SITE_URL = "http://testserver"
    invitations.invite("leyla@example.org", "manager", tree["house"], by=staff, language="en")
    ((to, message),) = smtp.messages
    assert to == ["leyla@example.org"]
    assert message["Subject"].strip() == f"Invitation to {settings.DIASPORA_SITE_NAME}"
    body = message.get_body(("plain",)).get_content()
    assert "organisation manager at Azerbaijan House in Berlin" in body
    link = next(word for word in body.split() if word.startswith("http://testserver/"))
    path = link.removeprefix("http://testserver")
    client = Client()
    assert client.get(path).status_code == 200
    response = client.post(
        path,
        {"username": "leyla", "password": "a long pass 42", "password_again": "a long pass 42"},
    )
    assert response.status_code == 302
    # Signed in as a manager, who must enrol a second factor before anything else.
    assert client.get("/en/me/")["Location"] == "/en/accounts/2fa/"
    assert Client().get(path).status_code == 410
