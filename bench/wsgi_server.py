"""A pre-forked, threaded WSGI server for benchmarks, from the standard library and Django.

    python -m bench.wsgi_server --port 8123 --workers 2

The venv holds no production WSGI server (gunicorn, uWSGI, waitress), and the
benchmarks add no dependency, so this is gunicorn's `gthread` model in a few lines:
`--workers` processes, each Django's own ThreadedWSGIServer (what `runserver` uses,
with HTTP/1.1 keep-alive and one thread per client connection), all listening on one
port through SO_REUSEPORT, so the kernel spreads the connections between them. Django
is set up before the fork; each process opens its own database connections, one per
thread, kept between requests when DATABASE_CONN_MAX_AGE is set. Request lines are not
logged. SIGTERM or SIGINT stops every process.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import sys

import django


def serve(port: int, workers: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    django.setup()
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    class Server(ThreadedWSGIServer):
        request_queue_size = 512

        def server_bind(self) -> None:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            super().server_bind()

    class Handler(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    application = get_wsgi_application()
    connections.close_all()  # nothing open crosses the fork
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            server = Server(("127.0.0.1", port), Handler)
            server.set_app(application)
            server.serve_forever()
            os._exit(0)
        children.append(pid)

    def stop(_signum: int, _frame: object) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)
        for child in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, 0)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    os.wait()  # a worker that dies takes the server down: a benchmark must not limp on
    stop(signal.SIGTERM, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    serve(args.port, args.workers)


if __name__ == "__main__":
    main()
