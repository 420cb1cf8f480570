"""Why a participant was matched or held for review, kept apart from any language:
a code with its values, stored as `{"code": …, values…}` in `Attendance.reasons`
and put into words in the reader's language when shown. An organiser recording in
English and a colleague reviewing in Azerbaijani read the same reasons, each in
their own language. Reasons stored as plain text (before codes) are shown as written."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

TEXTS = {
    "same_email": _("same email"),
    "names_alike": _("names %(per_cent)d%% alike"),
    "registered": _("registered for this event"),
    "same_country": _("same country"),
    "other_country": _("lives in another country"),
    "other_email": _("another email on record"),
    "others_as_close": _("%(count)d other people have names as close"),
    "other_as_close": _("another person's name is as close: %(name)s"),
    "one_word": _("only one word of the name"),
    "unconfirmed": _("nothing beside the name confirms it"),
    "shared_email": _("%(count)d people share this email"),
    "other_name": _("another name"),
    "added": _("added as a new person"),
    "initial_only": _("only the given name and the surname's initial"),
    "another_claims": _("another participant's name is close to this person's too"),
    "others_claim": _("%(count)d other participants' names are close to this person's too"),
}


@dataclass(frozen=True)
class Reason:
    code: str
    values: dict[str, Any] = field(default_factory=dict)

    def stored(self) -> dict[str, Any]:
        return {"code": self.code, **self.values}

    def __str__(self) -> str:
        return explain(self.stored())


def reason(code: str, **values: Any) -> Reason:
    assert code in TEXTS, code
    return Reason(code, values)


def explain(stored: Any) -> str:
    """One stored reason in the active language."""
    if isinstance(stored, str):
        return stored  # recorded before reasons were codes: as written then
    if not isinstance(stored, dict) or stored.get("code") not in TEXTS:
        return ""
    text = TEXTS[stored["code"]]
    values = {key: value for key, value in stored.items() if key != "code"}
    if not values:
        return str(text)
    try:
        return str(text) % values
    except (KeyError, TypeError, ValueError):  # a value missing or of another kind
        return str(text).split("%")[0].strip(" :")


def explained(stored: list[Any]) -> list[str]:
    return [text for text in map(explain, stored or []) if text]
