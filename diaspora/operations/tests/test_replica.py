"""Reads from a streaming replica, with read-your-writes: against a real primary and
replica started here (initdb with wal_level=replica, pg_basebackup -R, the replica
streaming on a port of its own) and a web server configured by DATABASE_REPLICA_URL.

The proof of who answered: the replica's replay is paused, then a row is changed on
the primary only. A page that shows the old value was read from the replica; one that
shows the new value, from the primary."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
import requests
from django.db import connection

from diaspora.events.tests.factories import make_event
from diaspora.operations import backups

from .postgres import free_port, own_dsn, url_of
from .test_processes import post_form

ROOT = Path(__file__).resolve().parents[3]
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a replica: PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]
PIN_SECONDS = 3
OLD, NEW = "Solidarity evening", "Written on the primary only"


def as_postgres(*command: str) -> subprocess.CompletedProcess:
    """The server's programs refuse to run as root: as the postgres user then, as
    scripts/test does."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    return subprocess.run(
        [*prefix, *command], check=True, capture_output=True, text=True, timeout=120
    )


class Servers:
    """A primary and its streaming replica, each a cluster in a folder of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.bin = Path(backups.server_bin("default", "pg_ctl")).parent
        self.ports = {"primary": free_port(), "replica": free_port()}
        self.started: list[str] = []

    def dsn(self, which: str) -> dict:
        return {"host": "127.0.0.1", "port": self.ports[which], "user": "postgres"}

    def start(self, which: str) -> None:
        options = (
            f"-p {self.ports[which]} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c wal_level=replica -c max_wal_senders=4 -c hot_standby=on -c fsync=off"
        )
        data = self.folder / which
        log = self.folder / f"{which}.log"
        as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start"
        )
        self.started.append(which)

    def up(self) -> None:
        if os.getuid() == 0:
            os.chown(self.folder, *_postgres_ids())
        primary = self.folder / "primary"
        as_postgres(
            str(self.bin / "initdb"), "-D", str(primary), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        with (primary / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        self.start("primary")

    def follow(self) -> None:
        """The replica: a base backup of the primary that streams from it (-R)."""
        as_postgres(
            str(self.bin / "pg_basebackup"), "-D", str(self.folder / "replica"), "-R",
            "-X", "stream", "--checkpoint=fast", "--no-sync",
            "-h", "127.0.0.1", "-p", str(self.ports["primary"]), "-U", "postgres",
        )  # fmt: skip
        self.start("replica")
        deadline = time.monotonic() + 30
        with psycopg.connect(**self.dsn("primary"), dbname="postgres", autocommit=True) as db:
            while db.execute("SELECT state FROM pg_stat_replication").fetchone() != ("streaming",):
                assert time.monotonic() < deadline, "the replica does not stream"
                time.sleep(0.2)

    def down(self) -> None:
        for which in reversed(self.started):
            data = str(self.folder / which)
            subprocess.run(
                [*(["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []),
                 str(self.bin / "pg_ctl"), "-D", data, "-m", "immediate", "stop"],
                capture_output=True, timeout=60,
            )  # fmt: skip


def _postgres_ids() -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam("postgres")
    return entry.pw_uid, entry.pw_gid


def copy_database(source: dict, target: dict, folder: Path) -> None:
    """The test database (schema and rows) into the primary's new database."""
    dump = folder / "copy.dump"
    env = {**os.environ, "PGPASSWORD": source.get("password", "")}
    subprocess.run(
        [backups.server_bin("default", "pg_dump"), "-Fc", "--no-owner", "-f", str(dump),
         "-h", source["host"], "-p", str(source["port"]), "-U", source["user"], source["dbname"]],
        check=True, env=env, timeout=120,
    )  # fmt: skip
    with psycopg.connect(**{**target, "dbname": "postgres"}, autocommit=True) as server:
        server.execute('CREATE DATABASE "diaspora"')
    subprocess.run(
        [backups.server_bin("default", "pg_restore"), "--no-owner", "--exit-on-error",
         "-h", "127.0.0.1", "-p", str(target["port"]), "-U", "postgres", "-d", "diaspora",
         str(dump)],
        check=True, timeout=120,
    )  # fmt: skip


@pytest.fixture
def site(tree, tmp_path):
    """An event on a primary with a streaming replica, and a web server using both."""
    event = make_event(tree["house"], capacity=10, title=OLD)
    # Not under pytest's folder, which only root may enter.
    servers = Servers(Path(tempfile.mkdtemp(prefix="diaspora-replica-")))
    web = None
    try:
        servers.up()
        copy_database(own_dsn(), servers.dsn("primary"), tmp_path)
        servers.follow()
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url_of({**servers.dsn("primary"), "dbname": "diaspora"}),
            "DATABASE_REPLICA_URL": url_of({**servers.dsn("replica"), "dbname": "diaspora"}),
            "DIASPORA_REPLICA_PIN_SECONDS": str(PIN_SECONDS),
            "DIASPORA_VAR_DIR": str(tmp_path / "var"),
            "DJANGO_DEBUG": "1",
        }
        log = (tmp_path / "web.log").open("w")
        web = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/en/events/{event.pk}/"
        deadline = time.monotonic() + 60
        while True:
            assert web.poll() is None, (tmp_path / "web.log").read_text()
            try:
                if requests.get(url, timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "web.log").read_text()
            time.sleep(0.3)
        yield servers, url
    finally:
        if web is not None:
            web.terminate()
            web.wait(timeout=20)
        servers.down()
        shutil.rmtree(servers.folder, ignore_errors=True)


def on(servers: Servers, which: str, sql: str) -> list[tuple]:
    with psycopg.connect(**servers.dsn(which), dbname="diaspora", autocommit=True) as db:
        cursor = db.execute(sql)
        return cursor.fetchall() if cursor.description else []


def shows(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30).text
    assert (OLD in page) != (NEW in page), "one title or the other"
    return "replica" if OLD in page else "primary"


def test_reads_go_to_the_replica_except_after_the_sessions_own_write(site):
    servers, url = site
    on(servers, "replica", "SELECT pg_wal_replay_pause()")
    on(servers, "primary", f"UPDATE events_event SET title = '{NEW}'")
    assert on(servers, "replica", "SELECT title FROM events_event") == [(OLD,)]

    reader, writer = requests.Session(), requests.Session()
    assert shows(reader, url) == "replica"
    assert shows(writer, url) == "replica"

    registered = post_form(
        writer,
        url,
        {"given_name": "Nərgiz", "surname": "Əliyeva", "email": "n@example.org", "consent": "on"},
    )
    assert registered.status_code == 302
    assert "diaspora_primary_until" in registered.cookies
    # The session that wrote reads from the primary (its registration, the new title);
    # another goes on reading from the replica.
    assert shows(writer, url) == "primary"
    assert on(servers, "primary", "SELECT count(*) FROM events_registration") == [(1,)]
    assert shows(reader, url) == "replica"
    # The pin ends after DIASPORA_REPLICA_PIN_SECONDS.
    time.sleep(PIN_SECONDS + 1)
    assert shows(writer, url) == "replica"

    # Once the replica replays the primary's changes, everyone reads them from it.
    on(servers, "replica", "SELECT pg_wal_replay_resume()")
    deadline = time.monotonic() + 20
    while on(servers, "replica", "SELECT title FROM events_event") != [(NEW,)]:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert NEW in reader.get(url, timeout=30).text
