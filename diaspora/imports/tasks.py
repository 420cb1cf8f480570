"""The import's long work, done by the task worker: the page shows its progress.

Each task runs in a process of its own with bounded memory (see `bounded`); when it
fails, for whatever reason, its batch is marked failed with the reason, and the
worker goes on to its next task."""

import functools
from collections.abc import Callable

from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from diaspora.accounts.models import User

from . import bounded, progress, services
from .models import ImportBatch
from .readers import Rejected


def progress_of(batch: ImportBatch):
    def report(per_cent: int) -> None:
        # Outside a transaction (a check) the batch's row shows it at once; inside a
        # commit's it would show only at the end, and would hold the row locked:
        # the page then reads the progress cache.
        progress.tell(batch.pk, per_cent)
        if not connection.in_atomic_block:
            ImportBatch.objects.filter(pk=batch.pk).update(progress=per_cent)

    return report


def failing_batch(work: Callable[..., None]) -> Callable[..., None]:
    """A task on a batch, run bounded; the batch marked failed if it fails."""

    @functools.wraps(work)
    def run(batch_id: int, *args, **kwargs) -> None:
        outcome = bounded.run(functools.partial(work, batch_id, *args, **kwargs))
        if not outcome.ok:
            fail(batch_id, outcome)

    return run


def fail(batch_id: int, outcome: bounded.Outcome) -> None:
    """The batch marked failed, with why in its language. A process that was ended
    by a signal most likely could not allocate (a library aborts, the kernel kills)."""
    batch = ImportBatch.objects.get(pk=batch_id)
    with translation.override(batch.language or None):
        if outcome.kind == "memory" or outcome.detail in ("SIGABRT", "SIGKILL", "SIGSEGV"):
            message = _(
                "The work on this file stopped: it needed more than the %(limit)s of memory "
                "an import may use. Split the file into smaller ones, or ask the "
                "administrators."
            ) % {"limit": filesizeformat(bounded.memory_limit() or bounded.DEFAULT_LIMIT)}
        else:
            message = _(
                "The work on this file stopped because of an error in the platform "
                "(%(error)s); nothing was imported. The administrators find it in the "
                "worker's log."
            ) % {"error": outcome.detail}
    progress.forget(batch_id)
    ImportBatch.objects.filter(pk=batch_id).update(
        status=ImportBatch.Status.FAILED, message=message, progress=100
    )


@task()
@failing_batch
def check_import(batch_id: int) -> None:
    batch = ImportBatch.objects.select_related("organisation", "created_by").get(pk=batch_id)
    progress.forget(batch.pk)
    with translation.override(batch.language or None):
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.CHECKING)
        data = read(batch)
        try:
            report = services.check(
                data,
                batch.filename,
                organisation=batch.organisation,
                by=acting(batch.created_by),  # rows match only people the uploader sees
                mapping=batch.mapping or None,
                progress=progress_of(batch),
            )
        except Rejected as refusal:
            refuse(batch, refusal)
            return
        services.describe(batch, report, data, None, ImportBatch.Status.CHECKED)


@task()
@failing_batch
def commit_import(batch_id: int, user_id: int | None) -> None:
    batch = ImportBatch.objects.select_related("organisation").get(pk=batch_id)
    progress.forget(batch.pk)
    by = User.objects.filter(pk=user_id).first()
    with translation.override(batch.language or None):
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.IMPORTING)
        data = read(batch)
        try:
            services.commit(
                data,
                batch.filename,
                organisation=batch.organisation,
                by=acting(by),
                mapping=batch.mapping or None,
                batch=batch,
                progress=progress_of(batch),
            )
        except services.RowsRejected as refusal:
            services.describe(batch, refusal.report, data, by, ImportBatch.Status.CHECKED)
        except Rejected as refusal:
            refuse(batch, refusal)


def acting(user: User | None) -> User:
    """The user a task acts for, whose reach bounds the matching: an account deleted
    since refuses the list, rather than the task acting as the system."""
    if user is None:
        raise Rejected(_("The account acting on this list no longer exists; upload it again."))
    return user


def read(batch: ImportBatch) -> bytes:
    with batch.file.open("rb") as handle:
        return handle.read()


def refuse(batch: ImportBatch, refusal: Rejected) -> None:
    batch.status, batch.message, batch.progress = ImportBatch.Status.REJECTED, str(refusal), 100
    batch.save(update_fields=["status", "message", "progress"])


# Enqueued inside the caller's transaction: the database queue's row commits with
# the batch, so a worker never picks up a batch that is not there yet.
def enqueue_check(batch: ImportBatch) -> None:
    check_import.enqueue(batch.pk)


def enqueue_commit(batch: ImportBatch, by: User) -> None:
    commit_import.enqueue(batch.pk, by.pk)
