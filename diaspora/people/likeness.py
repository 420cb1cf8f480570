"""Whether two records are one person: the names package on the names, then the
date of birth, email and phone. The verdict comes with its reasons, for the person
who reviews it.

Two callers ask with different stakes. An import (`weigh`) decides whether a row
becomes a new record, so it is cautious: a namesake with no date of birth to tell
them apart, or anyone sharing an email or phone, is held for a person to decide.
The registry scan (`duplicates`) raises pairs among millions of records, where a
common name without a date of birth matches hundreds of namesakes: it raises a pair
only on evidence beside the name."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from diaspora import names

from .models import Person

SAME_NAME = 0.9  # names this alike, with the same birth date, are one person
LIKE_NAME = 0.85  # names this alike, with the same email or phone, are one person
TYPO_NAME = 0.86  # names this alike, with the same birth date, are worth a look


class Verdict:
    NEW = "new"  # another person
    MATCHED = "matched"  # the same person
    REVIEW = "review"  # perhaps the same person: a person decides


class Born:
    """How two dates of birth compare."""

    SAME = "same"
    NEAR = "near"  # a day apart, day and month swapped, or the year one off: a slip
    MISSING = "missing"  # one or both unknown
    OTHER = "other"


@dataclass(frozen=True)
class Evidence:
    """What two records share besides the name."""

    born: str
    email: bool
    phone: bool

    @property
    def contact(self) -> bool:
        return self.email or self.phone


def values_of(person: Person) -> dict[str, Any]:
    return {"birth_date": person.birth_date, "email": person.email, "phone": person.phone}


def born(first: date | None, second: date | None) -> str:
    if first is None or second is None:
        return Born.MISSING
    if first == second:
        return Born.SAME
    if first.year - second.year not in (-1, 0, 1):
        return Born.OTHER  # the common case, decided without date arithmetic
    if (
        abs((first - second).days) == 1
        or (first.year == second.year and (first.month, first.day) == (second.day, second.month))
        or (
            (first.month, first.day) == (second.month, second.day)
            and abs(first.year - second.year) == 1
        )
    ):
        return Born.NEAR
    return Born.OTHER


def evidence(values: dict[str, Any], other: dict[str, Any]) -> Evidence:
    email = (values.get("email") or "").lower()
    phone = values.get("phone") or ""
    return Evidence(
        born=born(values.get("birth_date"), other.get("birth_date")),
        email=bool(email) and email == (other.get("email") or "").lower(),
        phone=bool(phone) and phone == other.get("phone"),
    )


def judge(score: float, facts: Evidence, *, cautious: bool, rare: bool = True) -> str:
    """The verdict on a name score and the other evidence. `cautious` (an import)
    also holds a namesake without a date of birth, or anyone sharing a contact, for
    review. A slip in the date of birth, or a name alike but not quite, is worth a
    look only for a `rare` name: among thousands of namesakes, someone is born a day
    apart by chance."""
    if (score >= SAME_NAME and facts.born == Born.SAME) or (
        score >= LIKE_NAME and facts.contact and facts.born != Born.OTHER
    ):
        return Verdict.MATCHED
    if rare and (
        (score >= SAME_NAME and facts.born == Born.NEAR)
        or (score >= TYPO_NAME and facts.born == Born.SAME)
    ):
        return Verdict.REVIEW
    if cautious and (
        (score >= SAME_NAME and facts.born in (Born.MISSING, Born.NEAR)) or facts.contact
    ):
        return Verdict.REVIEW
    return Verdict.NEW


def possible(facts: Evidence) -> bool:
    """Whether any name could make these two one person, for the scan: no name
    score is worth working out otherwise."""
    return judge(1.0, facts, cautious=False) != Verdict.NEW


def reasons(name: str, other_name: str, score: float, facts: Evidence) -> list[str]:
    pairs = [f"{a} ≈ {b}" for a, b, _s in names.matched_words(name, other_name) if a != b]
    alike = _("names %(per_cent)d%% alike") % {"per_cent": round(score * 100)}
    found = [alike + (f" ({', '.join(pairs)})" if pairs else "")]
    for holds, reason in (
        (facts.born == Born.SAME, _("same date of birth")),
        (facts.born == Born.NEAR, _("nearly the same date of birth")),
        (facts.born == Born.OTHER, _("another date of birth")),
        (facts.email, _("same email")),
        (facts.phone, _("same phone")),
    ):
        if holds:
            found.append(reason)
    return found


@dataclass(frozen=True)
class Likeness:
    verdict: str
    score: float  # of the names
    evidence: Evidence

    def explained(self, name: str, other_name: str) -> list[str]:
        """The reasons, for the person who reviews: asked only of the likeness kept,
        since an import weighs many candidates for one row."""
        return reasons(name, other_name, self.score, self.evidence)


def weigh(name: str, values: dict[str, Any], person: Person) -> Likeness:
    """How alike a name with its values (a list's row) is to a person, cautiously."""
    score = names.similarity(name, person.full_name)
    facts = evidence(values, values_of(person))
    return Likeness(judge(score, facts, cautious=True), score, facts)
