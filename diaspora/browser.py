"""Browser tests drive Debian's Chromium through Playwright; no browser is downloaded."""

import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between page actions are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _page(browser, live_server, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server):
    context, page = _page(
        browser,
        live_server,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    yield page
    context.close()


def log_in(
    page, username: str, password: str = "correct horse battery", language: str = "en"
) -> None:
    """Logs in through the login form as a person would, with the authenticator code
    an office user is asked for (their address confirmed and TOTP enrolled first, as
    an invitation and their first login would have done)."""
    from diaspora.accounts.tests.login_helpers import ready_to_log_in, totp_code

    secret = ready_to_log_in(username)
    page.goto(f"{page.base_url}/{language}/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").first.click()
    if secret is not None:
        page.locator("input[name=code]").fill(totp_code(secret))
        page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
