import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("language", "heading"), [("az", "Təşkilatlar"), ("ru", "Организации"), ("en", "Organisations")]
)
def test_the_directory_opens_in_each_language(tree, page, language, heading):
    page.goto(f"{page.base_url}/{language}/organisations/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_filtering_by_country_updates_the_results_in_place(tree, page):
    page.goto(f"{page.base_url}/en/organisations/")
    expect(page.locator("#results")).to_contain_text(tree["house"].name)
    page.get_by_label("Country").select_option("FR")
    expect(page.locator("#results")).not_to_contain_text(tree["house"].name)
    expect(page.locator("#results")).to_contain_text(tree["paris"].name)
    expect(page).to_have_url(re.compile(r"country=FR"))


def test_opening_an_organisation_from_the_list(tree, page):
    page.goto(f"{page.base_url}/en/organisations/?country=DE")
    page.get_by_role("link", name=tree["council"].name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tree["council"].name)
    expect(page.locator("main")).to_contain_text(tree["house"].name)


def test_switching_language_keeps_the_page(tree, page):
    page.goto(f"{page.base_url}/en/organisations/{tree['house'].slug}/")
    page.get_by_role("link", name="Русский").click()
    expect(page).to_have_url(re.compile(rf"/ru/organisations/{tree['house'].slug}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_the_directory_fits_a_phone_screen(tree, phone):
    phone.goto(f"{phone.base_url}/az/organisations/")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    expect(phone.get_by_label("Ölkə")).to_be_visible()
