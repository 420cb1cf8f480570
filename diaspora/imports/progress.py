"""How far an import has gone, told by the worker and shown by the page.

A commit runs in one transaction, so the batch's own `progress` column changes only
when it ends; the worker also writes the per cent to the `progress` cache (see
settings.CACHES), outside any transaction, and the page shows the further of the
two while the batch is being worked on."""

from django.core.cache import caches

from .models import ImportBatch

KEEP = 24 * 3600  # seconds; a crashed worker's figure does not outlive a day


def key(batch_id: int) -> str:
    return f"import-progress:{batch_id}"


def tell(batch_id: int, per_cent: int) -> None:
    caches["progress"].set(key(batch_id), per_cent, KEEP)


def forget(batch_id: int) -> None:
    caches["progress"].delete(key(batch_id))


def shown(batch: ImportBatch) -> int:
    """The per cent to show for a batch: the worker's latest figure while it works."""
    if batch.status not in ImportBatch.WORKING:
        return batch.progress
    told = caches["progress"].get(key(batch.pk))
    return max(batch.progress, told or 0)
