from collections import Counter
from datetime import date
from io import StringIO

from django.core.management import call_command

from diaspora.people import services
from diaspora.people.duplicates import scan
from diaspora.people.models import DuplicatePair


def register(name, **values):
    return services.register_person(by=None, full_name=name, **values)


def test_a_scan_finds_one_person_in_two_scripts_with_its_reasons(db):
    latin = register("Rəşad Əliyev", birth_date=date(1980, 7, 5))
    cyrillic = register("АЛИЕВ Рашад", birth_date=date(1980, 7, 5))
    register("Rəşad Əliyev", birth_date=date(1961, 1, 1))  # a namesake, born apart
    register("Orxan Qasımov", birth_date=date(1980, 7, 5))
    assert scan() == 1
    pair = DuplicatePair.objects.get()
    assert (pair.first, pair.second) == (latin, cyrillic)
    assert pair.same_person and "same date of birth" in pair.reasons


def test_a_namesake_without_a_birth_date_is_raised_for_review(db):
    register("Gülnarə Məmmədova", email="g@example.org")
    register("Гюльнара Мамедова")
    scan()
    pair = DuplicatePair.objects.get()
    assert not pair.same_person and pair.status == "open"


def test_a_dismissed_pair_is_not_raised_again(db):
    register("Rəşad Əliyev")
    register("Rashad Aliyev")
    scan()
    DuplicatePair.objects.update(status=DuplicatePair.Status.DISMISSED)
    assert scan() == 0
    assert DuplicatePair.objects.count() == 1


def test_a_very_common_name_is_compared_within_a_birth_date(db):
    birthdays = [date(1980, 1, 1 + number % 28) for number in range(45)]  # more than a block
    for born in birthdays:
        register("Rəşad Əliyev", birth_date=born)
    same_day = sum(n * (n - 1) // 2 for n in Counter(birthdays).values())
    assert scan() == same_day == 17


def test_the_command_runs_the_scan(db):
    register("Rəşad Əliyev", birth_date=date(1980, 7, 5))
    register("Rashad Aliyev", birth_date=date(1980, 7, 5))
    out = StringIO()
    call_command("find_duplicates", stdout=out)
    assert "Possible duplicates found: 1." in out.getvalue()
