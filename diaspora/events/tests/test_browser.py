"""Register → ticket → check-in in Debian's Chromium, on a phone-sized screen; and
the door's camera reading a ticket's QR code from a fake camera fed with that code."""

import re
from urllib.parse import urlsplit

import pytest
import segno
from django.core import mail
from playwright.sync_api import expect

from diaspora.accounts.services import grant_role
from diaspora.browser import CHROMIUM_ARGS, chromium_path, log_in
from diaspora.events.models import Registration
from diaspora.people.tests.factories import UserFactory

from .factories import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_register_then_show_the_ticket_at_the_door(tree, phone, browser, live_server):
    event = make_event(tree["house"], capacity=10, title="Solidarity evening")
    phone.goto(f"{phone.base_url}/en/events/")
    phone.get_by_role("link", name="Solidarity evening").click()
    phone.get_by_label("Given name").fill("Günel")
    phone.get_by_label("Surname").fill("Məmmədova")
    phone.get_by_role("textbox", name="Email").fill("gunel@example.org")
    phone.get_by_label("I agree that my name and email").check()
    phone.get_by_role("button", name="Register").click()
    expect(phone.get_by_text("We have sent a message to gunel@example.org")).to_be_visible()
    # The ticket's link travels by email only.
    link = re.search(r"https?://\S+/tickets/\S+/", mail.outbox[-1].body).group(0)
    phone.goto(phone.base_url + urlsplit(link).path)
    expect(phone.get_by_role("status")).to_contain_text("Confirmed")
    expect(phone.locator(".qr svg")).to_be_visible()
    assert fits(phone)
    registration = Registration.objects.get()
    expect(phone.locator(".ticket-code")).to_have_text(registration.display_code)

    grant_role(UserFactory(username="door"), "manager", tree["house"], by=None)
    door_context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    door = door_context.new_page()
    door.base_url = live_server.url
    log_in(door, "door")
    door.goto(f"{live_server.url}/en/events/{event.pk}/check-in/")
    code = door.get_by_label("Ticket code")
    code.fill(registration.display_code.lower())
    code.press("Enter")
    expect(door.locator("#result")).to_contain_text("Welcome: Günel Məmmədova")
    expect(door.locator("#arrivals .number")).to_have_text("1")
    code.fill(registration.code)
    code.press("Enter")
    expect(door.locator("#result")).to_contain_text("Already checked in")
    assert fits(door)
    door_context.close()

    phone.reload()
    expect(phone.get_by_text("Checked in.")).to_be_visible()


def test_the_holder_cancels_from_the_ticket_page(tree, page):
    """Chromium sends the page's origin with its cancel form (it sent `Origin: null`
    under no-referrer, and the CSRF check refused), and asks before cancelling."""
    from diaspora.events import services

    event = make_event(tree["house"], title="Solidarity evening")
    registration, _ = services.register(
        event, given_name="Elçin", surname="Quliyev", email="elchin@example.org", by=None
    )
    page.goto(f"{page.base_url}/en/events/tickets/{registration.token}/")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_role("button", name="Cancel my registration")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert questions == ["Cancel this registration?"] * 2


def y4m_showing(text: str, path, width=640, height=480, frames=10) -> None:
    """A short raw video of a QR code, for Chromium's fake camera."""
    matrix = segno.make_qr(text, error="q").matrix
    size = len(matrix) + 8  # with a quiet zone of four modules each side
    scale = min(width, height) * 8 // 10 // size
    left, top = (width - size * scale) // 2, (height - size * scale) // 2
    luma = bytearray([235]) * (width * height)
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                y0, x0 = top + (row + 4) * scale, left + (col + 4) * scale
                for y in range(y0, y0 + scale):
                    luma[y * width + x0 : y * width + x0 + scale] = bytes([16]) * scale
    chroma = bytes([128]) * (width * height // 4)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + luma + chroma + chroma)


def test_the_door_camera_reads_a_ticket(tree, browser, live_server, tmp_path):
    event = make_event(tree["house"], title="Solidarity evening")
    from diaspora.events import services

    registration, _ = services.register(
        event, given_name="Elçin", surname="Quliyev", email="elchin@example.org", by=None
    )
    video = tmp_path / "ticket.y4m"
    y4m_showing(registration.code, video)
    grant_role(UserFactory(username="door"), "manager", tree["house"], by=None)
    camera = browser.browser_type.launch(
        executable_path=chromium_path(),
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera.new_context(permissions=["camera"])
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base_url = live_server.url
        log_in(page, "door")
        page.goto(f"{live_server.url}/en/events/{event.pk}/check-in/")
        page.get_by_role("button", name="Scan with the camera").click()
        expect(page.locator("#result")).to_contain_text("Welcome: Elçin Quliyev")
        registration.refresh_from_db()
        assert registration.checked_in_at is not None
    finally:
        camera.close()
