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


def page_width(page) -> int:
    # A mobile browser widens its layout to fit wide content, so innerWidth would
    # grow with the overflow: compare with the screen instead.
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_directory_fits_a_phone_screen(tree, phone):
    phone.goto(f"{phone.base_url}/az/organisations/")
    assert page_width(phone) <= phone.viewport_size["width"]
    expect(phone.get_by_label("Ölkə")).to_be_visible()


@pytest.mark.parametrize("language", ["az", "ru", "en"])
def test_a_deep_organisation_page_fits_a_phone_screen(tree, kinds, phone, language):
    from diaspora.directory.tests.factories import make_organisation

    council = make_organisation(
        tree["root"],
        kinds["council"],
        "Koordinasiya Şurası of Azerbaijani Diaspora Organisations in Germany",
        "DE",
        "Berlin",
    )
    house = make_organisation(
        council, kinds["house"], "Azerbaijan House Cultural Centre of Nordrhein", "DE", "Köln"
    )
    phone.goto(f"{phone.base_url}/{language}/organisations/{house.slug}/")
    assert page_width(phone) <= phone.viewport_size["width"]


def test_the_header_of_a_logged_in_officer_fits_a_phone_screen(tree, phone):
    from diaspora.accounts.services import grant_role
    from diaspora.browser import log_in
    from diaspora.people.tests.factories import UserFactory

    grant_role(UserFactory(username="officer"), "staff", tree["root"], by=None)
    log_in(phone, "officer", language="ru")
    expect(phone.get_by_role("button", name="Выйти")).to_be_visible()
    assert page_width(phone) <= phone.viewport_size["width"]


def test_a_country_offers_its_cities_and_the_filters_survive_a_language_switch(tree, page):
    page.goto(f"{page.base_url}/en/organisations/")
    page.get_by_label("Country").select_option("DE")
    expect(page.get_by_label("City").locator("option")).to_contain_text(["Berlin", "Hamburg"])
    page.get_by_label("City").select_option(label="Hamburg")
    expect(page.locator("#results")).to_contain_text(tree["school"].name)
    expect(page.locator("#results")).not_to_contain_text(tree["house"].name)
    page.get_by_role("link", name="Русский").click()
    expect(page).to_have_url(re.compile(r"/ru/organisations/\?.*country=DE"))
    expect(page.locator("#results")).to_contain_text("1")
    expect(page.locator("#results")).not_to_contain_text(tree["house"].name)


def test_another_country_forgets_the_city_of_the_last_one(tree, page):
    page.goto(f"{page.base_url}/en/organisations/?country=DE")
    page.get_by_label("City").select_option(label="Berlin")
    expect(page.locator("#results")).not_to_contain_text(tree["school"].name)
    page.get_by_label("Country").select_option("FR")
    expect(page.locator("#results")).to_contain_text(tree["paris"].name)


def test_typing_or_pasting_searches_without_leaving_the_field(tree, page):
    page.goto(f"{page.base_url}/en/organisations/")
    page.get_by_label("Search").fill("hamburg")  # fill() fires input, not keyup
    expect(page.locator("#results")).not_to_contain_text(tree["house"].name)
    expect(page.locator("#results")).to_contain_text(tree["school"].name)
