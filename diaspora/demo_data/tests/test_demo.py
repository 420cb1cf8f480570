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
