"""Small pieces every API router shares."""

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
    return value.strip()
