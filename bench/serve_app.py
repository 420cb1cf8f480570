"""The steps of bench/serve.py that run inside Django, in a process of their own with
the benchmark's environment: `python -m bench.serve_app prepare --people N` migrates,
collects the static files, loads the demo network and prints (JSON) a token for the
demo Committee staff account, the public pages to ask for, search words taken from
the registry's surnames and the upcoming events to register people at."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

import django


def prepare(people: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaspora.settings")
    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone, translation

    from diaspora.accounts.models import User
    from diaspora.accounts.tokens import issue_token
    from diaspora.directory.queries import public_organisations
    from diaspora.events.queries import visible_events
    from diaspora.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo", people=people, verbosity=0)
    staff = User.objects.get(username="committee")
    with translation.override("en"):
        pages = [reverse("home"), reverse("organisations"), reverse("events"), reverse("countries")]
        pages += [
            reverse("organisation", args=[slug])
            for slug in public_organisations().order_by("pk").values_list("slug", flat=True)[:8]
        ]
        # Public pages anyone may open; registrations at events the staff may manage.
        upcoming = (
            visible_events(AnonymousUser())
            .filter(starts_at__gt=timezone.now())
            .order_by("starts_at")
        )
        pages += [reverse("event", args=[pk]) for pk in upcoming.values_list("pk", flat=True)[:4]]
    surnames = list(Person.objects.order_by("pk").values_list("surname", flat=True)[:400:20])
    return {
        "token": issue_token(staff, label="bench-serve"),
        "pages": pages,
        "words": [word for word in surnames if word],
        "events": list(upcoming.values_list("pk", flat=True)[:8]),
        "people": Person.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["prepare"])
    parser.add_argument("--people", type=int, default=20_000)
    args = parser.parse_args()
    print(json.dumps(prepare(args.people)))


if __name__ == "__main__":
    main()
