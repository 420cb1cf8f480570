"""The tests' settings: development's (DJANGO_DEBUG=1 at import: a development key,
local hosts, static files without a manifest), as `make run` has them. pytest-django
then runs each test with DEBUG off, as Django's test runner does; the tests that are
about production start a process with production's environment instead."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from diaspora.settings import *  # noqa: E402, F403
