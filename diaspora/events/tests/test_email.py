"""Confirmation emails go through Django's SMTP backend to a real SMTP server on
localhost (aiosmtpd), as they would to the deployment's mail server."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

from diaspora.events import services

from .factories import make_event

pytestmark = pytest.mark.django_db


class Inbox(Sink):
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (
                envelope.rcpt_tos,
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
        )
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield inbox
    controller.stop()


def test_confirmation_and_promotion_reach_the_smtp_server(
    tree, smtp, django_capture_on_commit_callbacks
):
    event = make_event(tree["house"], capacity=1, title="Həmrəylik axşamı")
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = services.register(
            event,
            given_name="Ülviyyə",
            surname="Hüseynova",
            email="ulviyye@example.org",
            by=None,
            language="en",
        )
        second, _ = services.register(
            event, given_name="Rəşad", email="reshad@example.org", by=None, language="ru"
        )
    assert [to for to, _ in smtp.messages] == [["ulviyye@example.org"], ["reshad@example.org"]]
    confirmed, waiting = (message for _, message in smtp.messages)
    assert confirmed["Subject"].strip() == "Registration confirmed: Həmrəylik axşamı"
    body = confirmed.get_body(("plain",)).get_content()
    assert "Ülviyyə Hüseynova" in body and first.display_code in body
    assert f"/tickets/{first.token}/" in body
    attachments = {part.get_filename(): part for part in confirmed.iter_attachments()}
    assert attachments["event.ics"].get_content_type() == "text/calendar"
    assert attachments[f"ticket-{first.code}.pdf"].get_content().startswith(b"%PDF")
    # Written in the language the registrant used.
    assert waiting["Subject"].strip() == "Вы в листе ожидания: Həmrəylik axşamı"
    assert not any(p.get_filename().endswith(".pdf") for p in waiting.iter_attachments())

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(first, by=None)
    promoted = smtp.messages[-1][1]
    assert smtp.messages[-1][0] == ["reshad@example.org"]
    assert any(p.get_filename() == f"ticket-{second.code}.pdf" for p in promoted.iter_attachments())
