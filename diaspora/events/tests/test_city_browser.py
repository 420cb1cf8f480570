"""The event form's city search in Debian's Chromium: typing "Киев" offers Kyiv from
/api/cities, picking it sets the event's time zone, and the form saves Kyiv."""

import pytest
from playwright.sync_api import expect

from diaspora.accounts.services import grant_role
from diaspora.browser import log_in
from diaspora.directory import gazetteer
from diaspora.events.models import Event
from diaspora.people.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_city_is_found_as_one_types_and_sets_the_time_zone(tree, phone):
    gazetteer.load(["UA"])
    grant_role(UserFactory(username="door"), "manager", tree["house"], by=None)
    log_in(phone, "door")
    phone.goto(f"{phone.base_url}/en/events/new/")
    phone.get_by_label("Kind").select_option(index=1)
    phone.get_by_label("Title (Azərbaycanca)").fill("Novruz")
    phone.get_by_label("Country").select_option("UA")
    city = phone.get_by_role("combobox", name="City")
    city.fill("")
    city.press_sequentially("Киев", delay=50)
    options = phone.locator("#id_city-suggestions option")
    expect(options.first).to_be_attached()
    kyiv = gazetteer.find_city("UA", "Kyiv")
    offered = options.evaluate_all("(all) => all.map((option) => option.value)")
    assert offered[0] in {kyiv.name, *kyiv.names.values()}, offered
    city.fill(offered[0])  # as picking the suggestion does
    expect(phone.get_by_label("Time zone")).to_have_value("Europe/Kyiv")
    phone.get_by_label("Starts", exact=True).fill("2026-12-31T19:00")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("The event is saved.")).to_be_visible()
    assert Event.objects.get().city == kyiv
