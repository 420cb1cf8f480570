"""`manage.py check --deploy` under production settings reports nothing."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def test_the_deployment_check_finds_no_issues_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "diaspora.example.org",
        "DIASPORA_VAR_DIR": str(tmp_path),
    }
    # Nothing a deployment leaves unset (the browser tests set the async switch).
    for name in (
        "DJANGO_HSTS_PRELOAD",
        "DJANGO_HSTS_INCLUDE_SUBDOMAINS",
        "DJANGO_SECURE_SSL_REDIRECT",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    ):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (" in done.stdout
