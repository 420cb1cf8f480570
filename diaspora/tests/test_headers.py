"""Security headers on every response, and templates that keep to the content
security policy (no inline scripts, handlers or styles, which it would block)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR, "diaspora")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]*\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_code(client):
    response = client.get("/en/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_only_the_camera_is_allowed_and_only_to_the_platform_itself(client):
    response = client.get("/en/")
    policy = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))
    assert policy["camera"] == "(self)"
    assert policy["microphone"] == policy["geolocation"] == "()"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def settings_under(environment: dict[str, str]) -> list[str]:
    """The HSTS settings a process started with this environment reads."""
    code = (
        "import diaspora.settings as s;"
        "print(s.SECURE_HSTS_SECONDS if hasattr(s, 'SECURE_HSTS_SECONDS') else 0,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "diaspora.example.org",
        **environment,
    }
    for name in ("DJANGO_HSTS_PRELOAD", "DJANGO_HSTS_INCLUDE_SUBDOMAINS"):
        if name not in environment:
            env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_hsts_subdomains_and_preload_are_off_unless_a_deployment_asks():
    assert settings_under({"DJANGO_DEBUG": "0"}) == ["31536000", "False", "False"]
    assert settings_under(
        {"DJANGO_DEBUG": "0", "DJANGO_HSTS_PRELOAD": "1", "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1"}
    ) == ["31536000", "True", "True"]


def test_no_template_holds_inline_scripts_handlers_or_styles():
    offending = []
    for template in sorted(TEMPLATES.rglob("templates/**/*.html")):
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE):
            offending += [
                f"{template.relative_to(TEMPLATES)}: {m.group(0)[:80]}"
                for m in pattern.finditer(text)
            ]
    assert offending == []
