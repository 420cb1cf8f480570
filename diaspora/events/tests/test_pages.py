import pytest
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.events.models import Registration
from diaspora.people.tests.factories import UserFactory

from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def door(tree):
    user = UserFactory(username="door")
    grant_role(user, "manager", tree["house"], by=None)
    client = Client()
    client.force_login(user)
    return client


def register(client, event, n=0, **extra):
    data = {
        "given_name": f"Nərgiz{n}",
        "surname": "Əliyeva",
        "email": f"n{n}@example.org",
        "consent": "on",
        **extra,
    }
    return client.post(f"/en/events/{event.pk}/", data)


def test_register_on_the_page_then_the_ticket(tree):
    event = make_event(tree["house"], capacity=1, title="Solidarity evening")
    client = Client()
    listed = client.get("/en/events/")
    assert "Solidarity evening" in listed.content.decode()
    assert "{#" not in listed.content.decode()  # a template comment that leaked
    response = register(client, event)
    registration = Registration.objects.get()
    # The ticket's link goes by email; the page says so.
    assert response.status_code == 302 and response["Location"] == f"/en/events/{event.pk}/"
    assert "We have sent a message" in client.get(response["Location"]).content.decode()
    page = client.get(f"/en/events/tickets/{registration.token}/")
    assert page["Cache-Control"] == "private, no-store"
    text = page.content.decode()
    assert "<svg" in text and registration.display_code in text and "Nərgiz0 Əliyeva" in text
    pdf = client.get(f"/en/events/tickets/{registration.token}/ticket.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    ics = client.get(f"/en/events/{event.pk}/calendar.ics").content.decode()
    assert "BEGIN:VEVENT" in ics and "TZID=Europe/Berlin" in ics
    register(client, event, 1)
    waiting = Registration.objects.get(email="n1@example.org")
    waiting = client.get(f"/en/events/tickets/{waiting.token}/").content.decode()
    assert "waiting list" in waiting and "<svg" not in waiting


def test_registration_needs_consent_and_a_name(tree):
    event = make_event(tree["house"])
    response = register(Client(), event, consent="", given_name="")
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_cancelling_from_the_ticket_promotes_the_next(tree):
    event = make_event(tree["house"], capacity=1)
    client = Client()
    register(client, event, 0)
    register(client, event, 1)
    first = Registration.objects.get(email="n0@example.org")
    client.post(f"/en/events/tickets/{first.token}/cancel/")
    statuses = list(Registration.objects.order_by("id").values_list("status", flat=True))
    assert statuses == ["cancelled", "confirmed"]


def test_the_door_checks_in_once(tree, door):
    event = make_event(tree["house"])
    register(Client(), event)
    registration = Registration.objects.get()
    url = f"/en/events/{event.pk}/check-in/"
    assert door.get(url).status_code == 200
    ok = door.post(url, {"code": registration.display_code}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200 and "Welcome" in ok.content.decode()
    again = door.post(url, {"code": registration.code}, HTTP_HX_REQUEST="true")
    assert again.status_code == 409 and "Already checked in" in again.content.decode()
    assert '<span class="number">1</span>' in again.content.decode()


def test_only_organisers_reach_the_door_and_the_list(tree):
    event = make_event(tree["paris"])
    outsider = UserFactory()
    grant_role(outsider, "manager", tree["house"], by=None)
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/en/events/{event.pk}/check-in/").status_code == 403
    assert client.get(f"/en/events/{event.pk}/registrations/").status_code == 403
    assert client.get(f"/en/events/{event.pk}/edit/").status_code == 403


def test_an_organiser_creates_an_event_in_local_time(tree, door):
    data = {
        "kind": 1,
        "organiser": tree["house"].pk,
        "audience": "public",
        "country": "DE",
        "city": tree["house"].city_id,
        "timezone": "Europe/Berlin",
        "starts_at": "2026-12-31T19:00",
        "capacity": "50",
        "title_az": "Həmrəylik axşamı",
        "title_en": "Solidarity evening",
    }
    response = door.post("/en/events/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    from diaspora.events.models import Event

    event = Event.objects.get()
    assert event.starts_at.isoformat() == "2026-12-31T18:00:00+00:00"
    assert event.titles == {"az": "Həmrəylik axşamı", "en": "Solidarity evening"}
    refused = door.post("/en/events/new/", {**data, "organiser": tree["paris"].pk})
    assert refused.status_code == 400 and Event.objects.count() == 1


def test_the_office_lists_only_its_events(tree, door):
    mine = make_event(tree["house"], title="House evening")
    make_event(tree["paris"], title="Paris evening")
    text = door.get("/en/admin/events/event/").content.decode()
    assert "House evening" in text and "Paris evening" not in text
    assert door.get(f"/en/admin/events/event/{mine.pk}/change/").status_code == 200


def test_a_compatriot_finds_their_tickets_on_their_record(tree):
    from diaspora.events import services
    from diaspora.people.tests.factories import member_of

    user = UserFactory()
    person = member_of(tree["house"], email="own@example.org", user=user)
    event = make_event(tree["house"], title="House evening")
    registration, _ = services.register(
        event, given_name="Own", email="own@example.org", by=user, person=person
    )
    client = Client()
    client.force_login(user)
    text = client.get("/en/me/").content.decode()
    assert "House evening" in text and f"/tickets/{registration.token}/" in text


def test_an_organiser_adds_a_guest_after_registration_closed(tree, door):
    from datetime import timedelta

    from django.utils import timezone

    event = make_event(tree["house"], starts_at=timezone.now() - timedelta(hours=1))
    url = f"/en/events/{event.pk}/registrations/"
    response = door.post(url, {"given_name": "Səbinə", "email": "sebine@example.org"})
    assert response.status_code == 302
    assert Registration.objects.get().registered_by.username == "door"
    bad = door.post(url, {"given_name": "", "email": "nope"})
    assert bad.status_code == 400 and Registration.objects.count() == 1


def test_the_favicon_is_found(client):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"
    assert finders.find("favicon.svg")


@pytest.mark.parametrize(
    "change, field",
    [
        ({"title_en": "Evening\x00"}, "title_en"),
        ({"description_en": "x" * 4001}, "description_en"),
        ({"starts_at": "9999-12-31T23:59", "timezone": "Etc/GMT+12"}, "starts_at"),
        ({"starts_at": "1850-01-01T10:00"}, "starts_at"),
    ],
)
def test_the_event_form_refuses_what_the_api_refuses(tree, door, change, field):
    from diaspora.events.models import Event

    data = {
        "kind": 1,
        "organiser": tree["house"].pk,
        "audience": "public",
        "country": "DE",
        "city": tree["house"].city_id,
        "timezone": "Europe/Berlin",
        "starts_at": "2026-12-31T19:00",
        "title_az": "Həmrəylik axşamı",
        **change,
    }
    response = door.post("/en/events/new/", data)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not Event.objects.exists()
