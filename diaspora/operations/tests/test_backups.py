"""A backup restores: every person, membership, registration, audit entry and uploaded
file is found again in a fresh database, restored by `manage.py restore` in a process
of its own; a damaged archive and a database that holds tables are refused."""

import io
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from diaspora.accounts import audit
from diaspora.accounts.models import AuditEntry
from diaspora.events import services as events
from diaspora.events.models import EventReport, Registration, ReportPhoto
from diaspora.events.tests.factories import make_event
from diaspora.imports.models import ImportBatch
from diaspora.people.models import Membership, Person
from diaspora.people.tests.factories import member_of

from .postgres import own_dsn, url_of

ROOT = Path(__file__).resolve().parents[3]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump: PostgreSQL (SQLite refuses, tested)"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def registry(tree, media):
    """A small registry with rows in every table a restore must bring back, and files."""
    people = [member_of(tree["house"], given_name=f"Leyla{n}") for n in range(12)]
    member_of(tree["paris"], given_name="Ülviyyə", surname="Əliyeva")
    event = make_event(tree["house"], capacity=3)
    for n, person in enumerate(people[:5]):
        events.register(
            event,
            given_name=person.given_name,
            surname=person.surname,
            email=f"leyla{n}@example.org",
            by=None,
        )
    report = EventReport.objects.create(event=event, attendance=4)
    ReportPhoto.objects.create(report=report, image=ContentFile(b"\x89PNG photo", name="a.png"))
    ImportBatch.objects.create(
        organisation=tree["house"],
        filename="list.csv",
        file=ContentFile("Soyad;Ad\nMəmmədov;Rəşad\n".encode(), name="list.csv"),
    )
    audit.record_about(actor=None, action="retention.applied", target_type="registry")
    return people


def query(dsn: dict, sql: str) -> list[tuple]:
    with psycopg.connect(**dsn) as database:
        return database.execute(f"{sql} ORDER BY id").fetchall()


def rows(dsn: dict, table: str) -> list[tuple]:
    return query(dsn, f"SELECT * FROM {table}")  # noqa: S608


class Restored:
    """Equal to the restore's own audit entry, whatever its id."""

    def __eq__(self, row) -> bool:
        return row[1:4] == ("backup.restored", "backup", "backup.tar")


ANY_RESTORED = Restored()


@pytest.fixture
def fresh_database():
    name = f"restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(**own_dsn("postgres"), autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    yield own_dsn(name)
    with psycopg.connect(**own_dsn("postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_every_row_and_file(
    registry, media, tmp_path, fresh_database
):
    archive = tmp_path / "backup.tar"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert f"people={Person.objects.count()} memberships=13 registrations=5" in out.getvalue()
    assert AuditEntry.objects.filter(action="backup.made").count() == 1  # after the snapshot

    restored_var = tmp_path / "restored"
    done = manage(
        "restore",
        str(archive),
        env={"DATABASE_URL": url_of(fresh_database), "DIASPORA_VAR_DIR": str(restored_var)},
    )
    assert done.returncode == 0, done.stderr
    assert "restored" in done.stdout

    source = own_dsn()
    for model in (Person, Membership, Registration):
        table = model._meta.db_table
        assert rows(fresh_database, table) == rows(source, table)
        assert len(rows(fresh_database, table)) == model.objects.count() > 0
    # Every entry of the backup's moment, then the restore's own.
    entries = "SELECT id, action, target_type, target_id, changes FROM accounts_auditentry"
    backed_up = [row for row in query(source, entries) if row[1] != "backup.made"]
    assert len(backed_up) >= 2  # the retention run, the registrations' …
    assert query(fresh_database, entries) == [*backed_up, ANY_RESTORED]
    for path in [ReportPhoto.objects.get().image.name, ImportBatch.objects.get().file.name]:
        assert (restored_var / "media" / path).read_bytes() == (media / path).read_bytes()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_restore_over_a_database_with_tables_is_refused_unless_forced(
    registry, tmp_path, fresh_database
):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    env = {
        "DATABASE_URL": url_of(fresh_database),
        "DIASPORA_VAR_DIR": str(tmp_path / "r"),
        "DIASPORA_LANGUAGES": "en,az,ru",  # commands speak the deployment's first language
    }
    assert manage("restore", str(archive), env=env).returncode == 0
    with psycopg.connect(**fresh_database, autocommit=True) as database:
        database.execute("DELETE FROM events_registration")

    again = manage("restore", str(archive), env=env)

    assert again.returncode == 1
    assert "already has tables" in again.stderr and "--force" in again.stderr
    assert rows(fresh_database, "events_registration") == []  # left as it was
    forced = manage("restore", "--force", str(archive), env=env)
    assert forced.returncode == 0, forced.stderr
    assert len(rows(fresh_database, "events_registration")) == 5


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_is_written(registry, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/events/"):
                data = data[:-1] + b"!"
            target.addfile(member, io.BytesIO(data))

    people = Person.objects.count()

    with pytest.raises(CommandError, match="is damaged: its checksum differs"):
        call_command("restore", "--force", str(damaged), stdout=io.StringIO())
    assert Person.objects.count() == people


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite refusal")
def test_on_sqlite_backup_says_it_is_for_postgresql(db, tmp_path):
    with pytest.raises(CommandError, match="for PostgreSQL.*sqlite3"):
        call_command("backup", str(tmp_path / "b.tar"), stdout=io.StringIO())
    assert not (tmp_path / "b.tar").exists()
    assert settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
