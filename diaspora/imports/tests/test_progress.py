"""The page follows a commit while its transaction is still open."""

from django.core.cache.backends.filebased import FileBasedCache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from diaspora.imports import progress, rows, services, tasks
from diaspora.imports.models import ImportBatch
from diaspora.imports.tests.test_import import GOOD
from diaspora.imports.tests.test_rows_in_processes import member_list
from diaspora.people.models import Person


def uploaded(client, organisation) -> ImportBatch:
    client.post(
        "/en/imports/",
        {"organisation": organisation.pk, "file": SimpleUploadedFile("list.csv", GOOD)},
    )
    return ImportBatch.objects.get()


def test_a_commit_tells_its_progress_outside_its_transaction(
    tree, office, progress_cache, monkeypatch
):
    batch = uploaded(office, tree["house"])
    # What the web server, another process, reads from the shared directory meanwhile.
    server = FileBasedCache(str(progress_cache), {})
    seen = []

    def tell(batch_id, per_cent):
        told(batch_id, per_cent)
        seen.append(
            (server.get(progress.key(batch_id)), connection.in_atomic_block, Person.objects.count())
        )

    told = progress.tell
    monkeypatch.setattr(progress, "tell", tell)
    tasks.commit_import.call(batch.pk, batch.created_by_id)
    during = [(per_cent, written) for per_cent, in_transaction, written in seen if in_transaction]
    assert during == sorted(during)
    assert during[-1] == (99, 2)  # told as the rows are written, inside the transaction
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED and batch.progress == 100


def test_the_page_shows_the_workers_progress_while_the_list_is_imported(tree, office):
    batch = uploaded(office, tree["house"])
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.IMPORTING, progress=0)
    progress.tell(batch.pk, 42)
    page = office.get(f"/en/imports/{batch.pk}/").content.decode()
    assert "42%" in page and 'value="42"' in page


def test_a_figure_left_from_an_earlier_run_is_not_shown_once_the_list_is_done(tree, office):
    batch = uploaded(office, tree["house"])
    progress.tell(batch.pk, 42)
    assert progress.shown(batch) == 100  # checked: the batch's own figure


def test_an_import_does_not_start_from_the_checks_figure(tree, office, monkeypatch):
    batch = uploaded(office, tree["house"])
    progress.tell(batch.pk, 99)  # where the check ended
    monkeypatch.setattr(tasks, "enqueue_commit", lambda batch, by: None)  # not picked up yet
    office.post(f"/en/imports/{batch.pk}/commit/")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTING and progress.shown(batch) == 0


def test_a_check_tells_its_progress_as_each_part_is_read(tree, monkeypatch):
    monkeypatch.setattr(rows, "PART", 7)  # 30 rows: five parts, one batch
    told = []
    services.check(
        member_list(30), "list.csv", organisation=tree["house"], by=None, progress=told.append
    )
    assert told == [23, 46, 70, 93, 99]
