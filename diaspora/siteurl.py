"""The platform's public address (DIASPORA_SITE_URL): every absolute link it sends out,
in an email, a ticket or a calendar file, is made here, never from the request it
was made in (behind a reverse proxy a request names 127.0.0.1, and a task has none)."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def absolute(path: str) -> str:
    """The public address of a path of ours ("/en/events/1/")."""
    return settings.DIASPORA_SITE_URL.rstrip("/") + path


def host() -> str:
    """The public host name, without port: calendar UIDs and mail greetings name it."""
    return urlsplit(settings.DIASPORA_SITE_URL).hostname or "localhost"


def rebase(url: str) -> str:
    """A link built from a request (django-allauth's) moved to the public address."""
    parts = urlsplit(url)
    if not parts.netloc:
        return absolute(url)
    site = urlsplit(settings.DIASPORA_SITE_URL)
    return urlunsplit(
        (site.scheme, site.netloc, site.path.rstrip("/") + parts.path, parts.query, parts.fragment)
    )
