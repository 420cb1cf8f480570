from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.directory.models import City
from diaspora.events import world
from diaspora.events.models import Event
from diaspora.people.tests.factories import UserFactory

from .factories import make_event

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 31)


def evening(city, hour=19, day=DAY):
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(city.timezone))


@pytest.fixture
def places(country):
    def place(code, name, zone, lat, lon):
        city, _created = City.objects.update_or_create(
            country=country(code),
            name=name,
            defaults={"latitude": lat, "longitude": lon, "timezone": zone},
        )
        return city

    return {
        "berlin": place("DE", "Berlin", "Europe/Berlin", 52.52, 13.40),
        "hamburg": place("DE", "Hamburg", "Europe/Berlin", 53.55, 9.99),
        "paris": place("FR", "Paris", "Europe/Paris", 48.86, 2.35),
        "auckland": place("NZ", "Auckland", "Pacific/Auckland", -36.85, 174.76),
        "los_angeles": place("US", "Los Angeles", "America/Los_Angeles", 34.05, -118.24),
        "baku": place("AZ", "Baku", "Asia/Baku", 40.41, 49.87),
    }


def celebration(organiser, place, **fields):
    fields.setdefault("starts_at", evening(place))
    return make_event(organiser, city=place, timezone=place.timezone, **fields)


def test_midnight_comes_first_in_auckland_then_baku_then_los_angeles():
    assert world.midnight_after(DAY, "Pacific/Auckland") == datetime(2026, 12, 31, 11, tzinfo=UTC)
    assert world.midnight_after(DAY, "Asia/Baku") == datetime(2026, 12, 31, 20, tzinfo=UTC)
    assert world.midnight_after(DAY, "America/Los_Angeles") == datetime(2027, 1, 1, 8, tzinfo=UTC)


def test_midnight_follows_summer_time_in_the_south():
    # Auckland keeps daylight saving time in December (UTC+13), not in June (UTC+12).
    assert world.midnight_after(date(2026, 6, 30), "Pacific/Auckland").hour == 12
    assert world.midnight_after(DAY, "Pacific/Auckland").hour == 11


@pytest.mark.parametrize(
    ("now", "year"),
    [
        (datetime(2026, 11, 25, 13, tzinfo=UTC), 2026),
        (datetime(2026, 12, 31, 23, tzinfo=UTC), 2026),
        # New Year's Day is not over everywhere until noon UTC on 2 January.
        (datetime(2027, 1, 2, 11, 59, tzinfo=UTC), 2026),
        (datetime(2027, 1, 2, 12, tzinfo=UTC), 2027),
        (datetime(2027, 3, 1, tzinfo=UTC), 2027),
    ],
)
def test_the_page_opens_on_the_coming_day_and_keeps_the_last_through_new_year(db, now, year):
    assert world.default_year(now) == year


def test_celebrations_are_counted_per_country_and_city(tree, places):
    for place in ("berlin", "berlin", "hamburg"):
        celebration(tree["house"], places[place])
    celebration(tree["paris"], places["paris"])
    # Not counted: the day before, and another kind of event on the day.
    day_before = evening(places["berlin"], day=date(2026, 12, 30))
    celebration(tree["house"], places["berlin"], starts_at=day_before)
    celebration(tree["house"], places["berlin"], kind="cultural")
    cancelled = celebration(tree["paris"], places["paris"])
    cancelled.status = Event.Status.CANCELLED
    cancelled.save()
    view = world.world_view(UserFactory(), DAY)
    counts = [(row.country.pk, row.count, row.cities, row.level) for row in view.countries]
    assert counts == [("DE", 3, 2, 2), ("FR", 1, 1, 1)]
    assert [(row.city.name, row.count) for row in view.cities] == [
        ("Berlin", 2),
        ("Hamburg", 1),
        ("Paris", 1),
    ]
    shaded = {shape.code: shape.day.count for shape in view.shapes if shape.day}
    assert shaded == {"DE": 3, "FR": 1}


def test_a_celebration_late_in_the_evening_counts_on_its_own_date(tree, places):
    # 23:30 in Los Angeles on 31 December is already 1 January in UTC.
    celebration(tree["paris"], places["los_angeles"], starts_at=evening(places["los_angeles"], 23))
    view = world.world_view(UserFactory(), DAY)
    assert [row.country.pk for row in view.countries] == ["US"]


def test_the_page_shows_the_map_the_counts_and_each_citys_midnight(tree, places):
    celebration(tree["house"], places["berlin"])
    celebration(tree["paris"], places["auckland"])
    response = Client().get("/en/events/world-day/?year=2026")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<svg" in text and 'class="l1"' in text and "<circle" in text
    assert "Germany: 1 celebration" in text and "Berlin: 1 celebration" in text
    # Without JavaScript: the instant in UTC; the script counts down to the same second.
    assert '<time datetime="2026-12-31T11:00:00+00:00">31 December, 11:00 UTC</time>' in text
    assert f'data-until="{int(datetime(2026, 12, 31, 11, tzinfo=UTC).timestamp())}"' in text
    midnight = text.index('id="midnight"')
    assert text.index("Auckland", midnight) < text.index("Berlin", midnight)
    assert "js/countdown.js" in text


def test_country_names_follow_the_readers_language(tree, places):
    celebration(tree["house"], places["berlin"])
    text = Client().get("/ru/events/world-day/?year=2026").content.decode()
    assert "Германия" in text


def test_members_only_celebrations_are_hidden_from_the_public(tree, places):
    celebration(tree["house"], places["berlin"], audience=Event.Audience.MEMBERS)
    celebration(tree["paris"], places["paris"])
    public = Client().get("/en/events/world-day/?year=2026")
    assert [row.country.pk for row in public.context["view"].countries] == ["FR"]
    manager = UserFactory()
    grant_role(manager, "manager", tree["house"], by=None)
    client = Client()
    client.force_login(manager)
    organiser = client.get("/en/events/world-day/?year=2026")
    assert [row.country.pk for row in organiser.context["view"].countries] == ["FR", "DE"]


def test_the_page_reads_a_fixed_number_of_queries(tree, places, django_assert_max_num_queries):
    for place in places.values():
        celebration(tree["house"], place)
        celebration(tree["paris"], place)
    with django_assert_max_num_queries(6):
        assert Client().get("/en/events/world-day/?year=2026").status_code == 200


def test_the_events_list_links_to_the_world_day(tree):
    text = Client().get("/en/events/").content.decode()
    assert 'href="/en/events/world-day/"' in text


def test_an_impossible_year_is_a_404(db):
    assert Client().get("/en/events/world-day/?year=1066").status_code == 404


def test_the_legend_names_the_counts_of_each_shade():
    assert world.legend() == [(1, "1"), (2, "2–4"), (3, "5–9"), (4, "10+")]
    assert [world.level(n) for n in (0, 1, 2, 4, 5, 9, 10, 99)] == [0, 1, 2, 2, 3, 3, 4, 4]
