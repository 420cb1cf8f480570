"""A ticket belongs to whoever reads its address's mail: the page that shows it and
cancels it opens only with a secret sent there, never with the door code, and
registering a known address tells the caller nothing about it."""

import pytest
from django.core import mail
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.events import services
from diaspora.events.models import Registration
from diaspora.people.tests.factories import UserFactory, member_of

from .factories import make_event

pytestmark = pytest.mark.django_db


def register(client, event, email, given_name="Nigar", surname="Cavadova"):
    data = {"given_name": given_name, "surname": surname, "email": email, "consent": "on"}
    return client.post(f"/en/events/{event.pk}/", data, HTTP_ACCEPT_LANGUAGE="en")


def shown(client, response) -> str:
    return client.get(response["Location"]).content.decode()


def test_registering_a_known_address_shows_nothing_and_mails_its_holder(
    tree, django_capture_on_commit_callbacks
):
    event = make_event(tree["house"], capacity=5)
    holder, _ = services.register(
        event, given_name="Nigar", surname="Cavadova", email="nigar@example.org", by=None
    )
    mail.outbox.clear()
    attacker = Client()
    with django_capture_on_commit_callbacks(execute=True):
        taken = register(attacker, event, "NIGAR@Example.org", given_name="Eve", surname="X")
        fresh = register(Client(), event, "new@example.org", given_name="Eve", surname="X")
    # The same answer for a known address and a new one: the event's page, a message sent.
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"] == f"/en/events/{event.pk}/"
    page = shown(attacker, taken)
    assert "We have sent a message to NIGAR@Example.org" in page
    for secret in ("Cavadova", holder.code, holder.display_code, holder.token):
        assert secret not in page
    holder_now = Registration.objects.get(pk=holder.pk)
    assert (holder_now.given_name, holder_now.surname, holder_now.status) == (
        "Nigar",
        "Cavadova",
        "confirmed",
    )
    assert Registration.objects.filter(event=event).count() == 2
    # The holder's address, and only it, receives the holder's link.
    to_holder = [m for m in mail.outbox if m.to == ["nigar@example.org"]]
    assert len(to_holder) == 1 and f"/tickets/{holder.token}/" in to_holder[0].body
    assert all(holder.token not in m.body for m in mail.outbox if m.to != ["nigar@example.org"])


def test_a_signed_in_stranger_does_not_get_someone_elses_ticket(tree):
    event = make_event(tree["house"])
    holder, _ = services.register(event, given_name="Nigar", email="nigar@example.org", by=None)
    stranger = UserFactory()
    member_of(tree["house"], email="eve@example.org", user=stranger)
    client = Client()
    client.force_login(stranger)
    response = register(client, event, "nigar@example.org", given_name="Eve")
    assert response["Location"] == f"/en/events/{event.pk}/"
    assert holder.token not in shown(client, response)
    assert Registration.objects.get(pk=holder.pk).given_name == "Nigar"


def test_a_compatriot_registering_themselves_sees_their_ticket(tree):
    event = make_event(tree["house"])
    user = UserFactory()
    member_of(tree["house"], email="own@example.org", user=user)
    client = Client()
    client.force_login(user)
    response = register(client, event, "own@example.org", given_name="Own")
    registration = Registration.objects.get()
    assert response["Location"] == f"/en/events/tickets/{registration.token}/"
    again = register(client, event, "OWN@example.org", given_name="Own")
    assert again["Location"] == response["Location"]


def test_the_door_code_opens_no_ticket_page(tree):
    event = make_event(tree["house"])
    registration, _ = services.register(event, given_name="A", email="a@example.org", by=None)
    client = Client()
    for code in (registration.code, registration.display_code):
        assert client.get(f"/en/events/tickets/{code}/").status_code == 404
        assert client.get(f"/en/events/tickets/{code}/ticket.pdf").status_code == 404
        assert client.post(f"/en/events/tickets/{code}/cancel/").status_code == 404
    assert Registration.objects.get().status == "confirmed"
    assert len(registration.token) >= 40 and registration.code not in registration.token
    page = client.get(f"/en/events/tickets/{registration.token}/")
    assert page.status_code == 200 and registration.display_code in page.content.decode()


def test_the_ticket_page_sends_its_address_to_no_other_site(tree):
    event = make_event(tree["house"])
    registration, _ = services.register(event, given_name="A", email="a@example.org", by=None)
    page = Client().get(f"/en/events/tickets/{registration.token}/")
    # Not no-referrer: Chromium would then send Origin: null with the cancel form.
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cache-Control"] == "private, no-store"
    assert "onclick" not in page.content.decode()


def test_the_door_refusing_another_events_ticket_does_not_name_its_holder(tree):
    ours = make_event(tree["house"])
    theirs = make_event(tree["paris"], title="Paris evening")
    ticket, _ = services.register(
        theirs, given_name="Səadət", surname="Orucova", email="s@example.org", by=None
    )
    user = UserFactory()
    grant_role(user, "manager", tree["house"], by=None)
    door = Client()
    door.force_login(user)
    refused = door.post(
        f"/en/events/{ours.pk}/check-in/", {"code": ticket.code}, HTTP_HX_REQUEST="true"
    )
    text = refused.content.decode()
    assert refused.status_code == 409 and "another event" in text
    assert "Səadət" not in text and "Orucova" not in text and "Paris evening" not in text
    with pytest.raises(services.CheckInRefused) as refusal:
        services.check_in(ours, ticket.code, by=user)
    assert refusal.value.registration is None


def test_typing_a_known_address_over_and_over_mails_its_holder_once(
    tree, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    event = make_event(tree["house"], capacity=5)
    services.register(event, given_name="Nigar", email="nigar@example.org", by=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [register(Client(), event, "nigar@example.org") for _ in range(5)]
    assert {answer["Location"] for answer in answers} == {f"/en/events/{event.pk}/"}
    assert [m.to for m in mail.outbox] == [["nigar@example.org"]]
    cache.clear()  # the interval has passed
    with django_capture_on_commit_callbacks(execute=True):
        register(Client(), event, "nigar@example.org")
    assert len(mail.outbox) == 2
