"""`check --deploy`: the public address links in emails are built from is HTTPS and
one of the hosts the platform answers (a forgotten DIASPORA_SITE_URL would send every
compatriot a link to a machine they cannot reach), and the static files are collected
(without their manifest every page fails)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def site_url(app_configs, **kwargs):
    url = urlsplit(settings.DIASPORA_SITE_URL)
    if (
        url.scheme == "https"
        and url.hostname
        and validate_host(url.hostname, settings.ALLOWED_HOSTS)
    ):
        return []
    return [
        Warning(
            f"DIASPORA_SITE_URL is {settings.DIASPORA_SITE_URL!r}: links in emails, tickets "
            "and calendar files lead there.",
            hint="Set it to the public https:// address, whose host is in DJANGO_ALLOWED_HOSTS.",
            id="diaspora.W001",
        )
    ]


@register(Tags.staticfiles, deploy=True)
def static_manifest(app_configs, **kwargs):
    """With debug off, pages name static files by their hashed names, read from the
    manifest `collectstatic` writes: without it every page fails."""
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin) or storage.exists(storage.manifest_name):
        return []
    return [
        Warning(
            f"No static files manifest in {settings.STATIC_ROOT}: every page will fail "
            "(Missing staticfiles manifest entry).",
            hint="Run `manage.py collectstatic --no-input` (make serve does) before serving.",
            id="diaspora.W002",
        )
    ]
