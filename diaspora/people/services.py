"""Changes to compatriots' records. Each function is one transaction and is audited.

Every function here trusts its caller to have asked diaspora.access: the admin's
person pages (people.edit, over `visible_people(user, people.edit)`), a compatriot's
own pages (people.edit on their own record), the import service (which checks
people.import) and the events' services (registering someone is theirs to allow).
`by` is only who is recorded as having done it; None is the system."""

from datetime import date, datetime
from typing import Any

import phonenumbers
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diaspora import bulk, names
from diaspora.accounts import audit
from diaspora.accounts.models import User
from diaspora.directory.models import City, Organisation

from . import name_words, unreadable
from .models import Consent, Membership, Person
from .phones import UnreadablePhone, read_phone

PERSON_FIELDS = (
    "full_name",
    "given_name",
    "surname",
    "patronymic",
    "birth_date",
    "sex",
    "email",
    "phone",
    "country",
    "city",
    "citizenships",
    "languages",
)


class PeopleError(ValueError):
    """A change the registry refuses; the message is meant for the user."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def normalise_phone(raw: str, country_code: str | None) -> str:
    """A phone number in E.164 (+994501234567); national numbers are read in the
    country of residence or the homeland, whichever they fit (see `phones`)."""
    raw = raw.strip()
    if not raw:
        return ""
    try:
        return read_phone(raw, country_code)
    except UnreadablePhone:
        raise PeopleError(
            _(
                "“%(value)s” is not a phone number we can read; write it with the country code, "
                "e.g. %(example)s."
            )
            % {"value": raw, "example": example_phone(country_code)},
            field="phone",
        ) from None


def example_phone(country_code: str | None) -> str:
    """A number as the person's country writes it with its code (the homeland's when
    the country is not known): the example a London list is shown is British."""
    region = (country_code or settings.DIASPORA_HOMELAND).upper()
    number = phonenumbers.example_number(region) or phonenumbers.example_number("GB")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def complete_name(values: dict[str, Any], scripts: dict[str, str] | None = None) -> None:
    """Keep the name as written, and fill the parts or the whole from each other
    (`scripts` remembers the script of names already seen)."""
    full = " ".join(str(values.get("full_name") or "").split())
    parts = [values.get(key) or "" for key in ("surname", "given_name", "patronymic")]
    if not full and not any(parts):
        raise PeopleError(_("A name is required."), field="full_name")
    if not full:
        full = " ".join(part for part in (parts[1], parts[2], parts[0]) if part)
    elif not any(parts):
        parsed = names.parse(full)
        values.update(given_name=parsed.given, surname=parsed.surname, patronymic=parsed.patronymic)
    values["full_name"] = full
    if scripts is None:
        values["script"] = names.detect_script(full)
    else:
        if full not in scripts:
            scripts[full] = names.detect_script(full)
        values["script"] = scripts[full]


def check_person(values: dict[str, Any]) -> None:
    """Refuse what cannot be right, and put the phone number in its stored form."""
    birth_date = values.get("birth_date")
    if birth_date is not None and birth_date > date.today():
        raise PeopleError(_("The date of birth is in the future."), field="birth_date")
    city, country = values.get("city"), values.get("country")
    if city is not None and country is not None and city.country_id != country.pk:
        raise PeopleError(_("The city is not in the country of residence."), field="city")
    if values.get("phone"):
        values["phone"] = normalise_phone(values["phone"], getattr(country, "pk", None))


@transaction.atomic
def register_person(*, by: User | None, **values: Any) -> Person:
    unknown = set(values) - set(PERSON_FIELDS) - {"user"}
    if unknown:
        raise PeopleError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    complete_name(values)
    check_person(values)
    citizenships = values.pop("citizenships", [])
    person = Person.objects.create(**values)
    person.citizenships.set(citizenships)
    name_words.index_people([person])
    audit.record(
        actor=by, action="create", target=person, changes=audit.diff({}, audit.snapshot(person))
    )
    return person


@transaction.atomic
def register_many(
    records: list[dict[str, Any]],
    *,
    by: User | None,
    organisation: Organisation,
    roles: list[str],
    since: list[date | None],
    action: str = "import",
) -> list[int]:
    """Register many people at once as members of an organisation, as `register_rows`
    does, from records as `register_person` takes them (a Country, a City, phones as
    written), each checked here; a record the registry refuses stops the whole batch.
    Returns the new ids in the order of the records."""
    checked = []
    for values in records:
        values = dict(values)
        complete_name(values)
        check_person(values)
        country, city = values.pop("country", None), values.pop("city", None)
        values["country_id"] = country.pk if country is not None else None
        values["city_id"] = city.pk if city is not None else None
        checked.append(values)
    return register_rows(
        checked, by=by, organisation=organisation, roles=roles, since=since, action=action
    )


@transaction.atomic
def register_rows(
    records: list[dict[str, Any]],
    *,
    by: User | None,
    organisation: Organisation,
    roles: list[str],
    since: list[date | None],
    action: str = "import",
    facts: name_words.NameFacts | None = None,
) -> list[int]:
    """Register many people at once as members of an organisation (person, name words,
    membership, consent given through the organisation's list, an audit entry each),
    written in bulk without a model instance per person, for imports of a million;
    returns the new ids in the order of the records. The records come checked, as an
    import's dry run leaves them: names cleaned (and completed by `complete_name`,
    unless they lack their `script`), phones in E.164, `country_id` a code, `city_id`
    a city of it.
    `facts` carries what the check learnt of the names from one call to the next."""
    now = timezone.now()
    facts = facts or name_words.NameFacts()
    ids = bulk.reserve_ids(Person, len(records))
    countries = dict(
        City.objects.filter(
            pk__in={values["city_id"] for values in records if values.get("city_id") is not None}
        ).values_list("pk", "country_id")
    )
    people = []
    for pk, values in zip(ids, records, strict=True):
        values = dict(values, id=pk)
        if "script" not in values:
            complete_name(values, facts.scripts)
        if values.get("birth_date") is not None and values["birth_date"] > now.date():
            raise PeopleError(_("The date of birth is in the future."), field="birth_date")
        city = values.get("city_id")
        if city is not None and countries.get(city, "") != values.get("country_id"):
            raise PeopleError(_("The city is not in the country of residence."), field="city")
        people.append(values)
    bulk.insert(Person, *bulk.plain_rows(Person, people, now=now, with_pk=True))
    name_words.index_new(((values["id"], values["full_name"]) for values in people), facts)
    bulk.insert(
        Membership,
        *bulk.plain_rows(
            Membership,
            (
                {"person_id": pk, "role": role, "started_on": started}
                for pk, role, started in zip(ids, roles, since, strict=True)
            ),
            now=now,
            fixed={"organisation_id": organisation.pk},
        ),
    )
    consent = {
        "purpose": Consent.Purpose.REGISTRY,
        "given_at": now,
        "method": Consent.Method.IMPORT,
        "recorded_by_id": by.pk if by is not None and by.pk else None,
    }
    bulk.insert(
        Consent,
        *bulk.plain_rows(Consent, ({"person_id": pk} for pk in ids), now=now, fixed=consent),
    )
    # Every field set, and the organisation joined.
    audit.record_created(
        actor=by,
        action=action,
        model=Person,
        rows=people,
        extra={"organisation": [None, organisation.pk]},
        now=now,
    )
    return ids


@transaction.atomic
def update_person(person: Person, *, by: User | None, **changes: Any) -> Person:
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise PeopleError(_("These fields cannot be changed here: %s") % ", ".join(sorted(unknown)))
    before = audit.snapshot(person)
    values = {name: getattr(person, name) for name in PERSON_FIELDS if name != "citizenships"}
    values.update(changes)
    name_changed = {"full_name", "given_name", "surname", "patronymic"} & set(changes)
    if "full_name" in changes and not {"given_name", "surname", "patronymic"} & set(changes):
        values.update(given_name="", surname="", patronymic="")
    if name_changed:
        complete_name(values)
    check_person(values)
    citizenships = values.pop("citizenships", None)
    corrected = {
        name for name in changes if name in values and values[name] != getattr(person, name)
    }
    for name, value in values.items():
        setattr(person, name, value)
    # A value a list gave that could not be read is dropped once its field is corrected.
    person.unreadable = unreadable.cleared(person.unreadable, corrected)
    person.save()
    if name_changed:
        name_words.index_people([person])
    if citizenships is not None:
        person.citizenships.set(citizenships)
    changed = audit.diff(before, audit.snapshot(person))
    if changed:
        audit.record(actor=by, action="update", target=person, changes=changed)
    return person


@transaction.atomic
def add_membership(
    person: Person,
    organisation: Organisation,
    *,
    by: User | None,
    role: str = Membership.Role.MEMBER,
    started_on: date | None = None,
) -> Membership:
    membership = Membership.objects.create(
        person=person, organisation=organisation, role=role, started_on=started_on
    )
    audit.record(
        actor=by,
        action="add membership",
        target=person,
        changes={"organisation": [None, organisation.pk], "role": [None, role]},
    )
    return membership


@transaction.atomic
def end_membership(
    membership: Membership, *, by: User | None, on: date | None = None
) -> Membership:
    ended_on = on or date.today()
    if membership.started_on and ended_on < membership.started_on:
        raise PeopleError(_("A membership cannot end before it started."), field="ended_on")
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on"])
    audit.record(
        actor=by,
        action="end membership",
        target=membership.person,
        changes={
            "organisation": [membership.organisation_id, membership.organisation_id],
            "ended_on": [None, ended_on],
        },
    )
    return membership


@transaction.atomic
def give_consent(
    person: Person,
    purpose: str,
    *,
    by: User | None,
    method: str,
    at: datetime | None = None,
) -> Consent:
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        method=method,
        given_at=at or timezone.now(),
        recorded_by=by if by is not None and by.pk else None,
    )
    audit.record(
        actor=by,
        action="give consent",
        target=person,
        changes={"purpose": [None, purpose], "method": [None, method]},
    )
    return consent


@transaction.atomic
def withdraw_consent(consent: Consent, *, by: User | None) -> Consent:
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit.record(
            actor=by,
            action="withdraw consent",
            target=consent.person,
            changes={"purpose": [consent.purpose, consent.purpose]},
        )
    return consent


RELATION_FIELDS = {
    Membership: ("organisation", "role", "started_on", "ended_on"),
    Consent: ("purpose", "given_at", "method", "withdrawn_at"),
}


@transaction.atomic
def save_relation(relation: Membership | Consent, *, by: User | None) -> Membership | Consent:
    """Save a membership or consent edited in the back office, with its audit entry."""
    fields = list(RELATION_FIELDS[type(relation)])
    before = {}
    if relation.pk:
        before = audit.snapshot(type(relation).objects.get(pk=relation.pk), fields)
    if isinstance(relation, Consent) and not relation.pk:
        relation.recorded_by = by if by is not None and by.pk else None
    relation.full_clean(exclude=["person"])
    relation.save()
    changes = audit.diff(before, audit.snapshot(relation, fields))
    if changes:
        kind = relation._meta.model_name
        action = f"{'update' if before else 'add'} {kind}"
        audit.record(actor=by, action=action, target=relation.person, changes=changes)
    return relation


@transaction.atomic
def remove_relation(relation: Membership, *, by: User | None) -> None:
    fields = list(RELATION_FIELDS[type(relation)])
    changes = {name: [value, None] for name, value in audit.snapshot(relation, fields).items()}
    audit.record(
        actor=by,
        action=f"remove {relation._meta.model_name}",
        target=relation.person,
        changes=changes,
    )
    relation.delete()
