"""Strong login in Debian's Chromium: an office user enrols an authenticator app at
their first login and then logs in with a code; a passkey made in Chromium's virtual
authenticator logs in alone; a locked-out account is told so."""

import time
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from diaspora.accounts.services import grant_role
from diaspora.accounts.tests.login_helpers import confirm_email, totp_code
from diaspora.people.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture
def manager(tree):
    user = UserFactory(username="house-manager", email="manager@example.org")
    confirm_email(user)  # as accepting the invitation does
    grant_role(user, "manager", tree["house"], by=None)
    return user


def submit_password(page, login: str, password: str = PASSWORD) -> None:
    page.goto(f"{page.base_url}/en/accounts/login/")
    page.get_by_label("Username or email").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()


def confirm_access(page) -> None:
    """allauth asks for the password again before a second factor is changed."""
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_an_office_user_enrols_an_authenticator_app_then_logs_in_with_a_code(manager, phone):
    submit_password(phone, "house-manager")
    # Logged in, but nothing opens before a second factor is set up.
    expect(phone.get_by_role("status").filter(has_text="needs a second factor")).to_be_visible()
    phone.goto(f"{phone.base_url}/en/me/")
    expect(phone).to_have_url(f"{phone.base_url}/en/accounts/2fa/")
    phone.get_by_role("button", name="Activate").click()
    confirm_access(phone)
    secret = phone.get_by_label("Authenticator secret").input_value()
    phone.get_by_label("Authenticator code").fill(totp_code(secret, step=0))
    phone.get_by_role("button", name="Activate").click()
    expect(phone.get_by_role("status").filter(has_text="activated")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.goto(f"{phone.base_url}/en/me/")
    expect(phone).to_have_url(f"{phone.base_url}/en/me/")
    log_out(phone)

    submit_password(phone, "house-manager")
    phone.get_by_label("Code").fill(totp_code(secret, step=1))
    phone.get_by_role("button", name="Log in", exact=True).first.click()
    expect(phone.get_by_role("button", name="Log out")).to_be_visible()
    phone.goto(f"{phone.base_url}/en/me/")
    expect(phone).to_have_url(f"{phone.base_url}/en/me/")


def test_a_passkey_is_registered_and_then_logs_in_alone(manager, page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    submit_password(page, "house-manager")
    expect(page).to_have_url(f"{page.base_url}/en/accounts/2fa/")
    page.goto(f"{page.base_url}/en/accounts/2fa/webauthn/add/")
    confirm_access(page)
    page.get_by_label("Name").fill("Office laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("status").filter(has_text="added")).to_be_visible()
    page.goto(f"{page.base_url}/en/me/")
    expect(page).to_have_url(f"{page.base_url}/en/me/")
    log_out(page)

    page.goto(f"{page.base_url}/en/accounts/login/")
    page.get_by_role("button", name="Log in with a passkey").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto(f"{page.base_url}/en/me/")
    expect(page).to_have_url(f"{page.base_url}/en/me/")


def test_a_locked_out_account_is_told_and_stays_locked_until_the_window_passes(
    tree, page, monkeypatch
):
    from allauth.core.internal import ratelimit

    user = UserFactory(username="aysel")
    confirm_email(user)
    for _ in range(5):
        submit_password(page, "aysel", "not the password")
        expect(page.get_by_role("alert")).to_contain_text("not right")
    submit_password(page, "aysel")
    expect(page.get_by_role("alert")).to_contain_text("locked for a while")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(
        ratelimit,
        "time",
        SimpleNamespace(time=lambda: later, monotonic=time.monotonic, sleep=time.sleep),
    )
    submit_password(page, "aysel")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
