"""Small pieces every API router shares: bounded input types, the one error body
(`{"detail", "code", "field"}`, in the caller's language) and its documentation."""

from datetime import datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Path, Schema
from ninja.errors import HttpError
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from diaspora.moments import EARLIEST, LATEST, within_range

MAX_QUERY_TEXT = 200
# The largest integer either database stores (SQLite and PostgreSQL bigint alike):
# an id, an offset or a number in an address beyond it is refused before any query.
LARGEST_ID = 2**63 - 1


class ErrorOut(Schema):
    """Every refusal of the API: what is wrong in the caller's language, a code that
    stays the same in every language, and the field at fault when there is one."""

    detail: str
    code: str
    field: str | None = None


class ApiError(HttpError):
    """An HttpError that names its stable code and, when it has one, the field."""

    def __init__(self, status: int, message: str, *, code: str, field: str | None = None) -> None:
        super().__init__(status, message)
        self.code = code
        self.field = field


DEFAULT_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    500: "server_error",
}


def error_body(status: int, message: str, code: str | None = None, field: str | None = None):
    return {"detail": message, "code": code or DEFAULT_CODES.get(status, "error"), "field": field}


def refuse(message: str, *, field: str | None = None, code: str = "invalid") -> ApiError:
    return ApiError(400, message, code=code, field=field)


def clean_text(value: str | None, field: str) -> str:
    """Query text as the database may see it, or a 400 that says what is wrong."""
    if not value:
        return ""
    if len(value) > MAX_QUERY_TEXT:
        raise refuse(
            _("“%(field)s” is longer than %(limit)d characters.")
            % {"field": field, "limit": MAX_QUERY_TEXT},
            field=field,
            code="too_long",
        )
    if "\x00" in value:
        raise refuse(
            _("“%(field)s” contains a NUL character.") % {"field": field}, field=field, code="nul"
        )
    return value.strip()


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold a NUL, and no name or title needs one.
    if "\x00" in value:
        raise PydanticCustomError("nul", "contains a NUL character")
    return value


def _in_range(value: datetime) -> datetime:
    if not within_range(value):
        raise PydanticCustomError(
            "out_of_range",
            "must lie between {earliest} and {latest}",
            {"earliest": EARLIEST.date().isoformat(), "latest": LATEST.date().isoformat()},
        )
    return value


# Body fields: text with no NUL (give its max_length with Field) and bounded moments.
Text = Annotated[str, AfterValidator(_no_nul)]
Moment = Annotated[datetime, AfterValidator(_in_range)]


def Id(description: str = "") -> Any:  # noqa: N802  (reads as a type in a signature)
    """A path id within what the databases store."""
    return Path(..., ge=1, le=LARGEST_ID, description=description)


# pydantic's error types, by the stable codes the API answers with.
VALIDATION_CODES = {
    "missing": "required",
    "string_too_long": "too_long",
    "string_too_short": "too_short",
    "too_long": "too_long",
    "greater_than_equal": "out_of_range",
    "less_than_equal": "out_of_range",
    "greater_than": "out_of_range",
    "less_than": "out_of_range",
    "out_of_range": "out_of_range",
    "nul": "nul",
}
SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _explain(code: str, field: str, context: dict[str, Any]) -> str:
    names = {"field": field, **{key: str(value) for key, value in context.items()}}
    if code == "required":
        return _("“%(field)s” is required.") % names
    if code == "too_long" and "max_length" in context:
        return _("“%(field)s” is longer than %(max_length)s characters.") % names
    if code == "too_short":
        return _("“%(field)s” is empty.") % names
    if code == "nul":
        return _("“%(field)s” contains a NUL character.") % names
    if code == "out_of_range" and "earliest" in context:
        return _("“%(field)s” must lie between %(earliest)s and %(latest)s.") % names
    if code == "out_of_range":
        limit = context.get("ge", context.get("gt", context.get("le", context.get("lt"))))
        return _("“%(field)s” is out of range (limit: %(limit)s).") % {**names, "limit": limit}
    return _("“%(field)s” is not valid.") % names


def validation_error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """The first of pydantic's errors as the API's error body (400), naming its field."""
    first = errors[0] if errors else {}
    loc = [str(part) for part in first.get("loc", ())]
    if loc and loc[0] in SOURCES:
        # body → payload → field; query and path → the parameter itself.
        loc = loc[2:] if loc[0] == "body" and len(loc) > 2 else loc[1:]
    field = ".".join(loc) or None
    code = VALIDATION_CODES.get(first.get("type", ""), "invalid")
    if field is None:
        return error_body(400, _("The request's body is not valid JSON of the expected shape."))
    return error_body(400, _explain(code, field, first.get("ctx") or {}), code, field)
