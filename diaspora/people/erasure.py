"""A person's right to be forgotten: their record is anonymised, not deleted.

The record stays (its memberships and registrations still count in every total), as
do the memberships, consents and registrations, with their dates and statuses; what
identifies the person goes: names, contacts, birth date, city, languages, the name
index, the names a registration was made under, the values their audit entries and
merges kept, their account's names. The record's number is all that is left: a
pseudonym once nothing else is.

Apps above people (events) hold personal records of their own; they declare them
here with `register` (people cannot import them), and erasure, the person's own
download and the retention rules then treat them as they treat people's own."""

from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora import access
from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.accounts.models import ApiToken, User

from .models import (
    Consent,
    DuplicatePair,
    ErasureRequest,
    Merge,
    NameWord,
    Person,
    PersonNamePair,
    PersonNameWord,
)
from .services import PeopleError

# The person's values that identify them, as erasure leaves them. Country of residence
# and citizenships stay: the registry's figures count by them, and among thousands
# they point at no one.
BLANK: dict[str, Any] = {
    "given_name": "",
    "surname": "",
    "patronymic": "",
    "birth_date": None,
    "sex": "",
    "email": "",
    "phone": "",
    "city": None,
    "languages": [],
    "script": "",
    "unreadable": {},
}
# Names under which those values may appear in audit entries and merges.
PERSONAL = (*BLANK, "full_name")


@dataclass(frozen=True)
class Holder:
    """Records of another app that belong to a person (an event's registrations):
    `blank` is what erasure and retention leave in their personal fields, `exported`
    what the person's download carries, `ended` the lookup of the date after which
    the retention rule named `name` may blank them."""

    name: str
    model: type[models.Model]
    blank: dict[str, Any]
    exported: tuple[str, ...]
    ended: str | None = None

    def of(self, ids: list[int]) -> models.QuerySet:
        return self.model._default_manager.filter(person_id__in=ids)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


HOLDERS: dict[str, Holder] = {}


@dataclass(frozen=True)
class Mentions:
    """A JSON list on another app's rows whose items name a person by id under `key`
    (an import's rows held for review beside someone, with the reasons, words of
    their name): erasure sets `blank` in the items naming an erased record."""

    model: type[models.Model]
    field: str
    blank: dict[str, Any]
    key: str = "person"

    def forget(self, ids: list[int]) -> int:
        erased, changed = set(ids), 0
        rows = self.model._default_manager.only("pk", self.field)
        for row in rows.iterator(chunk_size=500):
            items = getattr(row, self.field) or []
            clean = [
                item | self.blank
                if isinstance(item, dict) and item.get(self.key) in erased
                else item
                for item in items
            ]
            if clean != items:
                self.model._default_manager.filter(pk=row.pk).update(**{self.field: clean})
                changed += 1
        return changed


MENTIONS: list[Mentions] = []


def register(holder: Holder | Mentions) -> None:
    """Called from an app's `ready()`: its records are erased, exported and retained
    with the person's; its mentions of the person are blanked with them."""
    if isinstance(holder, Mentions):
        MENTIONS.append(holder)
    else:
        HOLDERS[holder.name] = holder


def pseudonym(pk: int) -> str:
    return f"erased-{pk}"


def whole_person(person: Person) -> list[int]:
    """Every record of this person: the last survivor of its merges and every record
    merged into it, at any depth (the survivor first)."""
    top = Person.objects.get(pk=person.pk)  # as stored: a merge may be newer than `person`
    while top.merged_into_id is not None:
        top = Person.objects.get(pk=top.merged_into_id)
    ids, frontier = [top.pk], [top.pk]
    while frontier:
        frontier = list(
            Person.objects.filter(merged_into__in=frontier).values_list("pk", flat=True)
        )
        ids += frontier
    return ids


@transaction.atomic
def request_erasure(person: Person, *, by: User | None) -> ErasureRequest:
    """The person asks to be forgotten (trusts its caller to be them, or to act for
    them). A second request while one is open gives back the first."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise PeopleError(_("This record was already erased."))
    open_request = person.erasure_requests.filter(status=ErasureRequest.Status.OPEN).first()
    if open_request is not None:
        return open_request
    erasure_request = ErasureRequest.objects.create(
        person=person, requested_by=by if by is not None and by.pk else None
    )
    audit.record(actor=by, action="person.erasure_requested", target=person)
    return erasure_request


@transaction.atomic
def decline_erasure(erasure_request: ErasureRequest, *, by: User) -> ErasureRequest:
    """Staff decline a request (the law may oblige the registry to keep the record).
    Checks its caller: `by` must erase (access: people.erase, network-wide)."""
    if not access.allowed(by, Action.PEOPLE_ERASE):
        raise PeopleError(_("Only Committee staff may decide erasure requests."))
    erasure_request = ErasureRequest.objects.select_for_update().get(pk=erasure_request.pk)
    if erasure_request.status != ErasureRequest.Status.OPEN:
        raise PeopleError(_("This request was already decided."))
    decide(ErasureRequest.objects.filter(pk=erasure_request.pk), ErasureRequest.Status.DECLINED, by)
    audit.record(actor=by, action="person.erasure_declined", target=erasure_request.person)
    erasure_request.refresh_from_db()
    return erasure_request


def decide(requests: models.QuerySet, status: str, by: User) -> int:
    return requests.filter(status=ErasureRequest.Status.OPEN).update(
        status=status, decided_at=timezone.now(), decided_by=by
    )


@transaction.atomic
def erase_person(person: Person, *, by: User) -> dict[str, int]:
    """Anonymise a person and every record merged with them, in one transaction;
    returns what was touched, by kind. Checks its caller: `by` must erase (access:
    people.erase, network-wide). Refused while the person's account holds an office
    role: revoke it first."""
    if not access.allowed(by, Action.PEOPLE_ERASE):
        raise PeopleError(_("Only Committee staff may erase a person."))
    ids = whole_person(person)
    people = list(Person.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if all(record.erased_at is not None for record in people):
        raise PeopleError(_("This person was already erased."))
    accounts = list(User.objects.filter(person__in=ids))
    if any(account.roles.exists() or access.in_office(account) for account in accounts):
        raise PeopleError(
            _("This person's account holds an office role; revoke it before erasing them.")
        )
    now = timezone.now()
    report = {"records": len(ids)}
    report |= erase_records(ids, now)
    for holder in HOLDERS.values():
        rows = list(holder.of(ids).values_list("pk", flat=True))
        holder.model._default_manager.filter(pk__in=rows).update(**holder.blank)
        report[holder.name] = len(rows)
        report["audit entries"] += audit.scrub(holder.label, rows, holder.blank)
        forget_in_admin_log(holder.model, rows)
    report["mentions"] = sum(mentions.forget(ids) for mentions in MENTIONS)
    report["accounts"] = erase_accounts(accounts)
    decide(ErasureRequest.objects.filter(person__in=ids), ErasureRequest.Status.ERASED, by)
    audit.record(actor=by, action="person.erased", target=people[0], changes={"erased": report})
    return report


def erase_records(ids: list[int], now) -> dict[str, int]:
    """The records themselves, their name index, merges, duplicate pairs and consents,
    and the person's values in the audit log."""
    for pk in ids:
        Person.objects.filter(pk=pk).update(
            full_name=pseudonym(pk), erased_at=now, user=None, **BLANK
        )
    words = list(PersonNameWord.objects.filter(person_id__in=ids).values_list("word_id", flat=True))
    PersonNameWord.objects.filter(person_id__in=ids).delete()
    PersonNamePair.objects.filter(person_id__in=ids).delete()
    # A word no one else's name holds would still spell this person's name.
    held = PersonNameWord.objects.filter(word_id__in=words).values("word_id")
    NameWord.objects.filter(pk__in=words).exclude(pk__in=held).delete()
    for merge in Merge.objects.filter(models.Q(survivor__in=ids) | models.Q(merged__in=ids)):
        blanked_merge(merge)
    pairs, _kinds = DuplicatePair.objects.filter(
        models.Q(first__in=ids) | models.Q(second__in=ids)
    ).delete()
    consents = Consent.objects.filter(person__in=ids, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    forget_in_admin_log(Person, ids)
    return {
        "duplicate pairs": pairs,
        "consents withdrawn": consents,
        "audit entries": audit.scrub(Person._meta.label_lower, ids, PERSONAL),
    }


def blanked_merge(merge: Merge) -> None:
    """What a merge kept of the person (the survivor's values before, and whatever
    else it noted: the values it wrote, the rows it folded), as erasure leaves them:
    values an undo can still restore (blank, not a marker), so that undoing it later
    restores no one and does not fail."""
    blank = {Person._meta.get_field(name).attname: value for name, value in BLANK.items()}
    blank["full_name"] = pseudonym(merge.survivor_id)
    for holder in HOLDERS.values():
        blank |= {name: value for name, value in holder.blank.items() if name not in blank}
    merge.before = blanked(merge.before, blank)
    merge.moved = blanked(merge.moved, blank)
    if isinstance(merge.moved, dict) and "taken" not in merge.moved:
        # Where a merge does not note the values it wrote, its undo reads them from
        # the audit entry, now scrubbed: noted here, blank, the undo needs not.
        merge.moved["taken"] = {name: blank[name] for name in merge.before if name in blank}
    merge.save(update_fields=["before", "moved"])


def blanked(value: Any, blank: dict[str, Any]) -> Any:
    """`value` (JSON) with every entry named in `blank`, at any depth, set to its blank."""
    if isinstance(value, dict):
        return {k: blank[k] if k in blank else blanked(v, blank) for k, v in value.items()}
    if isinstance(value, list):
        return [blanked(item, blank) for item in value]
    return value


def erase_accounts(accounts: list[User]) -> int:
    """The person's accounts can no longer log in and no longer name them; the entries
    they wrote name their pseudonym."""
    for account in accounts:
        account.username = f"erased-user-{account.pk}"
        account.first_name = account.last_name = account.email = ""
        account.is_active = False
        account.set_unusable_password()
        account.save()
        ApiToken.objects.filter(user=account).delete()
        audit.pseudonymise_actor(account, account.username)
    return len(accounts)


def forget_in_admin_log(model: type[models.Model], ids: list[int]) -> None:
    """The back office's own history names each record it changed as it read then."""
    if ids:
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in ids],
        ).update(object_repr=audit.ERASED)
