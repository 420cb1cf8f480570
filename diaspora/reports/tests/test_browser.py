"""The dashboard, the yearly report and a person's record on a phone: charts drawn,
nothing wider than the screen, nothing the content security policy refuses."""

import os
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from diaspora.accounts.services import grant_role
from diaspora.chronicle.services import load_seeds
from diaspora.people import services as people
from diaspora.people.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page, organisation, kind="staff"):
    user = UserFactory()
    grant_role(user, kind, organisation, by=None)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.base_url,
            }
        ]
    )
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if message.type == "error" else None
    )
    return refused


def shot(page, name):
    """Screenshots for a person to look at, when SHOTS names a folder."""
    if os.environ.get("SHOTS"):
        page.screenshot(path=os.path.join(os.environ["SHOTS"], f"{name}.png"), full_page=True)


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_office_pages_on_a_phone(tree, phone):
    load_seeds()
    person = people.register_person(by=None, full_name="Rəşad Əliyev", languages=["az"])
    people.add_membership(person, tree["house"], by=None, started_on=date.today())
    refused = signed_in(phone, tree["root"])

    phone.goto(f"{phone.base_url}/en/dashboard/")
    expect(phone.locator("svg.chart").first).to_be_visible()
    shot(phone, "dashboard")
    fits(phone)

    year = date.today().year - 1
    phone.goto(f"{phone.base_url}/en/reports/{year}/{tree['root'].slug}/")
    expect(phone.locator("h1")).to_contain_text(str(year))
    shot(phone, "report")
    fits(phone)

    phone.goto(f"{phone.base_url}/en/people/{person.pk}/")
    expect(phone.locator("h1")).to_have_text("Rəşad Əliyev")
    shot(phone, "person")
    fits(phone)

    phone.goto(f"{phone.base_url}/en/chronicle/")
    expect(phone.locator("mark").first).to_be_visible()
    shot(phone, "chronicle")
    fits(phone)
    assert not [text for text in refused if "Content Security Policy" in text]
