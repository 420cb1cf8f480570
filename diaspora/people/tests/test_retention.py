"""Retention rules: old uploaded lists deleted, names on old registrations blanked,
erased people's entries scrubbed; a dry run counts and changes nothing."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from diaspora.accounts.models import AuditEntry
from diaspora.events import services as events
from diaspora.events.models import Event, Registration
from diaspora.events.tests.factories import make_event
from diaspora.imports.models import ImportBatch
from diaspora.people import retention


@pytest.fixture
def old_things(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DIASPORA_RETENTION = {"uploaded_lists_days": 30, "registrations_years": 2}
    now = timezone.now()
    old = ImportBatch(organisation=tree["house"], filename="members.csv", status="committed")
    old.file.save("members.csv", ContentFile(b"full name\nNigar Zardabi\n"), save=False)
    old.review = [{"row": 2, "person": None, "score": 0.5, "reasons": ["Nigar ≈ Nigar"]}]
    old.save()
    recent = ImportBatch(organisation=tree["house"], filename="new.csv", status="committed")
    recent.file.save("new.csv", ContentFile(b"full name\nAli Veli\n"), save=False)
    recent.save()
    ImportBatch.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=31))
    past = make_event(tree["house"], title="Novruz 2020")
    coming = make_event(tree["house"], title="Novruz next year")
    long_ago, _ = events.register(past, given_name="Nigar", email="nigar@example.org", by=None)
    soon, _ = events.register(coming, given_name="Nigar", email="nigar@example.org", by=None)
    Event.objects.filter(pk=past.pk).update(starts_at=now - timedelta(days=3 * 365), ends_at=None)
    return {"old": old, "recent": recent, "past": past, "long_ago": long_ago, "soon": soon}


def test_a_dry_run_changes_nothing_and_reports_what_it_would(old_things):
    report = retention.apply(dry_run=True)
    assert report["uploaded lists"] == 1 and report["registrations"] == 1
    old = ImportBatch.objects.get(pk=old_things["old"].pk)
    assert old.file and old.file.storage.exists(old.file.name) and old.review
    assert Registration.objects.get(pk=old_things["long_ago"].pk).email == "nigar@example.org"
    assert not AuditEntry.objects.filter(action="retention.applied").exists()


def test_a_run_deletes_old_lists_and_blanks_old_registrations_and_is_audited(
    old_things, django_capture_on_commit_callbacks
):
    name = old_things["old"].file.name
    storage = old_things["old"].file.storage
    confirmed = Event.objects.get(pk=old_things["past"].pk).confirmed_count
    with django_capture_on_commit_callbacks(execute=True):
        report = retention.apply(dry_run=False)
    assert report["uploaded lists"] == 1 and report["registrations"] == 1
    old = ImportBatch.objects.get(pk=old_things["old"].pk)
    assert not old.file and old.review == [] and not storage.exists(name)
    recent = ImportBatch.objects.get(pk=old_things["recent"].pk)
    assert recent.file and storage.exists(recent.file.name)
    blanked = Registration.objects.get(pk=old_things["long_ago"].pk)
    assert (blanked.given_name, blanked.email, blanked.status) == ("", "", "confirmed")
    assert Event.objects.get(pk=old_things["past"].pk).confirmed_count == confirmed
    assert Registration.objects.get(pk=old_things["soon"].pk).email == "nigar@example.org"
    entry = AuditEntry.objects.get(action="retention.applied")
    assert entry.changes["counts"]["registrations"] == 1
    # A second run finds nothing left to do.
    assert retention.apply(dry_run=True)["registrations"] == 0


def test_the_command_has_a_dry_run(old_things):
    out = io.StringIO()
    call_command("apply_retention", dry_run=True, stdout=out)
    assert "Would change" in out.getvalue() and "uploaded lists: 1" in out.getvalue()
    assert ImportBatch.objects.get(pk=old_things["old"].pk).file


def test_a_rule_left_empty_keeps_forever(old_things, settings):
    settings.DIASPORA_RETENTION = {"uploaded_lists_days": None}
    report = retention.apply(dry_run=False)
    assert "uploaded lists" not in report and "registrations" not in report
    assert ImportBatch.objects.get(pk=old_things["old"].pk).file


def test_the_run_scrubs_entries_written_about_erased_people_after_they_went(tree, settings):
    from diaspora.accounts import audit
    from diaspora.accounts.services import grant_role
    from diaspora.people import erasure, services
    from diaspora.people.tests.factories import UserFactory

    settings.DIASPORA_RETENTION = {}
    staff = UserFactory()
    grant_role(staff, "staff", tree["root"], by=None)
    person = services.register_person(by=None, full_name="Nigar Zardabi")
    erasure.erase_person(person, by=staff)
    # Written by something that did not know: an old form submitted late, say.
    audit.record(actor=None, action="update", target=person, changes={"email": ["", "n@x.org"]})
    assert retention.apply(dry_run=True)["audit entries of erased people"] == 1
    assert AuditEntry.objects.filter(changes__email=["", "n@x.org"]).exists()
    assert retention.apply(dry_run=False)["audit entries of erased people"] == 1
    assert not AuditEntry.objects.filter(changes__email=["", "n@x.org"]).exists()


def test_the_worker_runs_the_rules_as_a_task(old_things):
    from diaspora.people.retention import apply_retention

    result = apply_retention.enqueue(dry_run=True)
    assert result.return_value["uploaded lists"] == 1
    assert ImportBatch.objects.get(pk=old_things["old"].pk).file


def test_a_later_run_reads_only_the_entries_written_since_the_last(tree, settings):
    from datetime import timedelta

    from diaspora.accounts import audit
    from diaspora.accounts.services import grant_role
    from diaspora.people import erasure, services
    from diaspora.people.tests.factories import UserFactory

    settings.DIASPORA_RETENTION = {}
    staff = UserFactory()
    grant_role(staff, "staff", tree["root"], by=None)
    person = services.register_person(by=None, full_name="Nigar Zardabi")
    erasure.erase_person(person, by=staff)
    retention.apply(dry_run=False)
    late = audit.record(actor=None, action="update", target=person, changes={"phone": ["", "+49"]})
    old = audit.record(actor=None, action="update", target=person, changes={"phone": ["", "+7"]})
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=3))
    assert retention.apply(dry_run=False)["audit entries of erased people"] == 1
    late.refresh_from_db()
    assert late.changes["phone"] == [None, audit.ERASED]
