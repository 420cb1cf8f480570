"""Rows an import holds for review wait in the duplicate review queue."""

from datetime import date

from diaspora.imports import services
from diaspora.imports.tests.test_import import GOOD, csv, table_state
from diaspora.people import services as people
from diaspora.people.models import DuplicatePair, Person
from diaspora.people.tests.test_review import office_of


def test_a_row_held_for_review_enters_the_duplicate_queue_with_its_reasons(tree):
    known = people.register_person(by=None, full_name="Rashad Mammadov")
    report = services.commit(GOOD, "list.csv", organisation=tree["house"], by=None)
    assert report.matches[2].verdict == "review"
    pair = DuplicatePair.objects.get()
    listed = Person.objects.get(surname="Məmmədov", birth_date=date(1980, 7, 5))
    assert (pair.first, pair.second) == (known, listed)
    assert pair.status == DuplicatePair.Status.OPEN and not pair.same_person
    assert pair.reasons == report.matches[2].reasons
    assert listed.memberships.get().organisation == tree["house"]
    page = office_of(tree["root"]).get("/en/duplicates/").content.decode()
    assert f"Rashad Mammadov · {listed.full_name}" in page


def test_a_dry_run_queues_nothing(tree):
    people.register_person(by=None, full_name="Rashad Mammadov")
    report = services.check(GOOD, "list.csv", organisation=tree["house"], by=None)
    assert report.counts["review"] == 1
    assert not DuplicatePair.objects.exists()


def test_the_same_file_again_queues_no_second_pair(tree):
    people.register_person(by=None, full_name="Rashad Mammadov")
    services.commit(GOOD, "list.csv", organisation=tree["house"], by=None)
    before = table_state()[:4]
    again = services.commit(GOOD, "list.csv", organisation=tree["house"], by=None)
    assert again.counts["new"] == again.counts["review"] == 0
    assert table_state()[:4] == before
    assert DuplicatePair.objects.count() == 1


def test_a_row_without_a_birth_date_held_for_review_is_not_registered_twice(tree):
    people.register_person(by=None, full_name="Rashad Mammadov")
    listed = csv("Məmmədov;Rəşad;;;k;;;DE")
    assert (
        services.commit(listed, "a.csv", organisation=tree["house"], by=None).counts["review"] == 1
    )
    before = table_state()[:4]
    again = services.commit(listed, "a.csv", organisation=tree["house"], by=None)
    assert again.counts["matched"] == 1
    assert table_state()[:4] == before and DuplicatePair.objects.count() == 1
