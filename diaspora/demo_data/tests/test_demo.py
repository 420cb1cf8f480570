"""The demo network reproduces DOMAIN.md's figures (with fewer people, for speed)."""

from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count

from diaspora.accounts.models import User
from diaspora.demo_data.build import build
from diaspora.directory.queries import figures
from diaspora.people.models import Person


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Built once for the module and rolled back after it, so the countries the
    migrations loaded stay for the tests that follow."""
    with django_db_blocker.unblock(), transaction.atomic():
        build(seed=7, people=3000)
        yield figures()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_houses_councils_and_schools_match_the_published_figures(demo):
    by_kind = demo["by_kind"]
    assert by_kind["house"] == {"count": 31, "countries": 20}
    assert by_kind["council"]["count"] == 15
    assert by_kind["school"]["count"] >= 90 and by_kind["school"]["countries"] == 24


@pytest.mark.django_db
def test_hundreds_of_organisations_in_more_than_seventy_countries(demo):
    assert demo["total"] >= 300
    assert demo["countries"] >= 70


@pytest.mark.django_db
def test_names_come_in_the_real_mix_of_scripts(demo):
    scripts = Counter(Person.objects.values_list("script", flat=True))
    for script in ("latin_az", "latin", "cyrillic", "arabic"):
        assert scripts[script] >= 20, scripts
    assert Person.objects.filter(full_name__regex=r"^[А-ЯЁ]{3,} ").exists()  # SURNAME first


@pytest.mark.django_db
def test_some_people_are_registered_twice(demo):
    twice = (
        Person.objects.values("birth_date", "city").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    assert twice >= 20


@pytest.mark.django_db
def test_every_role_has_a_demo_account(demo):
    kinds = set(User.objects.filter(roles__isnull=False).values_list("roles__kind", flat=True))
    assert kinds == {"staff", "coordinator", "manager", "teacher"}
    assert User.objects.get(username="compatriot").person is not None


@pytest.mark.django_db
def test_the_world_day_is_celebrated_in_seventy_countries_and_last_year_reported(demo):
    from django.utils import timezone

    from diaspora.events import world
    from diaspora.events.models import Event, Registration
    from diaspora.events.queries import all_events, world_day, world_day_events

    spec, year = world_day(), world.default_year(timezone.now())
    coming = world_day_events(all_events(), spec.on(year))
    last = world_day_events(all_events(), spec.on(year - 1))
    for celebrations in (coming, last):
        assert len({event.country_id for event in celebrations}) >= 70
    reported = [event for event in last if hasattr(event, "report")]
    assert len(reported) >= len(last) // 2 and all(e.report.attendance for e in reported)
    assert not any(hasattr(event, "report") for event in coming)
    kinds = set(Event.objects.values_list("kind__code", flat=True))
    assert {"congress", "online-conference", "council-meeting", "school"} <= kinds
    assert Event.objects.filter(kind__code="congress", city__name="Baku").exists()
    assert Registration.objects.exists()
    for event in Event.objects.filter(confirmed_count__gt=0):
        assert event.registrations.count() == event.confirmed_count


@pytest.mark.django_db
def test_each_demo_account_sees_what_its_role_is_for(demo):
    from diaspora import access
    from diaspora.access import Action
    from diaspora.people.queries import visible_people

    accounts = {user.username: user for user in User.objects.all()}
    teacher, coordinator, manager = (accounts[n] for n in ("teacher", "coordinator", "manager"))
    pupils = visible_people(teacher)
    assert pupils.exists()  # their school's pupils, and no one else's
    school = teacher.roles.get().organisation
    assert not pupils.exclude(memberships__organisation=school).exists()
    assert not visible_people(teacher, Action.PEOPLE_EDIT).exists()
    assert visible_people(coordinator).exists() and visible_people(manager).exists()
    assert not access.allowed(coordinator, Action.PEOPLE_EDIT)
    assert visible_people(manager, Action.PEOPLE_EDIT).exists()
    assert access.allowed(accounts["committee"], Action.AUDIT_VIEW)
    assert visible_people(accounts["compatriot"]).get().user == accounts["compatriot"]


@pytest.mark.django_db
def test_the_congress_has_quotas_nominations_in_every_state_badges_and_votes(demo):
    from diaspora.congress.models import Accreditation, Congress, Motion, Nomination

    congress = Congress.objects.get()
    assert congress.quotas.filter(kind="delegate").count() >= 5
    assert congress.quotas.filter(kind="guest").exists()
    states = set(Nomination.objects.values_list("status", flat=True))
    assert states == {"nominated", "delegate", "guest", "rejected"}
    assert not Nomination.objects.filter(status="rejected", reason="").exists()
    assert Accreditation.objects.exclude(photo="").count() == Accreditation.objects.count() > 0
    closed = Motion.objects.filter(status="closed", kind="resolution").get()
    assert closed.result["voters"] > 0 and closed.result["passed"]
    assert Motion.objects.filter(status="open").exists()


@pytest.mark.django_db
def test_the_medal_round_has_nominations_in_every_state_and_past_recipients(demo):
    from diaspora.honours.models import Award, Nomination
    from diaspora.honours.queries import public_register, tally

    states = set(Nomination.objects.values_list("status", flat=True))
    assert states == set(Nomination.Status.values)
    assert Award.objects.filter(nomination__isnull=True).count() == 12
    assert 0 < public_register().count() < Award.objects.count()
    in_review = Nomination.objects.filter(status="review").first()
    assert tally(in_review).abstained == 1 and tally(in_review).average is not None
