"""Every absolute link the platform sends out starts with DIASPORA_SITE_URL, never with
the address a request came in on (behind a proxy, 127.0.0.1): ticket emails, their
calendar file's UID, invitation links and django-allauth's account mails."""

import re

import pytest
from icalendar import Calendar

from diaspora import siteurl
from diaspora.accounts import invitations
from diaspora.accounts.tests.login_helpers import confirm_email
from diaspora.events import services
from diaspora.events.tests.factories import make_event
from diaspora.people.tests.factories import UserFactory

SITE = "https://diaspora.example.org"


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.DIASPORA_SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "diaspora.example.org"]


def test_a_ticket_email_links_to_the_public_address_and_its_calendar_uid_names_it(
    tree, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(tree["house"])
    with django_capture_on_commit_callbacks(execute=True):
        registration, _ = services.register(
            event, given_name="Aysel", email="aysel@example.org", by=None, language="en"
        )
    [message] = mailoutbox
    assert f"{SITE}/en/events/tickets/{registration.token}/" in message.body
    assert "127.0.0.1" not in message.body and "localhost" not in message.body
    [ics] = [content for name, content, _ in message.attachments if name == "event.ics"]
    [entry] = Calendar.from_ical(ics).walk("VEVENT")
    assert str(entry["UID"]) == f"event-{event.pk}@diaspora.example.org"


def test_the_calendar_download_has_the_same_uid(tree, client):
    event = make_event(tree["house"])
    response = client.get(f"/en/events/{event.pk}/calendar.ics")
    assert response.status_code == 200
    [entry] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["UID"]) == f"event-{event.pk}@diaspora.example.org"


def test_an_invitation_link_starts_with_the_public_address(db):
    assert invitations.link("TOKEN", "ru") == f"{SITE}/ru/accounts/invitation/TOKEN/"


def test_a_password_reset_mail_links_to_the_public_address_not_the_request_host(
    db, client, mailoutbox
):
    user = UserFactory(username="nigar", email="nigar@example.org")
    confirm_email(user)
    # The request arrives as a proxy passes it on: to 127.0.0.1.
    client.post(
        "/en/accounts/password/reset/", {"email": "nigar@example.org"}, HTTP_HOST="127.0.0.1"
    )
    [message] = mailoutbox
    links = re.findall(r"https?://\S+", message.body)
    assert links and all(
        link.startswith(f"{SITE}/en/accounts/password/reset/key/") for link in links
    )


def test_rebase_keeps_path_query_and_fragment():
    assert siteurl.rebase("http://127.0.0.1:8000/en/a/?b=1#c") == f"{SITE}/en/a/?b=1#c"
    assert siteurl.absolute("/en/") == f"{SITE}/en/"
    assert siteurl.host() == "diaspora.example.org"
