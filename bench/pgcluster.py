"""A throwaway PostgreSQL cluster in a temporary directory, as scripts/test starts one.

    with PgCluster(settings={"shared_buffers": "4GB"}) as cluster:
        cluster.create_database("bench")
        url = cluster.url("bench")      # postgres://postgres@127.0.0.1:PORT/bench

initdb runs with -E UTF8 --locale=C.UTF-8 (under a C ctype pg_trgm ignores Cyrillic
letters), as the `postgres` user through runuser when we are root; the server listens on
127.0.0.1 at a free port with trust authentication. `stop()` (also on exit, on SIGTERM
and SIGINT) stops the server with `pg_ctl -m immediate` and deletes the directory.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

# What scripts/test passes, for a cluster whose data may be lost.
BASE_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


def pg_bin() -> Path:
    """The newest installed PostgreSQL's bin directory."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: [int(p) if p.isdigit() else p for p in path.parent.name.split(".")],
    )
    if not found or not (found[-1] / "initdb").exists():
        raise RuntimeError("no PostgreSQL in /usr/lib/postgresql (apt-get install postgresql)")
    return found[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgCluster:
    def __init__(
        self,
        *,
        settings: dict[str, str] | None = None,
        bin_dir: Path | None = None,
        prefix: str = "diaspora-bench-pg.",
    ) -> None:
        self.bin = bin_dir or pg_bin()
        self.settings = {**BASE_SETTINGS, **(settings or {})}
        self.prefix = prefix
        self.dir: Path | None = None
        self.port = 0
        self._previous_handlers: dict[int, object] = {}

    # -- running commands as the postgres user ---------------------------------------

    def _as_postgres(self, *args: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *args]
        return list(args)

    def _run(self, *args: str) -> None:
        subprocess.run(self._as_postgres(*args), check=True, stdout=subprocess.DEVNULL)

    # -- life cycle -------------------------------------------------------------------

    def start(self) -> PgCluster:
        self.dir = Path(tempfile.mkdtemp(prefix=self.prefix, dir="/tmp"))
        atexit.register(self.stop)
        for signum in (signal.SIGTERM, signal.SIGINT):
            self._previous_handlers[signum] = signal.signal(signum, self._on_signal)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        data = self.dir / "data"
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.port = free_port()
        options = [f"-p {self.port}", f"-k {self.dir}"]
        options += [f"-c {name}={value}" for name, value in self.settings.items()]
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "120",
            "start",
            "-o",
            " ".join(options),
        )
        return self

    def stop(self) -> None:
        if self.dir is None:
            return
        directory, self.dir = self.dir, None
        subprocess.run(
            self._as_postgres(
                str(self.bin / "pg_ctl"), "-D", str(directory / "data"), "-m", "immediate", "stop"
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(directory, ignore_errors=True)
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        self._previous_handlers.clear()

    def _on_signal(self, signum: int, _frame: object) -> None:
        self.stop()
        raise SystemExit(128 + signum)

    def __enter__(self) -> PgCluster:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- databases --------------------------------------------------------------------

    def url(self, dbname: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres", **kwargs: object):  # -> psycopg.Connection
        import psycopg

        return psycopg.connect(self.url(dbname), autocommit=True, **kwargs)

    def create_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")

    def drop_database(self, name: str) -> None:
        if self.dir is None:  # stopped (on a signal, say): the directory is gone
            return
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def version(self) -> str:
        with self.connect() as conn:
            return conn.execute("SELECT version()").fetchone()[0]
