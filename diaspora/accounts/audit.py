"""The audit log of changes to personal data: the only writer of AuditEntry."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection, models

from diaspora import bulk

from .models import AuditEntry, User


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Field values of an instance, foreign keys as ids, many-to-many as sorted id lists."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        values[field.name] = field.value_from_object(instance)
    for field in instance._meta.many_to_many:
        if (fields is None or field.name in fields) and instance.pk:
            values[field.name] = sorted(obj.pk for obj in getattr(instance, field.name).all())
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value and name not in {"updated_at", "created_at"}
    }


def record(
    *, actor: User | None, action: str, target: models.Model, changes: dict[str, Any] | None = None
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor.get_username() if actor is not None and actor.pk else "system",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        changes=changes or {},
    )


def record_rows(
    *,
    actor: User | None,
    action: str,
    target_type: str,
    changes: Iterable[tuple[Any, dict[str, Any]]],
    now: datetime,
) -> int:
    """One entry per target, given as (id, changes), for a million targets: written in
    bulk without a model instance per entry."""
    known = actor is not None and actor.pk
    fixed = {
        "actor_id": actor.pk if known else None,
        "actor_name": actor.get_username() if known else "system",
        "action": action,
        "target_type": target_type,
    }
    return bulk.insert(
        AuditEntry,
        *bulk.plain_rows(
            AuditEntry,
            ({"target_id": str(pk), "changes": change} for pk, change in changes),
            now=now,
            fixed=fixed,
        ),
    )


def record_created(
    *,
    actor: User | None,
    action: str,
    model: type[models.Model],
    rows: list[dict[str, Any]],
    extra: dict[str, Any],
    now: datetime,
) -> int:
    """One entry per row just inserted into `model` (given as attname → value, with
    the id): every concrete field that holds a value, as [None, value], and `extra`.
    On PostgreSQL the database builds each entry from the row it holds (no JSON
    written and parsed again for a million rows); elsewhere `record_rows` does."""
    fields = [
        (f.name, f.attname, f.column, f.get_default())
        for f in model._meta.concrete_fields
        if f.name not in {"created_at", "updated_at"}
    ]
    if connection.vendor != "postgresql":
        return record_rows(
            actor=actor,
            action=action,
            target_type=model._meta.label_lower,
            changes=(
                (
                    values["id"],
                    {
                        name: [None, values.get(attname, default)]
                        for name, attname, _column, default in fields
                        if values.get(attname, default) is not None
                    }
                    | extra,
                )
                for values in rows
            ),
            now=now,
        )
    known = actor is not None and actor.pk
    # Each pair as JSON text, parsed once: a third cheaper than building the object
    # with jsonb functions. A NULL value makes its pair NULL, and concat_ws leaves it
    # out, as the Python path does.
    pairs = ", ".join(
        f"'\"{name}\":[null,' || to_json(row.\"{column}\") || ']'"
        for name, _attname, column, _default in fields
    )
    sql = (
        f"INSERT INTO {AuditEntry._meta.db_table} "  # noqa: S608 (names from the models)
        "(at, actor_id, actor_name, action, target_type, target_id, changes) "
        f"SELECT %s, %s, %s, %s, %s, row.id::text, "
        f"('{{' || concat_ws(',', {pairs}) || '}}')::jsonb || %s::jsonb "
        f"FROM {model._meta.db_table} AS row WHERE row.id = ANY(%s) ORDER BY row.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                now,
                actor.pk if known else None,
                actor.get_username() if known else "system",
                action,
                model._meta.label_lower,
                bulk.json_text(extra),
                [values["id"] for values in rows],
            ],
        )
        return cursor.rowcount
