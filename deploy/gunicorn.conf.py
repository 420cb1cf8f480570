"""gunicorn's settings for `make serve`, the systemd unit and the container image.

Each is read from the environment so one file serves all three: GUNICORN_BIND
(default 127.0.0.1:8000, behind the reverse proxy that ends TLS), WEB_CONCURRENCY
(worker processes, gunicorn's own variable; default 2 per core plus one) and
GUNICORN_THREADS (threads per worker, default 4). Requests are logged by the platform
itself, one JSON line each (diaspora/requestlog.py): gunicorn's access log stays off.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threads let a worker wait on the database for one request while it serves another;
# a slow client ties up one thread, not a whole process.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# An import's upload or an export may take a while; a stuck request is still ended.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# X-Forwarded-Proto is believed from the proxy on this machine only (or those named).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Django is loaded once, before the fork: workers start fast and share its memory.
preload_app = True
# No control socket (gunicornc): its default path in $HOME would be shared by every
# gunicorn of the user on the machine, and systemd's unit keeps $HOME read-only.
control_socket_disable = True
