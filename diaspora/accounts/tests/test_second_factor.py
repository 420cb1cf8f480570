"""Office roles need a second factor before any page opens; compatriots choose."""

import pytest

from diaspora.accounts.services import grant_role
from diaspora.accounts.tests.login_helpers import enrol_totp
from diaspora.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def logged_in(client, user):
    # The password login, not force_login: the test fixtures give office users a
    # factor on force_login, and these users must have none.
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def manager(tree):
    user = UserFactory()
    grant_role(user, "manager", tree["house"], by=None)
    return user


@pytest.mark.parametrize("page", ["/en/", "/en/me/", "/en/admin/", "/en/events/"])
def test_an_office_user_without_a_second_factor_is_sent_to_enrol_one(client, manager, page):
    response = logged_in(client, manager).get(page)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "needs a second factor" in page.content.decode()


def test_a_superuser_without_a_role_needs_one_too(client, db):
    boss = UserFactory(is_superuser=True, is_staff=True)
    assert logged_in(client, boss).get("/en/admin/")["Location"] == "/en/accounts/2fa/"


def test_the_enrolment_pages_and_logout_stay_open(client, manager):
    logged_in(client, manager)
    for page in ("/en/accounts/2fa/totp/activate/", "/en/accounts/2fa/webauthn/add/"):
        # allauth asks for the password again first; that page opens too.
        response = client.get(page)
        assert response["Location"].startswith("/en/accounts/reauthenticate/?next=")
        assert client.get(response["Location"]).status_code == 200
    assert client.get("/en/accounts/password/change/")["Location"] == "/en/accounts/2fa/"
    assert client.post("/en/accounts/logout/")["Location"] == "/en/"
    assert "_auth_user_id" not in client.session


def test_the_api_refuses_instead_of_redirecting(client, manager):
    response = logged_in(client, manager).get("/api/organisations")
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"


def test_an_enrolled_office_user_opens_every_page(client, manager):
    enrol_totp(manager)
    assert logged_in(client, manager).get("/en/me/").status_code != 302


def test_a_compatriot_is_not_made_to_enrol(client, db):
    compatriot = UserFactory()
    response = logged_in(client, compatriot).get("/en/events/")
    assert response.status_code == 200
    # …but may add one from their account pages.
    assert client.get("/en/accounts/2fa/").status_code == 200
