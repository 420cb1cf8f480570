"""Production is the default: without DJANGO_DEBUG=1 the platform refuses to start
unless it has a secret key and allowed hosts, and `check --deploy` is clean."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "diaspora.example.org",
    "DIASPORA_SITE_URL": "https://diaspora.example.org",
}
# What an operator's shell would not have set, whatever the test run has.
UNSET = (
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DIASPORA_SITE_URL",
    "DJANGO_HSTS_PRELOAD",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def start(environment: dict[str, str], tmp_path, code: str = "") -> subprocess.CompletedProcess:
    """`django.setup()` in a process of its own with the production settings module."""
    env = {name: value for name, value in os.environ.items() if name not in UNSET}
    env |= {
        "DJANGO_SETTINGS_MODULE": "diaspora.settings",
        "DIASPORA_VAR_DIR": str(tmp_path),
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    done = start({"DJANGO_ALLOWED_HOSTS": "diaspora.example.org"}, tmp_path)
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in done.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    done = start({"DJANGO_SECRET_KEY": "k" * 60}, tmp_path)
    assert done.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in done.stderr


def test_nothing_set_names_both(tmp_path):
    done = start({}, tmp_path)
    assert "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set" in done.stderr


def test_production_starts_with_both_and_debug_off(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.DIASPORA_SITE_URL, s.SECURE_SSL_REDIRECT, s.SECURE_REDIRECT_EXEMPT)"
    )
    done = start(
        {"DJANGO_SECRET_KEY": "k" * 60, "DJANGO_ALLOWED_HOSTS": "diaspora.example.org"},
        tmp_path,
        code,
    )
    assert done.returncode == 0, done.stderr
    # Without DIASPORA_SITE_URL the links lead to the first allowed host, over HTTPS.
    assert done.stdout.split() == ["False", "https://diaspora.example.org", "True", "['^health$']"]


def test_development_says_so_and_keeps_its_defaults(tmp_path):
    code = "from django.conf import settings as s; print(s.DEBUG, s.ALLOWED_HOSTS[0])"
    done = start({"DJANGO_DEBUG": "1"}, tmp_path, code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "127.0.0.1"]


def deploy_check(tmp_path, **environment: str) -> subprocess.CompletedProcess:
    """`check --deploy` under production's settings, static files collected (a manifest)."""
    (tmp_path / "static").mkdir(exist_ok=True)
    (tmp_path / "static" / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    env = {name: value for name, value in os.environ.items() if name not in UNSET}
    env |= {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "diaspora.settings"}
    env |= {"DIASPORA_VAR_DIR": str(tmp_path), "DJANGO_STATIC_ROOT": str(tmp_path / "static")}
    env |= environment
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_deployment_check_finds_no_issues_with_production_settings(tmp_path):
    done = deploy_check(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (" in done.stdout


def test_the_deployment_check_warns_of_a_site_url_without_https(tmp_path):
    done = deploy_check(tmp_path, DIASPORA_SITE_URL="http://127.0.0.1:8000")
    assert "diaspora.W001" in done.stdout + done.stderr


def test_the_deployment_check_warns_when_collectstatic_never_ran(tmp_path):
    done = deploy_check(tmp_path, DJANGO_STATIC_ROOT=str(tmp_path / "never-collected"))
    assert "diaspora.W002" in done.stdout + done.stderr
    assert "collectstatic" in done.stdout + done.stderr
