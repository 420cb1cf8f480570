"""Backups that restore: one .tar holding a PostgreSQL custom-format dump, the uploaded
files (MEDIA_ROOT: event photos, member lists) and a manifest with every table's row
count and every file's SHA-256.

Consistent: the row counts and the dump read one snapshot (a REPEATABLE READ
transaction exports it and pg_dump reads through it), so the manifest's counts are the
dump's. The files are copied after the snapshot: a row in the dump names a file that
was saved before the row was committed, so it is in the archive, unless the retention
rules deleted it in between (uploaded files are never changed in place).

The dump is made with the server's own major version of pg_dump (and restored with
its pg_restore), found in /usr/lib/postgresql/<major>/bin, DIASPORA_PG_BIN or PATH.
For PostgreSQL only: on SQLite, copy the database file with sqlite3's `.backup`."""

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
CHUNK = 2**20


class BackupError(Exception):
    """A backup or restore refused, with why."""


@dataclass
class Manifest:
    counts: dict[str, int]
    files: dict[str, str] = field(default_factory=dict)  # archive name → sha256
    server_version: str = ""
    created_at: str = ""
    format: int = FORMAT

    def as_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> "Manifest":
        values = json.loads(data)
        if values.get("format") != FORMAT:
            raise BackupError(_("This archive's format is not one this version can restore."))
        return cls(**values)


def require_postgresql(using: str) -> None:
    if connections[using].vendor != "postgresql":
        raise BackupError(
            _(
                "Backup and restore are for PostgreSQL. On SQLite stop the server and copy "
                "the database with: sqlite3 var/diaspora.sqlite3 \".backup 'copy.sqlite3'\", "
                "and the var/media folder beside it."
            )
        )


def server_bin(using: str, program: str) -> str:
    """`program` (pg_dump, pg_restore) of the server's own major version."""
    major = connections[using].pg_version // 10000
    folders = [os.environ.get("DIASPORA_PG_BIN", ""), f"/usr/lib/postgresql/{major}/bin"]
    for folder in folders:
        if folder and os.access(Path(folder) / program, os.X_OK):
            return str(Path(folder) / program)
    found = shutil.which(program)
    if found:
        version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
        if re.search(rf"\b{major}\.\d+", version):
            return found
    raise BackupError(
        _("No %(program)s of PostgreSQL %(major)d was found: set DIASPORA_PG_BIN.")
        % {"program": program, "major": major}
    )


def libpq_environment(using: str) -> dict[str, str]:
    """The connection's settings as libpq's variables: no password on a command line."""
    params = connections[using].get_connection_params()
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD"}
    environment = {**os.environ, "PGDATABASE": params["dbname"]}
    for key, variable in names.items():
        if params.get(key):
            environment[variable] = str(params[key])
    if params.get("sslmode"):
        environment["PGSSLMODE"] = str(params["sslmode"])
    return environment


def table_counts(using: str) -> dict[str, int]:
    """Rows of every table the project's models (and their many-to-many links) keep."""
    counts = {}
    with connections[using].cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            table = connections[using].ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - a model's table
            counts[model._meta.label_lower] = cursor.fetchone()[0]
    return counts


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def make(archive: Path, using: str = "default") -> Manifest:
    """Write the backup to `archive` (through a temporary file beside it, so a backup
    that fails leaves no half archive); its manifest."""
    require_postgresql(using)
    pg_dump = server_bin(using, "pg_dump")
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=archive.parent) as work:
        dump = Path(work) / DUMP
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, version = cursor.fetchone()
            counts = table_counts(using)
            dumped = subprocess.run(
                [pg_dump, "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(dump)],
                env=libpq_environment(using),
                capture_output=True,
                text=True,
            )
        if dumped.returncode != 0:
            raise BackupError(_("pg_dump failed: %(error)s") % {"error": dumped.stderr.strip()})
        manifest = Manifest(
            counts=counts,
            server_version=version,
            created_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        )
        partial = Path(work) / "archive.tar"
        root = Path(settings.MEDIA_ROOT)
        with tarfile.open(partial, "w") as tar:
            manifest.files[DUMP] = sha256_of(dump)
            tar.add(dump, arcname=DUMP)
            for path in media_files(root):
                name = f"{MEDIA}/{path.relative_to(root).as_posix()}"
                manifest.files[name] = sha256_of(path)
                tar.add(path, arcname=name)
            data = manifest.as_json()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(datetime.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, archive)
    return manifest


def read_manifest(tar: tarfile.TarFile) -> Manifest:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise BackupError(_("This is not a backup: it has no manifest.")) from None
    return Manifest.from_json(tar.extractfile(member).read())


def verified(tar: tarfile.TarFile, manifest: Manifest) -> None:
    """Every file the manifest lists is there with its checksum, and nothing else."""
    members = {member.name for member in tar.getmembers() if member.isfile()} - {MANIFEST}
    if members != set(manifest.files):
        raise BackupError(_("The archive's files are not the ones its manifest lists."))
    for name, expected in manifest.files.items():
        digest = hashlib.sha256()
        handle = tar.extractfile(name)
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
        if digest.hexdigest() != expected:
            raise BackupError(_("%(name)s is damaged: its checksum differs.") % {"name": name})


def is_empty(using: str) -> bool:
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
        return cursor.fetchone()[0] == 0


@dataclass
class Restored:
    manifest: Manifest
    files: int


def restore(archive: Path, using: str = "default", force: bool = False) -> Restored:
    """Restore `archive` into the database and MEDIA_ROOT; refused over a database that
    has tables unless `force` (which drops the archive's tables first). Checks every
    checksum before and every table's row count after."""
    require_postgresql(using)
    pg_restore = server_bin(using, "pg_restore")
    with tarfile.open(archive, "r") as tar:
        manifest = read_manifest(tar)
        verified(tar, manifest)
        if not force and not is_empty(using):
            raise BackupError(
                _(
                    "The database already has tables: restore into an empty database, or "
                    "pass --force to replace what it holds with the backup."
                )
            )
        connections[using].close()  # pg_restore works on its own connection
        with tempfile.TemporaryDirectory() as work:
            tar.extract(DUMP, work, filter="data")
            command = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error"]
            command += ["--single-transaction", *(["--clean", "--if-exists"] if force else [])]
            restored = subprocess.run(
                [*command, "-d", libpq_environment(using)["PGDATABASE"], str(Path(work) / DUMP)],
                env=libpq_environment(using),
                capture_output=True,
                text=True,
            )
        if restored.returncode != 0:
            raise BackupError(
                _("pg_restore failed: %(error)s") % {"error": restored.stderr.strip()}
            )
        files = [m for m in tar.getmembers() if m.isfile() and m.name.startswith(f"{MEDIA}/")]
        root = Path(settings.MEDIA_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        for member in files:
            inside = member.replace(name=member.name.removeprefix(f"{MEDIA}/"), deep=False)
            tar.extract(inside, root, filter="data")  # never outside MEDIA_ROOT
    found = table_counts(using)
    wrong = {
        label: (count, found.get(label))
        for label, count in manifest.counts.items()
        if found.get(label) != count
    }
    if wrong:
        raise BackupError(
            _("The restored database differs from the backup: %(tables)s")
            % {"tables": ", ".join(f"{label} {want}≠{got}" for label, (want, got) in wrong.items())}
        )
    return Restored(manifest=manifest, files=len(files))
