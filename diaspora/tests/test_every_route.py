"""Every page and API route, for every role, with records inside and outside its reach:
no response shows the personal data of someone the role may not see, no request
changes them, and none ends in a server error.

The routes come from the URL conf and the OpenAPI schema (tests/routes.py), so a new
page is walked the day it is added; who may see whom is stated in tests/world.py."""

import copy
import json
import zlib
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Q

from diaspora.accounts.models import AuditEntry
from diaspora.events.models import Registration
from diaspora.people.models import Consent, DuplicatePair, Membership, Merge, Person

from . import routes
from .world import PEOPLE, ROLES, World, build

TEXT = ("text/", "application/json", "application/xml", "image/svg")


def hidden(world: World, role: str) -> dict[str, str]:
    return {marker.lower(): key for marker, key in world.hidden_markers(role).items()}


def readable(response) -> str:
    """The response as text to search: text types as they are, PDFs with their
    streams inflated, other files not at all (their access is checked apart)."""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith(TEXT):
        return body.decode("utf-8", "replace").lower()
    if kind.startswith("application/pdf"):
        parts = []
        for chunk in body.split(b"stream")[1:]:
            try:
                parts.append(zlib.decompress(chunk.lstrip(b"\r\n")).decode("latin-1"))
            except zlib.error:
                continue
        return (body.decode("latin-1") + "".join(parts)).lower()
    return ""


def fingerprint(world: World, role: str) -> str:
    """Everything about the people this role may not see, to tell whether a request
    changed any of it."""
    keys = [key for key in PEOPLE if key not in ROLES[role]]
    ids = [world.people[key].pk for key in keys]
    state = {
        "people": list(Person.objects.filter(pk__in=ids).order_by("pk").values()),
        "memberships": list(Membership.objects.filter(person__in=ids).order_by("pk").values()),
        "consents": list(Consent.objects.filter(person__in=ids).order_by("pk").values()),
        "registrations": list(Registration.objects.filter(person__in=ids).order_by("pk").values()),
        "merges": list(
            Merge.objects.filter(Q(survivor__in=ids) | Q(merged__in=ids)).order_by("pk").values()
        ),
        "pairs": list(
            DuplicatePair.objects.filter(Q(first__in=ids) | Q(second__in=ids))
            .order_by("pk")
            .values()
        ),
        "audit": AuditEntry.objects.filter(
            target_type="people.person", target_id__in=[str(pk) for pk in ids]
        ).count(),
    }
    return json.dumps(state, default=str, sort_keys=True)


def request(world: World, client, role: str, route: routes.Route, method: str):
    if not route.api:
        data = {"post": "yes"} if method == "POST" else None
        return getattr(client, method.lower())(route.path, data)
    headers = {}
    if role != "anonymous":
        headers["Authorization"] = f"Bearer {world.tokens[role]}"
    body = json.dumps(route.body) if route.body is not None else None
    return client.generic(
        method, route.path, body or "", content_type="application/json", headers=headers
    )


@pytest.fixture
def world(tree):
    return build(tree)


def walk(world: World, role: str, every: list[routes.Route]) -> tuple[list[str], Counter]:
    problems: list[str] = []
    seen: Counter = Counter()
    client = world.client(role)
    secrets = hidden(world, role)
    for route in every:
        methods = [route.method] if route.api else ["GET", "POST"]
        for method in methods:
            before = fingerprint(world, role) if method != "GET" else None
            # A request may log the client out (or swap its session): each one starts
            # signed in as the role, whatever the one before did.
            cookies = copy.deepcopy(client.cookies)
            with transaction.atomic():
                response = request(world, client, role, route, method)
                client.cookies = cookies
                seen[response.status_code // 100] += 1
                where = f"{role} {method} {route.path} → {response.status_code}"
                if response.status_code >= 500:
                    problems.append(f"{where}: server error")
                text = readable(response)
                leaked = sorted({key for marker, key in secrets.items() if marker in text})
                if leaked:
                    problems.append(f"{where}: shows {', '.join(leaked)}")
                if before is not None and fingerprint(world, role) != before:
                    problems.append(f"{where}: changed people out of reach")
                transaction.set_rollback(True)
    return problems, seen


@pytest.mark.parametrize("role", list(ROLES))
def test_no_route_shows_or_changes_anyone_outside_the_roles_reach(world, role):
    every = routes.pages() + routes.operations()
    problems, seen = walk(world, role, every)
    # Shown with `pytest -s`: the walk's figures for the README's security section.
    print(
        f"\n{role}: {len(every)} routes, {sum(seen.values())} requests, "
        + ", ".join(f"{kind}xx {count}" for kind, count in sorted(seen.items()))
    )
    assert problems == [], "\n".join(problems)
    # The walk reached pages, not only refusals: each role got some 200s.
    assert seen[2] > 10


def test_the_walk_covers_every_url_pattern_and_api_operation(world):
    """The walk names every pattern of the URL conf and every operation of the schema,
    and the world holds records on both sides of every reach for them."""
    every = routes.pages() + routes.operations()
    names = {route.name for route in every}
    patterns = {name for name, _template in routes.url_patterns()}
    assert {name for name in patterns if name and not name.startswith("api:")} <= names
    schema = routes.api.get_openapi_schema()
    operations = {
        f"api:{operation['operationId']}"
        for methods in schema["paths"].values()
        for operation in methods.values()
    }
    assert operations <= names
    assert len(every) > 300


def test_the_walk_sees_a_leak_when_there_is_one(world, settings):
    """The walk's own check: a page that shows an out-of-reach person is caught."""
    from django.http import HttpResponse
    from django.urls import path

    paris = world.people["paris"]

    def careless(request):
        return HttpResponse(f"<p>{paris.full_name}, {paris.birth_date:%d.%m.%Y}</p>")

    leaky = [routes.Route("careless", "/careless/")]
    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("careless/", careless)]})
    problems, _seen = walk(world, "manager", leaky)
    assert problems and "shows paris" in problems[0]
