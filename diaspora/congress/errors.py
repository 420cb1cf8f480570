"""The one refusal of the congress's services: a message for the user, the field at
fault when there is one, and a code that is the same in every language."""


class CongressError(ValueError):
    def __init__(self, message: str, field: str | None = None, code: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.code = code or ("invalid" if field else "refused")


# Refusals that say the request clashes with the congress's state (API: 409).
CONFLICTS = frozenset(
    {
        "quota_full",
        "no_quota",
        "already_decided",
        "already_nominated",
        "already_voted",
        "not_checked_in",
        "not_open",
    }
)
