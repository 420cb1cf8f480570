"""The attendance review on a phone 390 px wide: each participant a card, the verdict,
the reasons and the decision's buttons on the screen, never in a sideways scroll."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from diaspora.accounts.services import grant_role
from diaspora.browser import log_in
from diaspora.events.attendance import services
from diaspora.people.tests.factories import UserFactory, member_of

from .factories import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DATA = Path(__file__).parent / "data"
WIDTH = 390


def on_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH


def test_review_items_fit_a_phone_and_a_decision_is_told(tree, browser, live_server):
    event = make_event(tree["house"], title="Online conference", timezone="Asia/Baku")
    member_of(
        tree["house"], full_name="Əli Məmmədov", given_name="Əli", surname="Məmmədov",
        country_id="DE",
    )  # fmt: skip
    services.commit(event, (DATA / "zoom_participants.csv").read_bytes(), by=None)
    grant_role(UserFactory(username="organiser"), "manager", tree["house"], by=None)
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, is_mobile=True)
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    phone.base_url = live_server.url
    log_in(phone, "organiser")
    phone.goto(f"{live_server.url}/en/events/{event.pk}/attendance/")
    item = phone.locator("#participants tr", has_text="Əli Məmmədov").first
    confirm = item.get_by_role("button", name="It is them")
    expect(confirm).to_be_visible()
    for part in (
        confirm,
        item.get_by_role("button", name="Someone else"),
        item.get_by_text("nothing beside the name confirms it"),
    ):
        assert on_screen(part)
    assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH
    confirm.click()
    expect(phone.get_by_text("Recorded: Əli Məmmədov is Əli Məmmədov")).to_be_visible()
    context.close()
