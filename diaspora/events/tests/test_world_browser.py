import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from diaspora.directory.models import City
from diaspora.events.queries import world_day

from .factories import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_world_day_on_a_phone_shows_the_map_and_counts_down(tree, country, phone):
    year = timezone.now().year + 1  # always ahead, so every countdown still runs
    day = world_day().on(year)
    auckland = City.objects.create(
        country=country("NZ"),
        name="Auckland",
        latitude=-36.85,
        longitude=174.76,
        timezone="Pacific/Auckland",
    )
    evening = datetime(day.year, day.month, day.day, 19, tzinfo=ZoneInfo("Pacific/Auckland"))
    make_event(tree["paris"], city=auckland, timezone=auckland.timezone, starts_at=evening)

    phone.goto(f"{phone.base_url}/en/events/world-day/?year={year}")
    expect(phone.locator(".world-map svg")).to_be_visible()
    expect(phone.locator(".world-map circle")).to_have_count(1)
    countdown = phone.locator("#midnight .countdown").first
    expect(countdown).to_have_text(re.compile(r"\d\d:\d\d:\d\d$"))
    first = countdown.text_content()
    expect(countdown).not_to_have_text(first, timeout=3000)  # it ticks
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= phone.viewport_size["width"]
