"""The real queue: an upload waits in the database until a worker checks it."""

from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from diaspora.imports.models import ImportBatch
from diaspora.imports.tests.test_import import GOOD


# Committed for real: the worker closes and reopens the database connection.
def test_a_worker_checks_an_upload_waiting_in_the_database_queue(
    transactional_db, tree, office, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    office.post(
        "/en/imports/",
        {"organisation": tree["house"].pk, "file": SimpleUploadedFile("list.csv", GOOD)},
    )
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.QUEUED
    assert "waiting" in office.get(f"/en/imports/{batch.pk}/").content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CHECKED
    assert batch.counts["new"] == 2 and batch.progress == 100
