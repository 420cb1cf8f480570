import pytest
from playwright.sync_api import expect

from diaspora.accounts.services import grant_role
from diaspora.browser import log_in
from diaspora.people.tests.factories import UserFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_opens_their_member_but_not_another_organisations(tree, page):
    manager = UserFactory(username="berlin-manager")
    grant_role(manager, "manager", tree["house"], by=None)
    mine = member_of(tree["house"], full_name="Aysel Məmmədova")
    theirs = member_of(tree["paris"], full_name="Rəşad Quliyev", country_id="FR")
    log_in(page, "berlin-manager")
    page.goto(f"{page.base_url}/en/admin/people/person/")
    expect(page.locator("#result_list")).to_contain_text("Aysel Məmmədova")
    expect(page.locator("#result_list")).not_to_contain_text("Rəşad Quliyev")
    response = page.goto(f"{page.base_url}/en/admin/people/person/{mine.pk}/change/")
    assert response.status == 200
    response = page.goto(f"{page.base_url}/en/admin/people/person/{theirs.pk}/change/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Rəşad")


def test_a_wrong_password_says_so(tree, page):
    UserFactory(username="someone")
    log_in(page, "someone", "not the password")
    expect(page.get_by_role("alert")).to_contain_text("not right")


def test_staff_find_a_person_written_in_another_script(tree, page):
    staff = UserFactory(username="committee-staff")
    grant_role(staff, "staff", tree["root"], by=None)
    member_of(tree["house"], full_name="Rashad Aliyev")
    member_of(tree["paris"], full_name="Rəşad Quliyev", country_id="FR")
    log_in(page, "committee-staff")
    page.goto(f"{page.base_url}/en/admin/people/person/")
    page.locator("#searchbar").fill("Алиев Рашад")
    page.locator("#searchbar").press("Enter")
    first = page.locator("#result_list tbody tr").first
    expect(first).to_contain_text("Rashad Aliyev")
    expect(first).to_contain_text("Алиев ≈ Aliyev")


def test_the_office_merges_two_records_of_one_person_on_a_phone(tree, phone):
    from datetime import date

    from diaspora.people import services
    from diaspora.people.duplicates import scan
    from diaspora.people.models import Person

    grant_role(UserFactory(username="house-office"), "manager", tree["house"], by=None)
    for name, phone_number in (("Rəşad Əliyev", ""), ("АЛИЕВ Рашад", "+994501234567")):
        person = services.register_person(
            by=None, full_name=name, birth_date=date(1980, 7, 5), phone=phone_number
        )
        services.add_membership(person, tree["house"], by=None)
    scan()
    log_in(phone, "house-office")
    phone.goto(f"{phone.base_url}/en/duplicates/")
    phone.get_by_role("link", name="Rəşad Əliyev · АЛИЕВ Рашад").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.get_by_label("+994501234567").check()
    phone.get_by_role("button", name="The same person: merge").click()
    expect(phone.get_by_role("status")).to_contain_text("was merged into this record")
    assert Person.objects.get(full_name="Rəşad Əliyev").phone == "+994501234567"


def test_a_compatriot_controls_their_data_on_a_phone(tree, phone, tmp_path):
    from diaspora.people import services
    from diaspora.people.models import Consent, ErasureRequest

    user = UserFactory(username="nigar")
    person = services.register_person(by=None, full_name="Nigar Zərdabi", user=user)
    services.give_consent(person, Consent.Purpose.CONTACT, by=None, method="web")
    log_in(phone, "nigar")
    phone.goto(f"{phone.base_url}/en/me/")
    phone.get_by_role("button", name="Withdraw this consent").click()
    expect(phone.get_by_role("status")).to_contain_text("withdrawn as of")
    expect(phone.locator("body")).to_contain_text("withdrawn on")
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Download my data").click()
    saved = tmp_path / "mine.zip"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"PK")
    phone.get_by_role("button", name="Ask to be erased").click()
    expect(phone.get_by_role("status")).to_contain_text("from the registry is recorded")
    assert ErasureRequest.objects.get().person == person
    # Nothing on the page is wider than the phone.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= phone.viewport_size["width"]
