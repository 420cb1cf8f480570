"""A staff user invites a manager in the page; the invitee opens the emailed link in a
browser of their own, sets a password, enrols an authenticator app as every office
role must, and logs in again with a code."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from diaspora.accounts.models import User
from diaspora.accounts.services import grant_role
from diaspora.accounts.tests.login_helpers import totp_code
from diaspora.browser import log_in
from diaspora.people.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Novruz bayramı 2031"


def test_an_invited_manager_sets_a_password_enrols_totp_and_logs_in_with_a_code(
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
        invitee.get_by_label("Password", exact=True).fill(PASSWORD)
        invitee.get_by_label("Password again").fill(PASSWORD)
        invitee.get_by_role("button", name="Create my account").click()
        expect(invitee.get_by_role("status").first).to_contain_text("your account is ready")
        user = User.objects.get(username="leyla")
        assert user.roles.get().organisation == tree["house"]

        # Signed in as a manager: nothing opens before a second factor is enrolled.
        invitee.goto(f"{page.base_url}/en/me/")
        expect(invitee).to_have_url(f"{page.base_url}/en/accounts/2fa/")
        invitee.get_by_role("button", name="Activate").click()
        invitee.get_by_label("Password").fill(PASSWORD)  # allauth asks again first
        invitee.get_by_role("button", name="Confirm").click()
        secret = invitee.get_by_label("Authenticator secret").input_value()
        invitee.get_by_label("Authenticator code").fill(totp_code(secret, step=0))
        invitee.get_by_role("button", name="Activate").click()
        expect(invitee.get_by_role("status").filter(has_text="activated")).to_be_visible()
        invitee.get_by_role("button", name="Log out").click()

        # Back with the password and a code from the app.
        invitee.goto(f"{page.base_url}/en/accounts/login/")
        invitee.get_by_label("Username or email").fill("leyla@example.org")
        invitee.get_by_label("Password").fill(PASSWORD)
        invitee.get_by_role("button", name="Log in", exact=True).click()
        invitee.get_by_label("Code").fill(totp_code(secret, step=1))
        invitee.get_by_role("button", name="Log in", exact=True).first.click()
        invitee.goto(f"{page.base_url}/en/me/")
        expect(invitee).to_have_url(f"{page.base_url}/en/me/")

        invitee.goto(link)
        expect(invitee.get_by_role("alert")).to_contain_text("already been accepted")
    finally:
        context.close()
