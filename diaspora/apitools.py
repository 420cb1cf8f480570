"""Small pieces every API router shares: refusing bad text before it reaches a database."""

from django.utils.translation import gettext as _
from ninja.errors import HttpError

MAX_QUERY_TEXT = 200


def clean_text(value: str | None, field: str) -> str:
    """Query text as the database may see it, or a 400 that says what is wrong."""
    if not value:
        return ""
    if len(value) > MAX_QUERY_TEXT:
        raise HttpError(
            400,
            _("“%(field)s” is longer than %(limit)d characters.")
            % {"field": field, "limit": MAX_QUERY_TEXT},
        )
    if any(ord(char) < 32 for char in value):
        raise HttpError(400, _("“%(field)s” contains control characters.") % {"field": field})
    return value.strip()
