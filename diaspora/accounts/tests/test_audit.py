"""The audit log's action names: dotted names in a registry, old plain words kept."""

import pytest
from django.test import Client

from diaspora.accounts import audit
from diaspora.accounts.models import AuditEntry
from diaspora.people.tests.factories import UserFactory


def test_every_action_has_a_label_and_old_entries_keep_theirs():
    assert audit.label("person.erased") == "person erased"
    assert audit.label("update") == "changed"
    assert audit.label("something unheard of") == "something unheard of"
    assert all("." in name for name in audit.ACTIONS)


def test_an_entry_about_many_records_must_use_a_registered_action(db):
    with pytest.raises(ValueError, match="Unregistered"):
        audit.record_about(actor=None, action="people.read", target_type="people.person")


def test_scrubbing_replaces_values_and_keeps_that_they_changed():
    changes = {"email": ["a@x.org", "b@x.org"], "phone": ["", "+4930"], "country": ["DE", "FR"]}
    assert audit.scrubbed(changes, ["email", "phone"]) == {
        "email": [audit.ERASED, audit.ERASED],
        "phone": [None, audit.ERASED],
        "country": ["DE", "FR"],
    }


def test_the_log_shows_labels_to_committee_staff(db):
    user = UserFactory(is_superuser=True, is_staff=True)
    audit.record_about(actor=user, action="people.export", target_type="people.person")
    client = Client()
    client.force_login(user)
    page = client.get("/en/admin/accounts/auditentry/").content.decode()
    assert "people exported" in page and AuditEntry.objects.count() == 1
