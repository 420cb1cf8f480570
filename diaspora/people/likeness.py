"""Whether two records are one person: the names package on the names, then the
date of birth, email and phone. The verdict comes with its reasons, for the person
who reviews it."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from diaspora import names

from .models import Person

SAME_NAME = 0.9  # names this alike, with the same birth date, are one person
LIKE_NAME = 0.75  # names this alike, with the same email or phone, are one person


class Verdict:
    NEW = "new"  # another person
    MATCHED = "matched"  # the same person
    REVIEW = "review"  # perhaps the same person: a person decides


@dataclass
class Likeness:
    verdict: str
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


def values_of(person: Person) -> dict[str, Any]:
    return {"birth_date": person.birth_date, "email": person.email, "phone": person.phone}


def weigh(name: str, values: dict[str, Any], person: Person) -> Likeness:
    """How alike a name with its values (a list's row, another record) is to a person."""
    score = names.similarity(name, person.full_name)
    pairs = [f"{a} ≈ {b}" for a, b, _s in names.matched_words(name, person.full_name) if a != b]
    reasons = [
        _("name %(score).2f") % {"score": score} + (f" ({', '.join(pairs)})" if pairs else "")
    ]
    born, other_born = values.get("birth_date"), person.birth_date
    same_birth = born is not None and born == other_born
    birth_conflict = born is not None and other_born is not None and born != other_born
    email = (values.get("email") or "").lower()
    same_email = bool(email) and email == person.email.lower()
    same_phone = bool(values.get("phone")) and values["phone"] == person.phone
    for holds, reason in (
        (same_birth, _("same date of birth")),
        (birth_conflict, _("another date of birth")),
        (same_email, _("same email")),
        (same_phone, _("same phone")),
    ):
        if holds:
            reasons.append(reason)
    if (score >= SAME_NAME and same_birth) or (
        score >= LIKE_NAME and (same_email or same_phone) and not birth_conflict
    ):
        verdict = Verdict.MATCHED
    elif (score >= SAME_NAME and not birth_conflict) or same_email or same_phone:
        verdict = Verdict.REVIEW
    else:
        verdict = Verdict.NEW
    return Likeness(verdict, round(score, 3), reasons)
