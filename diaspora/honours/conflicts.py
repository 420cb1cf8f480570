"""Conflicts of interest between a reviewer and a nomination, found from the records
rather than left to the reviewer's memory. A reviewer is conflicted who:

- belongs to one of the nominee's organisations (a member, or holding a role there);
- belongs to the coordination council above one of them, or to an organisation
  under that council (the council unites them);
- shares the nominee's family name group: the same surname, in any script or
  gender (Əliyev, Aliyeva, Алиев fold alike through `diaspora.names`), and the same
  city;
- nominated the nominee, or endorsed the nomination;
- or declared a conflict themselves (a Review with that verdict).

Each kind has a stable code, which the API answers with."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora.accounts.models import User
from diaspora.directory.models import Organisation
from diaspora.names import base_form, name_words, parse
from diaspora.people.models import Membership, Person

from .models import Nomination, Review

COUNCIL_KIND = "council"


@dataclass(frozen=True)
class Conflict:
    code: str
    message: str


def surname_keys(person: Person) -> set[str]:
    """The folded base forms of a person's surname and its readings: one set for
    Əliyev, Əliyeva, Aliev and Алиев alike (skeletons are left out: too loose to
    say two people are one family)."""
    surname = person.surname or parse(person.full_name).surname
    found: set[str] = set()
    for word in name_words(surname):
        for folded in (word.folded, *word.readings):
            found.add(base_form(folded))
    return found


def same_family_group(one: Person, other: Person) -> bool:
    """The same surname and the same city: the names module's family name group."""
    if one.city_id is None or one.city_id != other.city_id:
        return False
    return bool(surname_keys(one) & surname_keys(other))


def current_memberships(person: Person, today: date) -> Q:
    return Q(person=person) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))


def organisations_of_person(person: Person | None, today: date) -> set[int]:
    if person is None:
        return set()
    return set(
        Membership.objects.filter(current_memberships(person, today)).values_list(
            "organisation_id", flat=True
        )
    )


def councils_of(organisation_ids: set[int]) -> set[int]:
    """The coordination councils at or above these organisations (by tree path)."""
    paths = Organisation.objects.filter(pk__in=organisation_ids).values_list("path", flat=True)
    step = Organisation.steplen
    above = {path[:end] for path in paths for end in range(step, len(path) + 1, step)}
    return set(
        Organisation.objects.filter(path__in=above, kind__code=COUNCIL_KIND).values_list(
            "pk", flat=True
        )
    )


def reviewer_person(reviewer: User) -> Person | None:
    return Person.objects.filter(user=reviewer, merged_into__isnull=True).first()


def found(nomination: Nomination, reviewer: User) -> list[Conflict]:
    """The conflicts the records show between this reviewer and this nomination
    (declared ones aside: see `declared`)."""
    today = timezone.localdate()
    nominee = nomination.person
    theirs = organisations_of_person(nominee, today)
    mine_person = reviewer_person(reviewer)
    mine = organisations_of_person(mine_person, today)
    mine |= set(reviewer.roles.values_list("organisation_id", flat=True))
    conflicts: list[Conflict] = []
    if nomination.nominated_by_id == reviewer.pk:
        conflicts.append(Conflict("conflict_nominated", _("You nominated this person.")))
    if nomination.endorsements.filter(given_by=reviewer).exists():
        conflicts.append(Conflict("conflict_endorsed", _("You endorsed this nomination.")))
    if mine & (theirs | {nomination.organisation_id}):
        conflicts.append(
            Conflict("conflict_organisation", _("You belong to the nominee's organisation."))
        )
    their_councils = councils_of(theirs | {nomination.organisation_id})
    if their_councils and councils_of(mine) & their_councils:
        conflicts.append(
            Conflict("conflict_council", _("You belong to the nominee's coordination council."))
        )
    others = mine_person is not None and mine_person.pk != nominee.pk
    if others and same_family_group(mine_person, nominee):  # type: ignore[arg-type]
        conflicts.append(
            Conflict(
                "conflict_family",
                _("You share the nominee's family name and city (the same family group)."),
            )
        )
    if mine_person is not None and mine_person.pk == nominee.pk:
        conflicts.append(Conflict("conflict_self", _("You are the nominee.")))
    return conflicts


def declared(nomination: Nomination, reviewer: User) -> bool:
    return Review.objects.filter(
        nomination=nomination, reviewer=reviewer, verdict=Review.Verdict.CONFLICT
    ).exists()
