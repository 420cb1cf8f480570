"""manage.py restore PATH: a backup into an empty database and MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from diaspora.accounts import audit
from diaspora.operations import backups

from .backup import summary


class Command(BaseCommand):
    help = (
        "Restore a `manage.py backup` archive into the configured (empty) database and "
        "MEDIA_ROOT, checking every checksum before and every table's row count after."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive `manage.py backup` wrote")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore over a database that has tables, replacing what it holds",
        )

    def handle(self, *args, path, force=False, **options):
        archive = Path(path)
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        try:
            restored = backups.restore(archive, force=force)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        # Written after the counts were compared: the restored log plus this entry.
        audit.record_about(
            actor=None,
            action="backup.restored",
            target_type="backup",
            target_id=archive.name[:40],
            changes={"made": restored.manifest.created_at, "files": restored.files},
        )
        self.stdout.write(f"restored {summary(archive, restored.manifest)}")
