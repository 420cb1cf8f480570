"""Long work run in a child process whose memory is bounded, so that a file that
asks for too much ends that process, not the task worker: the worker hears how it
ended and goes on to its next task.

The child is forked, and gets its own database connections: the parent's are
closed before the fork (a connection shared by two processes mixes their
conversations with the server; SQLite's locks belong to one process). Where that
cannot be done (inside a transaction, whose work the child could not see, or on an
in-memory SQLite database, which only this process holds) the work runs here,
still with every exception caught: as the tests and `DIASPORA_TASKS=immediate` do.

The bound is the address space (RLIMIT_AS), inherited by the processes the child
forks to read rows (imports/rows.py): Python then raises MemoryError, and a
library in Rust or C that cannot allocate aborts the child."""

import faulthandler
import gc
import json
import logging
import os
import resource
import signal
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

_inherited: list = []  # in a child: the parent's connections, kept from finalisers
DEFAULT_LIMIT = 6 * 2**30  # a million-row list, the largest accepted, runs within 4 GiB


@dataclass(frozen=True)
class Outcome:
    ok: bool
    kind: str = ""  # memory, error or died
    detail: str = ""  # the exception's class, or the signal's name


def memory_limit() -> int:
    """Bytes of address space an import may use; 0 runs it without a child."""
    return int(getattr(settings, "DIASPORA_IMPORT_MEMORY_LIMIT", DEFAULT_LIMIT))


def can_fork() -> bool:
    if not hasattr(os, "fork") or memory_limit() <= 0:
        return False
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            return False
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            return False
    return True


def run(work: Callable[[], None], limit: int | None = None) -> Outcome:
    """`work()` in a child limited to `limit` bytes (the setting by default) when it
    can be forked, here otherwise; how it ended."""
    if not can_fork():
        return here(work)
    return in_child(work, memory_limit() if limit is None else limit)


def here(work: Callable[[], None]) -> Outcome:
    try:
        work()
    except MemoryError:
        logger.exception("An import ran out of memory")
        return Outcome(False, "memory", "MemoryError")
    except Exception as error:
        logger.exception("An import failed")
        return Outcome(False, "error", type(error).__name__)
    return Outcome(True)


def in_child(work: Callable[[], None], limit: int) -> Outcome:
    connections.close_all()  # the child opens its own
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError as error:  # no process to be had: the work fails, the worker goes on
        os.close(reading)
        os.close(writing)
        logger.exception("No process for an import")
        return Outcome(False, "error", type(error).__name__)
    if pid == 0:  # the child: never returns
        # What the parent left for its collector is not ours to finalise (a stray
        # connection's finaliser would talk on the parent's socket).
        gc.freeze()
        # Any session still open is the parent's (one a test or a server holds
        # beyond our close above): set aside, never used nor closed here (closing
        # would end the parent's session, or drop SQLite's locks); the child opens
        # its own. os._exit below finalises nothing.
        for connection in connections.all(initialized_only=True):
            _inherited.append(connection.connection)
            connection.connection = None
        os.close(reading)
        code = 1
        try:
            # The worker's handlers only note that it should stop: this one just stops.
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            faulthandler.disable()  # an abort here is an outcome, told to the parent
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            outcome = here(work)
            os.write(writing, json.dumps(outcome.__dict__).encode())
            code = 0
        finally:
            try:
                connections.close_all()
            finally:
                os._exit(code)  # no parent's cleanup runs twice
    os.close(writing)
    # Waited for first, read after: the few bytes it tells fit in the pipe, and
    # processes it forked (to read rows) may hold the pipe open after it ends.
    _pid, status = os.waitpid(pid, 0)
    os.set_blocking(reading, False)
    with os.fdopen(reading, "rb") as pipe:
        try:
            told = pipe.read() or b""
        except BlockingIOError:
            told = b""
    if told:
        return Outcome(**json.loads(told))
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        logger.error("An import's process was ended by %s (memory limit %d bytes)", name, limit)
        return Outcome(False, "died", name)
    return Outcome(False, "died", f"exit {os.WEXITSTATUS(status)}")
