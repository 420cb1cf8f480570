"""An import matches only against the people its importer may see: a row that
resembles someone outside the reach becomes a record of its own, waits beside them
in the review queue for a role that sees both, and the importer learns nothing."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from diaspora.accounts.services import grant_role
from diaspora.imports import services, tasks
from diaspora.imports.matching import Verdict
from diaspora.imports.models import ImportBatch
from diaspora.imports.tests.test_import import GOOD
from diaspora.imports.tests.test_pages import upload
from diaspora.people import services as people
from diaspora.people.merging import merge_people
from diaspora.people.models import DuplicatePair, Membership, Person
from diaspora.people.queries import visible_people
from diaspora.people.tests.factories import UserFactory
from diaspora.people.tests.test_review import office_of

NIGAR = (
    b"surname,given name,email,birth date\nCavadova,Nigar,nigar.cavadova2@example.org,05.06.1962\n"
)
ALI = b"full name,phone\nAli Veli,+79123458280\n"


def user_of(organisation, kind="manager", username=None):
    user = UserFactory(**({"username": username} if username else {}))
    grant_role(user, kind, organisation, by=None)
    return user


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def nigar(tree):
    """Someone of the Paris society, out of reach of the German offices."""
    person = people.register_person(
        by=None,
        full_name="Nigar Cavadova",
        birth_date=date(1962, 6, 5),
        email="nigar@example.org",
    )
    people.add_membership(person, tree["paris"], by=None)
    return person


@pytest.fixture
def gunay(tree):
    """Someone of the Paris society with the phone the teacher types in."""
    person = people.register_person(by=None, full_name="Гюнай Набиева", phone="+79123458280")
    people.add_membership(person, tree["paris"], by=None)
    return person


def checked_page(client, organisation, data):
    upload(client, organisation, data)
    batch = ImportBatch.objects.latest("pk")
    return batch, client.get(f"/en/imports/{batch.pk}/").content.decode()


def status_of(page, batch):
    """The page's account of the list, but for the things that differ on every page."""
    shown = page.split('<section id="status"')[1].split("</section>")[0]
    shown = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", shown)
    return shown.replace(f"/imports/{batch.pk}/", "/imports/N/")


# Hole 1: a manager's import gave them a membership on someone outside their reach.
def test_an_import_does_not_pull_a_person_outside_the_reach_into_it(tree, nigar):
    manager = user_of(tree["house"])
    client = client_of(manager)
    batch, page = checked_page(client, tree["house"], NIGAR)
    assert batch.counts == {
        "rows": 1,
        "new": 1,
        "matched": 0,
        "review": 0,
        "errors": 0,
        "warnings": 0,
    }
    client.post(f"/en/imports/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert not Membership.objects.filter(person=nigar, organisation=tree["house"]).exists()
    assert not visible_people(manager).filter(pk=nigar.pk).exists()
    assert client.get(f"/api/people/{nigar.pk}").status_code == 404
    # The row is a record of its own, in the House, beside Nigar in the review queue.
    listed = Person.objects.exclude(pk=nigar.pk).get(full_name__contains="Nigar")
    assert listed.memberships.get().organisation == tree["house"]
    pair = DuplicatePair.objects.get()
    assert {pair.first_id, pair.second_id} == {nigar.pk, listed.pk}
    assert pair.status == DuplicatePair.Status.OPEN and not pair.same_person


# Hole 2: a dry run told a teacher who, outside their reach, the row resembled.
def test_a_dry_run_tells_nothing_of_a_person_outside_the_reach(tree, gunay):
    teacher = client_of(user_of(tree["school"]))
    batch, page = checked_page(teacher, tree["school"], ALI)
    for told in ("Гюнай", "Набиева", "alike", "same phone", "Possibly already on the registry"):
        assert told not in page
    Person.objects.filter(pk=gunay.pk).update(phone="")  # as if nobody resembled the row
    control, control_page = checked_page(teacher, tree["school"], ALI)
    assert (batch.counts, batch.review) == (control.counts, control.review)
    assert batch.counts == {
        "rows": 1,
        "new": 1,
        "matched": 0,
        "review": 0,
        "errors": 0,
        "warnings": 0,
    }
    assert status_of(page, batch) == status_of(control_page, control)


def test_a_commit_queues_the_likeness_for_a_role_that_sees_both_and_not_the_importer(tree, gunay):
    teacher = user_of(tree["school"])
    report = services.commit(ALI, "list.csv", organisation=tree["school"], by=teacher)
    assert report.counts["new"] == 1 and report.counts["review"] == 0
    assert report.matches[2].person is None and report.matches[2].reasons == []
    assert report.batch.review == []
    pair = DuplicatePair.objects.get()
    assert gunay.pk in (pair.first_id, pair.second_id) and "same phone" in pair.reasons
    assert "Ali Veli" not in client_of(teacher).get("/en/duplicates/").content.decode()
    committee = office_of(tree["root"], "staff").get("/en/duplicates/").content.decode()
    assert "Гюнай Набиева" in committee and "Ali Veli" in committee


def test_a_person_within_the_reach_is_still_matched_and_joins(tree, nigar):
    # A manager at the council reaches the House and what lies below it.
    known = people.register_person(by=None, full_name="Rəşad Məmmədov", birth_date=date(1980, 7, 5))
    people.add_membership(known, tree["school"], by=None)
    coordinator = user_of(tree["council"])
    data = NIGAR + b"Mammadov,Rashad,,05.07.1980\n"
    report = services.commit(data, "list.csv", organisation=tree["house"], by=coordinator)
    assert report.matches[3].verdict == Verdict.MATCHED and report.matches[3].person == known
    assert report.matches[2].verdict == Verdict.NEW
    assert Membership.objects.filter(person=known, organisation=tree["house"]).exists()


def test_staff_at_the_root_and_the_system_match_against_everyone(tree, nigar):
    staff = user_of(tree["root"], "staff")
    dry = services.check(NIGAR, "list.csv", organisation=tree["house"], by=staff)
    assert dry.matches[2].verdict == Verdict.MATCHED and dry.matches[2].person == nigar
    system = services.check(NIGAR, "list.csv", organisation=tree["house"], by=None)
    assert system.matches[2].person == nigar


def test_a_reviewed_row_inside_the_reach_is_shown_but_not_the_one_outside(tree, gunay):
    # Two namesakes of the row: one in the school (shown), one in Paris (not a word).
    inside = people.register_person(by=None, full_name="Ali Veli", birth_date=date(1970, 1, 1))
    people.add_membership(inside, tree["school"], by=None)
    teacher = user_of(tree["school"])
    report = services.commit(ALI, "list.csv", organisation=tree["school"], by=teacher)
    assert report.matches[2].verdict == Verdict.REVIEW and report.matches[2].person == inside
    assert "same phone" not in "; ".join(report.batch.review[0]["reasons"])
    pairs = {frozenset((p.first_id, p.second_id)) for p in DuplicatePair.objects.all()}
    listed = Person.objects.exclude(pk__in=[inside.pk, gunay.pk]).get()
    assert pairs == {frozenset((inside.pk, listed.pk)), frozenset((gunay.pk, listed.pk))}


def test_the_command_acts_as_the_user_it_is_given(tree, gunay, tmp_path):
    user_of(tree["school"], username="teacher")
    path = tmp_path / "list.csv"
    path.write_bytes(ALI)

    def run(*options):
        out = StringIO()
        call_command(
            "import_people", str(path), "--organisation", tree["school"].slug, *options, stdout=out
        )
        return out.getvalue()

    told = run("--user", "teacher")
    assert told.strip().splitlines()[-1] == "rows=1 new=1 matched=0 review=0 errors=0 warnings=0"
    # Word for word (and exit status 0) what a row resembling nobody gets.
    Person.objects.filter(pk=gunay.pk).update(phone="")
    assert run("--user", "teacher") == told
    Person.objects.filter(pk=gunay.pk).update(phone="+79123458280")
    # Without --user: the operator, who sees everyone.
    assert run().strip().splitlines()[-1] == "rows=1 new=0 matched=0 review=1 errors=0 warnings=0"
    run("--user", "teacher", "--commit")
    pair = DuplicatePair.objects.get()
    assert gunay.pk in (pair.first_id, pair.second_id)


def test_the_command_refuses_an_unknown_user_or_an_organisation_out_of_their_reach(tree, tmp_path):
    user_of(tree["school"], username="teacher")
    path = tmp_path / "list.csv"
    path.write_bytes(ALI)
    for options, said in (
        (["--user", "nobody"], "No user has the username 'nobody'."),
        (["--user", "teacher", "--organisation", tree["paris"].slug], "may not import people into"),
    ):
        with pytest.raises(CommandError) as refused:
            call_command("import_people", str(path), *options, stdout=StringIO())
        assert said in str(refused.value)
    assert not Person.objects.exists()


def test_a_colleague_with_a_narrower_reach_reads_no_reasons_of_a_record_out_of_it(tree):
    # The council's manager sees the school's Rashad; the House's manager does not.
    known = people.register_person(by=None, full_name="Rashad Mammadov")
    people.add_membership(known, tree["school"], by=None)
    coordinator = client_of(user_of(tree["council"]))
    batch, page = checked_page(coordinator, tree["house"], GOOD)
    assert batch.counts["review"] == 1 and "Rashad" in page
    colleague = client_of(user_of(tree["house"]))
    page = colleague.get(f"/en/imports/{batch.pk}/").content.decode()
    assert "Rashad" not in page and "alike" not in page and "Row 2" in page


def test_a_task_whose_account_is_gone_refuses_the_list_rather_than_act_as_the_system(tree):
    uploader = user_of(tree["house"])
    upload(client_of(uploader), tree["house"], NIGAR)
    batch = ImportBatch.objects.get()
    uploader.delete()
    for run in (
        lambda: tasks.check_import.call(batch.pk),
        lambda: tasks.commit_import.call(batch.pk, None),
    ):
        run()
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.REJECTED
        assert "no longer exists" in batch.message
    assert Person.objects.count() == 0


def test_a_record_merged_into_another_is_never_a_candidate(tree):
    # It keeps its address, but it is history: a row with it is not that record.
    survivor = people.register_person(by=None, full_name="Rəşad Əliyev", email="new@example.org")
    merged = people.register_person(by=None, full_name="Rashad Aliyev", email="old@example.org")
    merge_people(survivor, merged, by=None)
    data = b"full name,email\nRashad Aliyev,old@example.org\n"
    report = services.commit(data, "list.csv", organisation=tree["house"], by=None)
    assert report.matches[2].person == survivor  # by the name alone: held for review
    assert not Membership.objects.filter(person=merged).exists()
    assert not DuplicatePair.objects.filter(first=merged).exists()
    assert not DuplicatePair.objects.filter(second=merged).exists()
