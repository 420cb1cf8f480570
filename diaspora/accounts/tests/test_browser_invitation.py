"""A staff user invites a manager in the page; the invitee opens the emailed link in a
browser of their own, sets a password and is signed in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from diaspora.accounts.models import User
from diaspora.accounts.services import grant_role
from diaspora.people.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str, password: str = "correct horse battery") -> None:
    page.goto(f"{page.base_url}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_an_invited_manager_sets_a_password_and_is_signed_in(
    tree, page, browser, live_server, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DIASPORA_SITE_URL = live_server.url
    staff = UserFactory(username="committee-staff")
    grant_role(staff, "staff", tree["root"], by=None)
    log_in(page, "committee-staff")
    page.get_by_role("link", name="Users").click()
    page.get_by_role("button", name="Invite someone").click()
    page.get_by_label("Email").fill("leyla@example.org")
    page.locator("#id_kind").select_option(label="organisation manager")
    page.locator("#id_organisation").select_option(label="Azerbaijan House in Berlin")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("leyla@example.org is invited")
    expect(page.locator("main")).to_contain_text("Pending invitations")

    (message,) = mail.outbox
    link = re.search(r"http://\S+/accounts/invitation/\S+/", message.body).group(0)
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        invitee = context.new_page()
        invitee.set_default_timeout(15_000)
        invitee.goto(link)
        expect(invitee.get_by_label("Username")).to_have_value("leyla")
        assert invitee.evaluate("document.documentElement.scrollWidth") <= 375
        invitee.get_by_label("Password", exact=True).fill("Novruz bayramı 2031")
        invitee.get_by_label("Password again").fill("Novruz bayramı 2031")
        invitee.get_by_role("button", name="Create my account").click()
        expect(invitee.get_by_role("status")).to_contain_text("your account is ready")
        expect(invitee.get_by_role("button", name="Log out")).to_be_visible()
        user = User.objects.get(username="leyla")
        assert user.roles.get().organisation == tree["house"]
        invitee.goto(link)
        expect(invitee.get_by_role("alert")).to_contain_text("already been accepted")
    finally:
        context.close()
