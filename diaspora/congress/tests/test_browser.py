"""Nomination → decision → badge → check-in → vote, in Debian's Chromium: the office
nominates with a mandate, the commission accepts, the badge PDF prints, the door reads
the badge's code, and the delegate votes from a phone while the projector counts."""

import re

import pytest
from playwright.sync_api import expect

from diaspora.browser import log_in
from diaspora.congress import setup
from diaspora.congress.models import Accreditation

from .factories import commission_member, make_congress, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_nominate_decide_badge_check_in_and_vote_on_a_phone(
    tree, root, page, phone, browser, live_server, tmp_path
):
    congress = make_congress(root)
    setup.set_quotas(congress, countries={"DE": 2}, guests=1, by=None)
    event = congress.event.pk
    office(tree["house"], "berlin-house")
    mandate = tmp_path / "decision.pdf"
    mandate.write_bytes(b"%PDF-1.4\n%%EOF\n")

    log_in(page, "berlin-house")
    page.goto(f"{live_server.url}/en/congress/{event}/nominations/")
    page.get_by_text("Nominate a delegate").click()
    page.get_by_label("Given name").fill("Günel")
    page.get_by_label("Surname").fill("Məmmədova")
    page.get_by_label("Email").fill("gunel@example.org")
    page.get_by_label("Country").select_option("DE")
    page.get_by_label("Mandate").set_input_files(str(mandate))
    page.get_by_role("button", name="Nominate", exact=True).click()
    expect(page.get_by_text("Günel Məmmədova is nominated.")).to_be_visible()
    page.context.clear_cookies()

    commission_member(congress, "commissioner")
    log_in(page, "commissioner")
    page.goto(f"{live_server.url}/en/congress/{event}/review/")
    page.get_by_label("Decision").select_option("delegate")
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_text("Günel Məmmədova: accepted as delegate.")).to_be_visible()
    badges = page.request.get(f"{live_server.url}/en/congress/{event}/badges.pdf")
    assert badges.ok and badges.body().startswith(b"%PDF")
    page.context.clear_cookies()

    office(root, "committee", "staff")
    log_in(page, "committee")
    accreditation = Accreditation.objects.select_related("registration").get()
    page.goto(f"{live_server.url}/en/events/{event}/check-in/")
    code = page.get_by_label("Ticket code")
    code.fill(accreditation.registration.display_code)  # as printed under the badge's QR
    code.press("Enter")
    expect(page.locator("#result")).to_contain_text("Günel Məmmədova")

    page.goto(f"{live_server.url}/en/congress/{event}/agenda/")
    page.get_by_text("Add a session").click()
    page.get_by_label("Session title").fill("Charter of World Azerbaijanis")
    page.get_by_role("button", name="Add the session").click()
    page.get_by_text("Add a motion or an election").click()
    page.get_by_label("Motion", exact=True).fill("Adopt the Charter")
    page.get_by_role("button", name="Add the motion").click()
    page.get_by_role("button", name="Open the vote").click()
    expect(page.get_by_text("voting")).to_be_visible()

    phone.goto(f"{live_server.url}/en/congress/a/{accreditation.token}/")
    expect(phone.get_by_text("Adopt the Charter")).to_be_visible()
    phone.get_by_label("For").check()
    phone.get_by_role("button", name="Vote").click()
    expect(phone.get_by_text("Your vote is counted.")).to_be_visible()
    expect(phone.get_by_text("You have voted.")).to_be_visible()
    assert fits(phone)

    page.get_by_role("link", name="Projector").click()
    expect(page.locator(".voters")).to_have_text("1")
    expect(page.locator(".option").filter(has_text=re.compile("For"))).to_contain_text("1")
