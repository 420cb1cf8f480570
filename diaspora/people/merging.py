"""Two records of one person become one, and can become two again.

The survivor keeps its record and takes the values chosen from the other; every
relation of the other (memberships, consents, citizenships, the account) moves to
the survivor; the other record stays, pointing at the survivor. A `Merge` keeps
what the survivor held before and which relations moved, so `undo_merge` restores
both records exactly. Both directions are audited."""

from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora.accounts import audit
from diaspora.accounts.models import User

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


def own_values(person: Person) -> dict[str, Any]:
    return {name: getattr(person, name) for name in KEPT}


@transaction.atomic
def merge_people(
    survivor: Person, other: Person, *, by: User | None, take: tuple[str, ...] = ()
) -> Merge:
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
    moved: dict[str, list[int]] = {}
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
    merge = Merge.objects.create(
        survivor=survivor, merged=other, before=before, moved=moved, by=by if by and by.pk else None
    )
    changes = audit.diff(before, own_values(survivor))
    audit.record(
        actor=by, action="merge", target=survivor, changes={**changes, "merged": [None, other.pk]}
    )
    audit.record(
        actor=by, action="merged into", target=other, changes={"merged_into": [None, survivor.pk]}
    )
    return merge


@transaction.atomic
def undo_merge(merge: Merge, *, by: User | None) -> Merge:
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
    for name, value in merge.before.items():
        setattr(survivor, name, FIELDS[name].to_python(value))
    for name, model in RELATIONS.items():
        model.objects.filter(pk__in=merge.moved.get(name, [])).update(person=other)
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
    audit.record(
        actor=by,
        action="undo merge",
        target=survivor,
        changes={**audit.diff(after, own_values(survivor)), "merged": [other.pk, None]},
    )
    audit.record(
        actor=by, action="undo merge", target=other, changes={"merged_into": [survivor.pk, None]}
    )
    return merge


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
