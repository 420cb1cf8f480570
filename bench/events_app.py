"""The benchmark's steps inside the app: run by bench/events.py in a child process
with the app's environment (Django reads DATABASE_URL once per process).

    python -m bench.events_app prepare --capacity 100 --people 200000   # → JSON
    python -m bench.events_app verify EVENT_ID...                       # → JSON
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

SPREAD_EVENTS = 32


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    # Development settings unless production's are set above (debug is off by default).
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()


def fill_registry(people: int) -> None:
    """`people` bare records (a name and an address each), written by SQL in one go:
    what a registration looks an address up in is the registry, not an empty table."""
    from django.db import connection

    columns = (
        "full_name, script, given_name, surname, patronymic, sex, email, phone, languages,"
        " unreadable, created_at, updated_at"
    )
    values = (
        "'Filler ' || n, 'latin', 'Filler', 'Person' || n, '', '', 'filler' || n ||"
        " '@example.net', '', '[]', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO people_person ({columns}) SELECT {values}"
                " FROM generate_series(1, %s) AS n",
                [people],
            )
        else:
            cursor.execute(
                f"INSERT INTO people_person ({columns}) WITH RECURSIVE g(n) AS"
                " (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < %s)"
                f" SELECT {values} FROM g",
                [people],
            )
        cursor.execute("ANALYZE")


def prepare(capacity: int, people: int) -> dict[str, Any]:
    """Migrate, collect the static files, fill the registry, configure the network,
    create the manager, the token and the events."""
    _django()
    from datetime import timedelta

    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from diaspora.accounts.models import User
    from diaspora.accounts.services import grant_role
    from diaspora.accounts.tokens import issue_token
    from diaspora.directory import services as directory
    from diaspora.directory.models import Country
    from diaspora.events import services as events
    from diaspora.events.models import EventKind

    call_command("migrate", verbosity=0)
    # DJANGO_DEBUG=0 serves static files from the manifest, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    fill_registry(people)
    config = directory.load_deployment(settings.DIASPORA_DEPLOYMENT)
    root = directory.configure_network(config)
    events.configure_events(config)
    germany = Country.objects.get(code="DE")
    berlin = directory.ensure_city(germany, name="Berlin", timezone="Europe/Berlin")
    kind = EventKind.objects.order_by("position").first()
    starts = timezone.now().replace(microsecond=0) + timedelta(days=30)

    def event(title: str, places: int | None) -> int:
        return events.create_event(
            by=None,
            organisers=[root],
            kind=kind,
            title=title,
            country=germany,
            city=berlin,
            timezone="Europe/Berlin",
            starts_at=starts,
            capacity=places,
        ).pk

    manager = User.objects.create_user("bench-manager")
    grant_role(manager, "manager", root, by=None)
    return {
        "token": issue_token(manager),
        "hot": event("Novruz evening", None),
        "hot-full": event("Congress of compatriots", capacity),
        "spread": [event(f"Evening {n}", None) for n in range(SPREAD_EVENTS)],
    }


def verify(event_ids: list[int]) -> dict[str, Any]:
    """Each event's counters and rows, and whether the confirmed came first."""
    _django()
    from django.db import connection

    from diaspora.events.models import Event, Registration

    found = {}
    for event in Event.objects.filter(pk__in=event_ids):
        statuses = list(
            Registration.objects.filter(event=event).order_by("id").values_list("status", flat=True)
        )
        confirmed = statuses.count(Registration.Status.CONFIRMED)
        waitlisted = statuses.count(Registration.Status.WAITLISTED)
        found[str(event.pk)] = {
            "capacity": event.capacity,
            "confirmed_count": event.confirmed_count,
            "waitlisted_count": event.waitlisted_count,
            "confirmed_rows": confirmed,
            "waitlisted_rows": waitlisted,
            "rows": len(statuses),
            "first_come_first_served": statuses
            == sorted(statuses, key=lambda s: s != Registration.Status.CONFIRMED),
        }
    return {"events": found, "database": connection.vendor}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    step = sub.add_parser("prepare", help="migrate, fill the registry, create the events")
    step.add_argument("--capacity", type=int, default=100)
    step.add_argument("--people", type=int, default=200_000)
    check = sub.add_parser("verify", help="counters and rows of events")
    check.add_argument("events", nargs="+", type=int)
    args = parser.parse_args()
    if args.command == "prepare":
        print(json.dumps(prepare(args.capacity, args.people)))
    else:
        print(json.dumps(verify(args.events)))


if __name__ == "__main__":
    main()
