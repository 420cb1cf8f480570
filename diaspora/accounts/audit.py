"""The audit log of changes to personal data: the only writer of AuditEntry.

Entries are only ever added, with one exception: erasing a person (and the retention
run after it) replaces the personal values in that person's entries by `ERASED`, so
that the log keeps who did what and when, but of the person only their record's
number, a pseudonym once the record holds nothing else."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from diaspora import bulk

from .models import AuditEntry, User

# Actions named since the log had a registry: dotted, "<what>.<done>", so the log
# can be filtered by what they touch and each has a label to translate. Entries
# written before keep their plain words ("update", "merge"), labelled in LEGACY.
ACTIONS = {
    "person.erased": _("person erased"),
    "person.erasure_requested": _("erasure requested"),
    "person.erasure_declined": _("erasure request declined"),
    "person.data_downloaded": _("own data downloaded"),
    "people.export": _("people exported"),
    "registrations.export": _("an event's registrations exported"),
    "report.published": _("yearly report published"),
    "report.records_read": _("the records behind a report's figure read through the API"),
    "people.api_list": _("people listed through the API"),
    "registrations.api_list": _("an event's registrations listed through the API"),
    "retention.applied": _("retention rules applied"),
    "backup.made": _("backup made"),
    "backup.restored": _("backup restored"),
    "account.logged_in": _("logged in"),
    "account.locked_out": _("login locked after too many failed attempts"),
    "role.granted": _("role granted"),
    "role.changed": _("role changed"),
    "role.revoked": _("role revoked"),
    "user.created": _("user account created"),
    "user.changed": _("user account changed"),
    "invitation.sent": _("invitation sent"),
    "invitation.accepted": _("invitation accepted"),
    "invitation.revoked": _("invitation revoked"),
    "token.created": _("API token created"),
    "token.revoked": _("API token revoked"),
    "api.locked_out": _("client address locked out after wrong API tokens"),
    "attendance.recorded": _("attendance at an online event recorded"),
    "attendance.confirmed": _("attendance confirmed as this person's"),
    "attendance.rejected": _("attendance found not to be this person's"),
    "attendance.api_list": _("an event's attendance read through the API"),
    "congress.created": _("congress set up"),
    "congress.quotas_set": _("congress quotas set"),
    "congress.commission_set": _("credentials commission set"),
    "congress.weight_set": _("delegate's vote weight set"),
    "congress.nominated": _("nominated for a congress"),
    "congress.nomination_decided": _("nomination decided by the credentials commission"),
    "congress.accredited": _("accredited to a congress"),
    "congress.photo_set": _("badge photo set"),
    "congress.badges_printed": _("a congress's badges printed"),
    "congress.session_added": _("congress session added"),
    "congress.motion_added": _("motion put on the agenda"),
    "congress.vote_opened": _("vote opened"),
    "congress.voted": _("voted (secret ballot)"),
    "congress.vote_cast": _("vote cast (open ballot)"),
    "congress.vote_closed": _("vote closed"),
    "honours.round_opened": _("honours round opened"),
    "honours.panel_named": _("review panel named"),
    "nomination.created": _("nominated"),
    "nomination.endorsement_asked": _("endorsement asked"),
    "nomination.endorsed": _("endorsed"),
    "nomination.to_review": _("enough endorsements: sent to review"),
    "nomination.conflict_found": _("a score refused: conflict of interest"),
    "nomination.reviewed": _("a reviewer gave their verdict"),
    "nomination.decided": _("decided"),
    "nomination.carried_over": _("deferred from an earlier round: in review again"),
    "nomination.outcome_sent": _("outcome emailed to the nominating organisation"),
    "nomination.certificate_downloaded": _("certificate downloaded"),
    "award.recorded": _("recipient entered in the register"),
}
LEGACY = {
    "create": _("created"),
    "update": _("changed"),
    "import": _("imported"),
    "merge": _("merged"),
    "merged into": _("merged into another record"),
    "undo merge": _("merge undone"),
    "add membership": _("membership added"),
    "end membership": _("membership ended"),
    "give consent": _("consent given"),
    "withdraw consent": _("consent withdrawn"),
    "register": _("registered for an event"),
    "promote": _("moved up from the waiting list"),
    "cancel registration": _("registration cancelled"),
    "check in": _("checked in"),
    "grant role": _("role granted"),
    "revoke role": _("role revoked"),
}
# What an erased value is replaced by, in the log and wherever else it was kept.
ERASED = "[erased]"


def label(action: str) -> str:
    """The action's label in the current language, or the action itself if unknown."""
    return str(ACTIONS.get(action) or LEGACY.get(action) or action)


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


def record_about(
    *,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """An entry about something that is not one saved record: a list read, an export,
    a retention run. `target_id` is empty when the entry is about many."""
    if action not in ACTIONS:
        raise ValueError(f"Unregistered audit action {action!r}")
    known = actor is not None and actor.pk
    return AuditEntry.objects.create(
        actor=actor if known else None,
        actor_name=actor.get_username() if known else "system",
        action=action,
        target_type=target_type,
        target_id=target_id,
        changes=changes or {},
    )


def record_read(
    *, actor: User | None, action: str, target_type: str, count: int, query: dict[str, Any]
) -> AuditEntry:
    """Personal data read in bulk (an export, an API list): one entry for the read, with
    how many records it returned and what was asked, never the records themselves."""
    return record_about(
        actor=actor,
        action=action,
        target_type=target_type,
        changes={"count": count, "query": query},
    )


def scrubbed(changes: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """`changes` with every value of the named fields replaced by `ERASED` (a value
    that was empty stays empty: that it was empty says nothing)."""
    fields = set(fields)
    return {
        name: (
            [None if value in (None, "", []) else ERASED for value in pair]
            if name in fields and isinstance(pair, list)
            else (ERASED if name in fields and pair not in (None, "", []) else pair)
        )
        for name, pair in changes.items()
    }


def scrub(
    target_type: str,
    ids: Iterable[Any],
    fields: Iterable[str],
    *,
    dry_run: bool = False,
    since: datetime | None = None,
) -> int:
    """Replace the values of `fields` in the entries about these targets (written
    since `since`, if given); returns how many entries changed (or would, on a dry
    run). Used by erasure and the retention rules only (the log is otherwise
    append-only)."""
    fields = list(fields)
    changed = []
    entries = AuditEntry.objects.filter(
        target_type=target_type, target_id__in=[str(pk) for pk in ids]
    ).only("pk", "changes")
    if since is not None:
        entries = entries.filter(at__gte=since)
    for entry in entries.iterator(chunk_size=2000):
        clean = scrubbed(entry.changes or {}, fields)
        if clean != entry.changes:
            entry.changes = clean
            changed.append(entry)
    if not dry_run:
        AuditEntry.objects.bulk_update(changed, ["changes"], batch_size=1000)
    return len(changed)


def pseudonymise_actor(user: User, pseudonym: str) -> int:
    """Entries an erased person wrote themselves name them by their pseudonym."""
    return AuditEntry.objects.filter(actor=user).update(actor_name=pseudonym)


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
