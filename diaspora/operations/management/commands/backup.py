"""manage.py backup [PATH]: the database and the uploaded files in one .tar."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from diaspora.accounts import audit
from diaspora.operations import backups


class Command(BaseCommand):
    help = (
        "Write a backup (PostgreSQL dump, uploaded files, manifest with row counts and "
        "checksums) to one .tar; restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="the archive to write (default: var/backups/diaspora-<UTC time>.tar)",
        )

    def handle(self, *args, path=None, **options):
        if path is None:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
            path = Path(settings.VAR_DIR) / "backups" / f"diaspora-{stamp}.tar"
        archive = Path(path)
        try:
            manifest = backups.make(archive)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        audit.record_about(
            actor=None,
            action="backup.made",
            target_type="backup",
            target_id=archive.name[:40],
            changes={"rows": sum(manifest.counts.values()), "files": len(manifest.files) - 1},
        )
        self.stdout.write(summary(archive, manifest))


def summary(archive: Path, manifest: backups.Manifest) -> str:
    counts = manifest.counts
    figures = " ".join(
        f"{name}={counts.get(label, 0)}"
        for name, label in [
            ("people", "people.person"),
            ("memberships", "people.membership"),
            ("registrations", "events.registration"),
            ("audit", "accounts.auditentry"),
        ]
    )
    return (
        f"{archive} {figures} tables={len(counts)} rows={sum(counts.values())} "
        f"files={len(manifest.files) - 1} bytes={archive.stat().st_size}"
    )
