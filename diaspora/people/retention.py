"""How long the registry keeps what it no longer needs, set in
`settings.DIASPORA_RETENTION`, applied by the task worker (`apply_retention`, queued
by a scheduler or `manage.py apply_retention --background`) or by `manage.py
apply_retention [--dry-run]` itself.

- uploaded files (member lists) are deleted after `uploaded_lists_days` days; the
  rows a list held for review go with them;
- the names and addresses on registrations for events that started more than
  `<holder>_years` years ago (`registrations_years`) are blanked: the registration,
  its status and the event's totals stay;
- the audit entries of people already erased are scrubbed again, in case an entry
  about them was written with a personal value after they were erased.

A rule whose setting is missing or None does nothing. A dry run counts and changes
nothing; a real run is audited with its counts.

These functions trust their caller: they are run by the operator's command or the
task worker as the system (no user's rights apply), never from a page."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django_tasks import task

from diaspora.accounts import audit
from diaspora.accounts.models import AuditEntry, User

from .erasure import HOLDERS, PERSONAL
from .models import Person

CHUNK = 2000


@dataclass(frozen=True)
class UploadRule:
    """Files uploaded into `model.<file>` deleted `setting` days after `<at>`, with the
    fields in `clear` set to their values; rows matching `keep` are left alone (a
    list still being worked on)."""

    name: str
    setting: str
    model: type[models.Model]
    file: str
    at: str
    clear: dict[str, Any] = field(default_factory=dict)
    keep: models.Q = field(default_factory=models.Q)


UPLOADS: dict[str, UploadRule] = {}


def register_uploads(rule: UploadRule) -> None:
    """Called from an app's `ready()` (imports: its member lists)."""
    UPLOADS[rule.name] = rule


def rules() -> dict[str, Any]:
    return dict(getattr(settings, "DIASPORA_RETENTION", {}) or {})


def apply(*, dry_run: bool, by: User | None = None) -> dict[str, int]:
    """Apply every rule; returns how many rows each touched (or would). `by` is who
    asked (None: the worker or a command run by the operator)."""
    now = timezone.now()
    limits = rules()
    report: dict[str, int] = {}
    with transaction.atomic():
        for rule in UPLOADS.values():
            days = limits.get(rule.setting)
            if days is not None:
                report[rule.name] = expire_uploads(rule, now - timedelta(days=days), dry_run)
        for holder in HOLDERS.values():
            years = limits.get(f"{holder.name}_years")
            if holder.ended is not None and years is not None:
                cutoff = now - timedelta(days=round(365.25 * years))
                report[holder.name] = blank_ended(holder, cutoff, dry_run)
        report["audit entries of erased people"] = scrub_erased(dry_run)
        if not dry_run:
            audit.record_about(
                actor=by,
                action="retention.applied",
                target_type="retention",
                changes={"counts": report, "rules": limits},
            )
    return report


@task()
def apply_retention(dry_run: bool = False) -> dict[str, int]:
    """The rules, run by the task worker."""
    return apply(dry_run=dry_run)


def expire_uploads(rule: UploadRule, cutoff, dry_run: bool) -> int:
    rows = (
        rule.model._default_manager.filter(**{f"{rule.at}__lt": cutoff})
        .exclude(**{rule.file: ""})
        .exclude(rule.keep)
    )
    if dry_run:
        return rows.count()
    files = list(rows.values_list("pk", rule.file))
    rule.model._default_manager.filter(pk__in=[pk for pk, _name in files]).update(
        **{rule.file: ""}, **rule.clear
    )
    storage = rule.model._meta.get_field(rule.file).storage
    # Only once the rows no longer point at them: a rollback keeps both.
    transaction.on_commit(lambda: [storage.delete(name) for _pk, name in files if name])
    return len(files)


def blank_ended(holder, cutoff, dry_run: bool) -> int:
    """The holder's personal fields blanked on its rows that ended before `cutoff`."""
    rows = holder.model._default_manager.filter(**{f"{holder.ended}__lt": cutoff}).exclude(
        **holder.blank
    )
    if dry_run:
        return rows.count()
    ids = list(rows.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        holder.model._default_manager.filter(pk__in=chunk).update(**holder.blank)
        audit.scrub(holder.label, chunk, holder.blank)
    return len(ids)


def scrub_erased(dry_run: bool) -> int:
    """Entries about erased people written since they were erased (erasure scrubbed
    those before): read back only to a day before the last run, not the whole log of
    every erased person each time; the day covers entries that committed late."""
    last = AuditEntry.objects.filter(action="retention.applied").order_by("-at").first()
    since = last.at - timedelta(days=1) if last is not None else None
    ids = list(Person.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        changed += audit.scrub(
            Person._meta.label_lower, chunk, PERSONAL, dry_run=dry_run, since=since
        )
        for holder in HOLDERS.values():
            rows = list(holder.of(chunk).values_list("pk", flat=True))
            changed += audit.scrub(holder.label, rows, holder.blank, dry_run=dry_run, since=since)
    return changed
