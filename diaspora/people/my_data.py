"""Everything the registry holds about one person, in one ZIP file: each kind of data
as JSON (for programs) and CSV (for a spreadsheet), so a compatriot can see it all
and take it elsewhere."""

import csv
import io
import json
import zipfile
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from diaspora.accounts import audit
from diaspora.accounts.models import AuditEntry, User
from diaspora.csvsafe import safe_cell

from .erasure import HOLDERS, whole_person
from .models import Person

RECORD_FIELDS = (
    "id",
    "full_name",
    "given_name",
    "surname",
    "patronymic",
    "birth_date",
    "sex",
    "email",
    "phone",
    "country_id",
    "city__name",
    "languages",
    "unreadable",
    "created_at",
    "updated_at",
)


def gather(person: Person) -> dict[str, list[dict[str, Any]]]:
    """The person's data by kind: their record (and the records merged into it), its
    memberships, consents, the records other apps hold (registrations) and the audit
    entries about all of them."""
    ids = whole_person(person)
    records = list(Person.objects.filter(pk__in=ids).order_by("pk").values(*RECORD_FIELDS))
    citizenships: dict[int, list[str]] = {}
    for pk, code in Person.citizenships.through.objects.filter(person_id__in=ids).values_list(
        "person_id", "country_id"
    ):
        citizenships.setdefault(pk, []).append(code)
    for record in records:
        record["citizenships"] = sorted(citizenships.get(record["id"], []))
    data = {
        "record": records,
        "memberships": list(
            person.memberships.model.objects.filter(person_id__in=ids)
            .order_by("pk")
            .values("organisation__name", "role", "started_on", "ended_on")
        ),
        "consents": list(
            person.consents.model.objects.filter(person_id__in=ids)
            .order_by("pk")
            .values("purpose", "given_at", "withdrawn_at", "method")
        ),
    }
    about = [(Person._meta.label_lower, ids)]
    for holder in HOLDERS.values():
        rows = list(holder.of(ids).order_by("pk").values("pk", *holder.exported))
        data[holder.name] = [{k: v for k, v in row.items() if k != "pk"} for row in rows]
        about.append((holder.label, [row["pk"] for row in rows]))
    data["audit"] = audit_entries(about)
    return data


def audit_entries(about: list[tuple[str, list[int]]]) -> list[dict[str, Any]]:
    entries = []
    for target_type, ids in about:
        entries += AuditEntry.objects.filter(
            target_type=target_type, target_id__in=[str(pk) for pk in ids]
        ).values("at", "actor_name", "action", "target_type", "target_id", "changes")
    return sorted(entries, key=lambda entry: entry["at"])


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark, as the exports, so that Excel opens ə and Cyrillic.
    Lists and dicts are written as JSON inside their cell. Every cell is text the
    person gave or the registry wrote about them: a leading = is kept as written, but
    prefixed so that a spreadsheet does not run it."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: safe_cell(cell(value)) for key, value in row.items()})
    return buffer.getvalue().encode("utf-8-sig")


def cell(value: Any) -> str:
    if isinstance(value, list | dict):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def to_zip(data: dict[str, list[dict[str, Any]]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in data.items():
            text = json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            archive.writestr(f"{name}.json", text)
            archive.writestr(f"{name}.csv", as_csv(rows))
    return buffer.getvalue()


@transaction.atomic
def download(person: Person, *, by: User) -> bytes:
    """The person's ZIP file, its reading audited. Trusts its caller to have checked
    that `by` is the person (or acts for them)."""
    data = to_zip(gather(person))
    audit.record(actor=by, action="person.data_downloaded", target=person)
    return data
