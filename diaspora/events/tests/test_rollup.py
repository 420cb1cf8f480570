from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from diaspora.accounts.services import grant_role
from diaspora.directory.models import City
from diaspora.events import world
from diaspora.events.models import EventReport, ReportPhoto
from diaspora.people.tests.factories import UserFactory

from .factories import make_event

pytestmark = pytest.mark.django_db

DAY = date(2025, 12, 31)
EVENING = datetime(2025, 12, 31, 19, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def day(tree):
    """Last year's day: Berlin and Hamburg reported, Paris did not."""
    berlin = make_event(tree["house"], starts_at=EVENING)
    hamburg = make_event(tree["school"], starts_at=EVENING)
    paris = make_event(
        tree["paris"], starts_at=EVENING, city=City.objects.get(country_id="FR", name="Paris")
    )
    report = EventReport.objects.create(event=berlin, attendance=120, account="A fine night.")
    for n in range(2):
        ReportPhoto.objects.create(report=report, image=f"events/{berlin.pk}/{n}.jpg")
    EventReport.objects.create(event=hamburg, attendance=35)
    return {"berlin": berlin, "hamburg": hamburg, "paris": paris}


def user_with(role, node):
    user = UserFactory()
    grant_role(user, role, node, by=None)
    return user


def test_the_committee_sees_the_world_rolled_up(tree, day):
    rollup = world.roll_up(user_with("staff", tree["root"]), DAY, timezone.now())
    rows = {row.country.pk: row for row in rollup.countries}
    assert (rows["DE"].celebrations, rows["DE"].reported) == (2, 2)
    assert (rows["DE"].attendance, rows["DE"].photos) == (155, 2)
    assert (rows["FR"].celebrations, rows["FR"].reported, rows["FR"].attendance) == (1, 0, 0)
    total = rollup.total
    assert (total.celebrations, total.reported, total.attendance, total.photos) == (3, 2, 155, 2)
    assert rollup.unreported == [day["paris"]]


def test_a_coordinator_sees_the_same_for_their_reach(tree, day):
    rollup = world.roll_up(user_with("coordinator", tree["council"]), DAY, timezone.now())
    assert [row.country.pk for row in rollup.countries] == ["DE"]
    assert (rollup.total.celebrations, rollup.total.attendance) == (2, 155)
    assert rollup.unreported == []


def test_celebrations_yet_to_begin_are_not_awaited(tree, day):
    before = datetime(2025, 12, 31, 12, tzinfo=ZoneInfo("UTC"))
    rollup = world.roll_up(user_with("staff", tree["root"]), DAY, before)
    assert rollup.unreported == [] and rollup.upcoming == 1


def test_the_reports_page_for_the_committee(tree, day, django_assert_max_num_queries):
    client = Client()
    client.force_login(user_with("staff", tree["root"]))
    with django_assert_max_num_queries(10):
        response = client.get("/en/events/world-day/reports/?year=2025")
    assert response.status_code == 200
    text = response.content.decode()
    assert "the whole network" in text and "155" in text
    assert f'href="/en/events/{day["paris"].pk}/report/"' in text
    world_page = client.get("/en/events/world-day/?year=2025").content.decode()
    assert 'href="/en/events/world-day/reports/?year=2025"' in world_page


def test_the_reports_page_is_not_for_the_public(tree, day):
    assert Client().get("/en/events/world-day/reports/").status_code == 302
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/en/events/world-day/reports/").status_code == 403
    assert (
        "world-day/reports/" not in client.get("/en/events/world-day/?year=2025").content.decode()
    )


def test_a_country_opens_with_each_report_and_its_photos(tree, day, django_assert_max_num_queries):
    client = Client()
    client.force_login(user_with("staff", tree["root"]))
    with django_assert_max_num_queries(12):
        response = client.get("/en/events/world-day/reports/?year=2025&country=de")
    text = response.content.decode()
    assert "A fine night." in text and "120 people came" in text
    photos = day["berlin"].report.photos.all()
    for photo in photos:
        assert f'src="/en/events/{day["berlin"].pk}/report/photos/{photo.pk}/"' in text
    section = text.split('id="country"')[1].split("</section>")[0]
    assert f'href="/en/events/{day["hamburg"].pk}/report/"' in section
    assert f'href="/en/events/{day["paris"].pk}/report/"' not in section


def test_a_coordinator_cannot_open_a_country_beyond_their_reach(tree, day):
    client = Client()
    client.force_login(user_with("coordinator", tree["council"]))
    text = client.get("/en/events/world-day/reports/?year=2025&country=FR").content.decode()
    assert 'id="country"' not in text
