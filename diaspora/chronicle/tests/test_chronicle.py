"""The chronicle: dated acts with their sources; disputed dates side by side."""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import timezone

from diaspora.accounts.services import grant_role
from diaspora.chronicle.models import Act, Claim
from diaspora.chronicle.services import load_seeds
from diaspora.people.tests.factories import UserFactory


@pytest.fixture
def seeded(db):
    load_seeds()


def test_the_seeds_load_once(seeded):
    assert load_seeds() == 0
    assert Act.objects.count() == 7
    assert Claim.objects.filter(act__slug="solidarity-day-nakhchivan").count() == 3


def test_the_chronicle_shows_each_disputed_date_with_its_source(seeded):
    page = Client().get("/en/chronicle/").content.decode()
    assert "Sources disagree on the date" in page
    assert "Dec. 16, 1991" in page and "Dec. 6, 1991" in page and "end of 1989" in page
    assert "Most outlets" in page and "One outlet" in page and "One text on the day" in page
    assert "July 5, 2002" in page  # the Committee's founding, undisputed
    assert page.index("end of 1989") < page.index("May 23, 2001")  # in order of date


def test_an_undisputed_act_shows_one_date_without_a_dispute(seeded):
    page = Client().get("/en/chronicle/committee-founded/").content.decode()
    assert "July 5, 2002" in page and "Sources disagree" not in page


def test_the_chronicle_reads_in_every_language(seeded):
    assert "Həmrəylik Günü" in Client().get("/az/chronicle/").content.decode()
    assert "Днём солидарности" in Client().get("/ru/chronicle/").content.decode()


def test_an_event_links_to_its_act_and_the_act_to_the_event(tree, seeded):
    from diaspora.events.tests.factories import make_event

    event = make_event(tree["house"], title="Solidarity evening 1991")
    act = Act.objects.get(slug="solidarity-day-nakhchivan")
    act.events.add(event)
    assert (
        "/en/chronicle/solidarity-day-nakhchivan/"
        in Client().get(f"/en/events/{event.pk}/").content.decode()
    )
    assert (
        "Solidarity evening 1991"
        in Client().get("/en/chronicle/solidarity-day-nakhchivan/").content.decode()
    )


def test_the_yearly_report_lists_the_years_acts_with_every_source(tree, seeded):
    staff = UserFactory()
    grant_role(staff, "staff", tree["root"], by=None)
    client = Client()
    client.force_login(staff)
    assert timezone.now() > datetime(2002, 1, 1, tzinfo=UTC)
    page = client.get(f"/en/reports/2002/{tree['root'].slug}/").content.decode()
    assert "In the chronicle" in page and "/en/chronicle/committee-founded/" in page


def test_an_unknown_act_is_not_found(seeded):
    assert Client().get("/en/chronicle/nothing/").status_code == 404
