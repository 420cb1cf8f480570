"""Two records of one person become one, and can become two again.

The survivor keeps its record and takes the values chosen from the other; every
relation of the other (memberships, consents, citizenships, the account) moves to
the survivor; the other record stays, pointing at the survivor. Two rows for one
thing (two memberships of one organisation at once, two registrations for one
event) are folded into one. A `Merge` keeps what the survivor held before, which
relations moved, which rows were folded and which values the merge wrote, so that
`undo_merge` restores both records and every relation, while an edit made to the
survivor since the merge stays. Both directions are audited.

`Merge.moved` holds, beside each relation's moved ids, "taken" (the survivor's
values the merge wrote, by column) and "folded" (each fold's notes, by relation).
These services trust their caller: the review pages ask diaspora.access (people.merge)
through `merge_within_scope` and `duplicate_views.mergeable_pairs` first."""

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.accounts.models import AuditEntry, User

from . import name_words
from .models import Consent, DuplicatePair, Membership, Merge, Person
from .services import PERSON_FIELDS, PeopleError

# The person's own values a merge may take from the other record.
TAKEABLE = tuple(name for name in PERSON_FIELDS if name != "citizenships")
# Records that belong to a person and move with them (events and awards add theirs).
RELATIONS: dict[str, type[models.Model]] = {"memberships": Membership, "consents": Consent}
# The record's own values, by column (country_id, not country).
KEPT = [
    field.attname
    for field in Person._meta.concrete_fields
    if field.name not in {"id", "created_at", "updated_at", "merged_into", "user"}
]
FIELDS = {field.attname: field for field in Person._meta.concrete_fields}
# Notes a fold leaves for its undo: plain JSON.
Notes = list[dict[str, Any]]
# fold(survivor, other, by) runs before the relation's rows move (so that a rule of
# one row per thing holds at every step) and returns its notes; unfold(notes, by)
# runs at the undo, once they have moved back.
Fold = Callable[[Person, Person, User | None], Notes]
Unfold = Callable[[Notes, User | None], None]


def own_values(person: Person) -> dict[str, Any]:
    return {name: getattr(person, name) for name in KEPT}


def as_json(value: Any) -> Any:
    """Dates as ISO text, as a JSONField without Django's encoder can hold them."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def row_values(row: models.Model) -> dict[str, Any]:
    return as_json(
        {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}
    )


def restore_row(model: type[models.Model], values: dict[str, Any]) -> models.Model:
    """A deleted row again, with its own id."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    row = model(**{name: fields[name].to_python(value) for name, value in values.items()})
    row.save(force_insert=True)
    return row


def overlaps(a: Membership, b: Membership) -> bool:
    """Whether two memberships cover a common day (an unknown date covers any)."""
    a_before_b = a.ended_on and b.started_on and a.ended_on < b.started_on
    b_before_a = b.ended_on and a.started_on and b.ended_on < a.started_on
    return not (a_before_b or b_before_a)


def earliest(membership: Membership) -> tuple[bool, date, int]:
    """The membership a fold keeps comes first: the earliest start, a known start
    before an unknown one, then the older row."""
    started = membership.started_on
    return (started is None, started or date.max, membership.pk)


def fold_memberships(survivor: Person, other: Person, by: User | None) -> Notes:
    """One membership of an organisation where each record held one for the same
    time: the earliest stays (to move with the other's, or not), the other row is
    deleted and noted for the undo. Each of the survivor's memberships absorbs at
    most one of the other's; memberships of different times (left, then came back)
    are history and both stay."""
    free = list(Membership.objects.filter(person=survivor).order_by("pk"))
    notes: Notes = []
    for row in Membership.objects.filter(person=other).order_by("pk"):
        twin = next(
            (h for h in free if h.organisation_id == row.organisation_id and overlaps(h, row)),
            None,
        )
        if twin is None:
            continue
        free.remove(twin)
        keep, drop = sorted((twin, row), key=earliest)
        notes.append(row_values(drop))
        audit.record(
            actor=by,
            action="fold membership",
            target=drop.person,
            changes={"membership": [drop.pk, keep.pk], "organisation": [drop.organisation_id] * 2},
        )
        drop.delete()
    return notes


def unfold_memberships(notes: Notes, by: User | None) -> None:
    for values in notes:
        row = restore_row(Membership, values)
        audit.record(
            actor=by,
            action="unfold membership",
            target=row.person,
            changes={"membership": [None, row.pk], "organisation": [None, row.organisation_id]},
        )


# Relations whose rows a merge folds: name → (fold, unfold). Events adds registrations.
FOLDS: dict[str, tuple[Fold, Unfold]] = {"memberships": (fold_memberships, unfold_memberships)}


@transaction.atomic
def merge_people(
    survivor: Person, other: Person, *, by: User | None, take: tuple[str, ...] = ()
) -> Merge:
    """`other` becomes part of `survivor`, taking `take` from it. Trusts its caller."""
    survivor = Person.objects.select_for_update().get(pk=survivor.pk)
    other = Person.objects.select_for_update().get(pk=other.pk)
    if survivor.pk == other.pk:
        raise PeopleError(_("A record cannot be merged with itself."))
    if survivor.merged_into_id or other.merged_into_id:
        raise PeopleError(_("One of these records was already merged into another."))
    unknown = set(take) - set(TAKEABLE)
    if unknown:
        raise PeopleError(_("These fields cannot be taken: %s") % ", ".join(sorted(unknown)))
    before = own_values(survivor)
    moved: dict[str, Any] = {
        "folded": {name: fold(survivor, other, by) for name, (fold, _) in FOLDS.items()}
    }
    for name, model in RELATIONS.items():
        moved[name] = list(model.objects.filter(person=other).values_list("pk", flat=True))
        model.objects.filter(pk__in=moved[name]).update(person=survivor)
    held = set(survivor.citizenships.values_list("pk", flat=True))
    moved["citizenships"] = sorted(set(other.citizenships.values_list("pk", flat=True)) - held)
    survivor.citizenships.add(*moved["citizenships"])
    if other.user_id and not survivor.user_id:
        moved["user"] = [other.user_id]
        survivor.user_id, other.user_id = other.user_id, None
    for name in take:
        setattr(survivor, name, getattr(other, name))
    if {"full_name", "given_name", "surname", "patronymic"} & set(take):
        survivor.script = other.script if "full_name" in take else survivor.script
    other.merged_into = survivor
    other.save(update_fields=["merged_into", "user"])
    survivor.save()
    name_words.index_people([survivor, other])
    changes = audit.diff(before, own_values(survivor))
    moved["taken"] = as_json({name: pair[1] for name, pair in changes.items()})
    merge = Merge.objects.create(
        survivor=survivor, merged=other, before=before, moved=moved, by=by if by and by.pk else None
    )
    audit.record(
        actor=by, action="merge", target=survivor, changes={**changes, "merged": [None, other.pk]}
    )
    audit.record(
        actor=by, action="merged into", target=other, changes={"merged_into": [None, survivor.pk]}
    )
    return merge


def taken_values(merge: Merge) -> dict[str, Any] | None:
    """The survivor's values the merge wrote, by column. A merge recorded before they
    were kept beside it finds them in its audit entry; None when neither says."""
    if "taken" in merge.moved:
        return merge.moved["taken"]
    entries = AuditEntry.objects.filter(
        action="merge", target_type="people.person", target_id=str(merge.survivor_id)
    ).order_by("-pk")
    for entry in entries:
        if entry.changes.get("merged") == [None, merge.merged_id]:
            return {name: pair[1] for name, pair in entry.changes.items() if name in FIELDS}
    return None


def revert_taken(merge: Merge, survivor: Person) -> list[str]:
    """Give the survivor back what it held before the merge, field by field, where it
    still holds what the merge wrote: a value edited since stays. Returns the fields
    kept. Without a record of what the merge wrote, every value is given back."""
    taken = taken_values(merge)
    if taken is None:
        taken = {name: getattr(survivor, name) for name in merge.before}
    kept = []
    for name, value in taken.items():
        field = FIELDS[name]
        if getattr(survivor, name) == field.to_python(value):
            setattr(survivor, name, field.to_python(merge.before[name]))
        else:
            kept.append(name)
    if "full_name" in kept and "script" in taken and "script" not in kept:
        # The script is the full name's: it stays with a name written since.
        survivor.script = taken["script"]
        kept.append("script")
    return kept


@transaction.atomic
def undo_merge(merge: Merge, *, by: User | None) -> Merge:
    """Two records again: the relations that moved go back, folded rows come back,
    and the survivor's values the merge wrote are reverted unless edited since.
    Trusts its caller."""
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise PeopleError(_("This merge was already undone."))
    survivor = Person.objects.select_for_update().get(pk=merge.survivor_id)
    other = Person.objects.select_for_update().get(pk=merge.merged_id)
    later = Merge.objects.filter(undone_at__isnull=True).filter(
        models.Q(merged=survivor) | models.Q(survivor=survivor, pk__gt=merge.pk)
    )
    if later.exists():
        raise PeopleError(_("Undo the later merge of this record first."))
    after = own_values(survivor)
    kept = revert_taken(merge, survivor)
    for name, model in RELATIONS.items():
        model.objects.filter(pk__in=merge.moved.get(name, [])).update(person=other)
    folded = merge.moved.get("folded", {})
    for name, (_fold, unfold) in FOLDS.items():
        if folded.get(name):
            unfold(folded[name], by)
    survivor.citizenships.remove(*merge.moved.get("citizenships", []))
    if merge.moved.get("user"):
        survivor.user_id, other.user_id = None, merge.moved["user"][0]
        survivor.save(update_fields=["user"])  # the account is unique: free it first
    other.merged_into = None
    other.save(update_fields=["merged_into", "user"])
    survivor.save()
    name_words.index_people([survivor, other])
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    first, second = sorted((survivor.pk, other.pk))
    DuplicatePair.objects.filter(first_id=first, second_id=second).update(
        status=DuplicatePair.Status.OPEN, decided_at=None, decided_by=None
    )
    changes = {**audit.diff(after, own_values(survivor)), "merged": [other.pk, None]}
    if kept:
        changes["kept since the merge"] = [None, sorted(kept)]
    audit.record(actor=by, action="undo merge", target=survivor, changes=changes)
    audit.record(
        actor=by, action="undo merge", target=other, changes={"merged_into": [survivor.pk, None]}
    )
    return merge


def merge_within_scope(user: User | AnonymousUser, merge: Merge) -> bool:
    """Whether both records of a merge were within the user's reach: the survivor by
    the memberships it held itself, the merged record by those it brought (moved,
    folded or, after an undo, back with it). Reach here is access's for people.merge."""
    reached = access.scope(user, Action.PEOPLE_MERGE)
    if reached.everywhere:
        return True
    moved = merge.moved.get("memberships", [])
    folded = merge.moved.get("folded", {}).get("memberships", [])
    sides = []
    for person, theirs in ((merge.survivor_id, False), (merge.merged_id, True)):
        rows = Membership.objects.filter(person_id=person)
        rows = (
            rows.exclude(pk__in=moved)
            if not theirs
            else rows | Membership.objects.filter(pk__in=moved)
        )
        organisations = set(rows.values_list("organisation_id", flat=True))
        organisations |= {n["organisation_id"] for n in folded if n["person_id"] == person}
        in_scope = access.organisations(user, Action.PEOPLE_MERGE).filter(pk__in=organisations)
        sides.append(in_scope.exists())
    return all(sides)


@transaction.atomic
def merge_pair(
    pair: DuplicatePair, *, keep: Person, by: User | None, take: tuple[str, ...] = ()
) -> Merge:
    """A reviewed pair is one person: `keep` survives, taking `take` from the other."""
    pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != DuplicatePair.Status.OPEN:
        raise PeopleError(_("This pair was already decided."))
    if keep.pk not in (pair.first_id, pair.second_id):
        raise PeopleError(_("The record to keep must be one of the pair."))
    other = pair.second if keep.pk == pair.first_id else pair.first
    merge = merge_people(keep, other, by=by, take=take)
    decide(pair, DuplicatePair.Status.MERGED, by)
    return merge


@transaction.atomic
def dismiss_pair(pair: DuplicatePair, *, by: User | None) -> DuplicatePair:
    """A reviewed pair is two people; the scan will not raise it again."""
    pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != DuplicatePair.Status.OPEN:
        raise PeopleError(_("This pair was already decided."))
    decide(pair, DuplicatePair.Status.DISMISSED, by)
    return pair


def decide(pair: DuplicatePair, status: str, by: User | None) -> None:
    pair.status, pair.decided_at = status, timezone.now()
    pair.decided_by = by if by is not None and by.pk else None
    pair.save(update_fields=["status", "decided_at", "decided_by"])
