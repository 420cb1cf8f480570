from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command

from diaspora.accounts.services import grant_role
from diaspora.people import services
from diaspora.people.duplicates import CROWD, RARE, Record, pairs_in, scan
from diaspora.people.likeness import Born, Evidence, Verdict, born, judge
from diaspora.people.models import DuplicatePair
from diaspora.people.tests.factories import UserFactory


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


def test_a_namesake_with_nothing_else_to_go_on_is_not_raised(db):
    register("Gülnarə Məmmədova", email="g@example.org")
    register("Гюльнара Мамедова")  # no date of birth, no contact: one of many namesakes
    assert scan() == 0


def test_a_shared_email_makes_one_person_without_a_birth_date(db):
    register("Gülnarə Məmmədova", email="G@example.org", birth_date=date(1975, 3, 2))
    register("Гюльнара Мамедова", email="g@example.org")
    scan()
    pair = DuplicatePair.objects.get()
    assert pair.same_person and "same email" in pair.reasons


def test_a_date_of_birth_a_slip_apart_is_raised_for_review(db):
    register("Rəşad Əliyev", birth_date=date(1980, 7, 5))
    register("Алиев Рашад", birth_date=date(1980, 5, 7))  # day and month swapped
    register("Rashad Aliyev", birth_date=date(1980, 7, 6))  # a day off
    register("Rəşad Əliyev", birth_date=date(1985, 1, 20))  # a namesake
    assert scan() == 2  # the swapped and the day off are each a slip from the first
    for pair in DuplicatePair.objects.all():
        assert not pair.same_person and "nearly the same date of birth" in pair.reasons


def test_a_name_with_a_typo_is_found_through_one_word_and_the_birth_date(db):
    first = register("Vüqar Qasımov", birth_date=date(1980, 7, 5))
    second = register("Vüqar Qasımoc", birth_date=date(1980, 7, 5))  # no word pair in common
    register("Vüqar Əliyev", birth_date=date(1980, 7, 5))  # a namesake of one word
    assert scan() == 1
    assert DuplicatePair.objects.filter(first=first, second=second).exists()


def test_a_name_whose_words_meet_only_through_another_reading_is_found(db):
    # Kachler is Кахлер read as Russian reads it; Jan is Ян. No folded word is shared.
    first = register("Jan Kachler", birth_date=date(1975, 3, 14))
    second = register("Ян Кахлер", birth_date=date(1975, 3, 14))
    register("Ян Кахлер", birth_date=date(1990, 1, 1))  # a namesake, born apart
    assert scan() == 1
    pair = DuplicatePair.objects.get()
    assert (pair.first, pair.second) == (first, second) and pair.same_person


def test_siblings_sharing_the_family_phone_are_not_raised(db):
    register("Rəşad Əli oğlu Əliyev", birth_date=date(1980, 7, 5), phone="+994501234567")
    register("Günay Əli qızı Əliyeva", birth_date=date(1984, 2, 1), phone="+994501234567")
    assert scan() == 0


def test_a_pair_sharing_several_word_pairs_is_raised_once(db):
    register("Rəşad Əli oğlu Əliyev", birth_date=date(1980, 7, 5))
    register("Алиев Рашад Алиевич", birth_date=date(1980, 7, 5))
    assert scan() == 1


def test_a_dismissed_pair_is_not_raised_again(db):
    register("Rəşad Əliyev", birth_date=date(1980, 7, 5))
    register("Rashad Aliyev", birth_date=date(1980, 7, 5))
    scan()
    DuplicatePair.objects.update(status=DuplicatePair.Status.DISMISSED)
    assert scan() == 0
    assert DuplicatePair.objects.count() == 1


def test_a_very_common_name_is_compared_within_a_birth_date(db):
    # More than a block: 15 birthdays three days apart, three people on each.
    for number in range(45):
        register("Rəşad Əliyev", birth_date=date(1980, 1, 1) + timedelta(days=3 * (number % 15)))
    register("Rashad Aliyev")  # no date of birth: among 45 namesakes, nobody can tell
    assert scan() == 15 * 3
    assert DuplicatePair.objects.filter(same_person=True).count() == 45


def test_dates_of_birth_compare_as_the_same_a_slip_apart_or_other():
    day = date(1980, 7, 5)
    assert born(day, day) == Born.SAME
    assert born(day, None) == Born.MISSING
    assert born(day, date(1980, 7, 4)) == born(day, date(1980, 5, 7)) == Born.NEAR
    assert born(day, date(1981, 7, 5)) == Born.NEAR
    assert born(day, date(1980, 7, 15)) == born(day, date(1982, 7, 5)) == Born.OTHER


def test_the_command_runs_the_scan(db):
    register("Rəşad Əliyev", birth_date=date(1980, 7, 5))
    register("Rashad Aliyev", birth_date=date(1980, 7, 5))
    out = StringIO()
    call_command("find_duplicates", stdout=out)
    assert "Possible duplicates found: 1." in out.getvalue()


def test_twins_are_not_raised_though_they_share_a_birth_date_and_father(db):
    register("Rövşən Niyaz oğlu Hacızadə", birth_date=date(1990, 3, 4))
    register("Kamran Niyaz oğlu Hacızadə", birth_date=date(1990, 3, 4))
    assert scan() == 0


def test_an_import_holds_a_namesake_without_a_birth_date_where_the_scan_does_not():
    nothing_else = Evidence(born=Born.MISSING, email=False, phone=False)
    assert judge(0.95, nothing_else, cautious=True) == Verdict.REVIEW
    assert judge(0.95, nothing_else, cautious=False) == Verdict.NEW


def test_a_key_shared_by_a_crowd_brings_no_pairs():
    office = [Record(pk, "Rəşad Əliyev", None, "office@example.org", "") for pk in range(CROWD + 1)]
    assert list(pairs_in(office)) == []


def test_a_birth_date_a_slip_apart_among_a_crowd_of_namesakes_is_not_raised(db):
    for number in range(RARE):  # born years apart
        register("Rəşad Əliyev", birth_date=date(1950 + number, 1, 10))
    register("Rashad Aliyev", birth_date=date(1950, 1, 11))  # a day after the first
    assert scan() == 0


def test_a_scan_a_user_starts_compares_only_the_people_they_may_see(tree):
    house = [register("Rəşad Əliyev", birth_date=date(1980, 7, 5)) for _ in range(2)]
    paris = [register("Nigar Cavadova", email="n@example.org") for _ in range(2)]
    across = register("АЛИЕВ Рашад", birth_date=date(1980, 7, 5))  # in Paris, like Rəşad
    for person in house:
        services.add_membership(person, tree["house"], by=None)
    for person in (*paris, across):
        services.add_membership(person, tree["paris"], by=None)
    manager = UserFactory(username="manager")
    grant_role(manager, "manager", tree["house"], by=None)
    assert scan(by=manager) == 1
    assert {(p.first_id, p.second_id) for p in DuplicatePair.objects.all()} == {
        (house[0].pk, house[1].pk)
    }
    out = StringIO()
    call_command("find_duplicates", "--user", "manager", stdout=out)
    assert "Possible duplicates found: 0." in out.getvalue()
    call_command("find_duplicates", "--user", "manager", "--background", stdout=StringIO())
    assert DuplicatePair.objects.count() == 1  # the worker's scan, for the manager too
    assert scan() == 3  # the system's: Paris's pair, and Rəşad in both scripts twice
