import pytest
from playwright.sync_api import expect

from diaspora.accounts.services import grant_role
from diaspora.browser import log_in
from diaspora.imports.tests.test_import import BAD, GOOD
from diaspora.people.models import Membership
from diaspora.people.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organisation_checks_a_list_then_imports_it(tree, page, tmp_path):
    grant_role(UserFactory(username="house-office"), "manager", tree["house"], by=None)
    log_in(page, "house-office")
    page.get_by_role("link", name="Member lists", exact=True).click()
    (tmp_path / "bad.csv").write_bytes(BAD)
    page.get_by_label("Organisation").select_option(label=tree["house"].name)
    page.get_by_label("Member list").set_input_files(str(tmp_path / "bad.csv"))
    page.get_by_role("button", name="Check the list").click()
    problems = page.locator("table.problems")
    expect(problems).to_contain_text("31.02.1980")
    expect(problems).to_contain_text("There is no such day.")
    expect(page.get_by_role("button", name="Import: 1 new person")).to_have_count(0)

    page.get_by_role("link", name="Member lists", exact=True).first.click()
    (tmp_path / "good.csv").write_bytes(GOOD)
    page.get_by_label("Organisation").select_option(label=tree["house"].name)
    page.get_by_label("Member list").set_input_files(str(tmp_path / "good.csv"))
    page.get_by_role("button", name="Check the list").click()
    page.get_by_role("button", name="Import: 2 new people").click()
    expect(page.get_by_role("status")).to_contain_text("The list is imported.")
    assert Membership.objects.filter(organisation=tree["house"]).count() == 2
