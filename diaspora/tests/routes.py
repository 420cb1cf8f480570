"""Every route the platform serves, read from the URL conf and the OpenAPI schema, with
each of its parameters filled by every record of the walk's world that it can name.

A route whose parameter the walk does not know fails the walk: a new page is covered
from the day it is added, or the walk says what it lacks."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone, translation

from diaspora.accounts.models import ApiToken, AuditEntry, Invitation, Role, User
from diaspora.api import api
from diaspora.chronicle.models import Act
from diaspora.congress.models import Accreditation, Motion
from diaspora.congress.models import Nomination as CongressNomination
from diaspora.directory.models import Organisation
from diaspora.events.models import Attendance, Event, Registration, ReportPhoto
from diaspora.honours.models import Attachment, Round
from diaspora.honours.models import Nomination as HonoursNomination
from diaspora.imports.models import ImportBatch
from diaspora.people.models import Consent, DuplicatePair, ErasureRequest, Merge, Person

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")
# Records that hold no personal data: one of each is enough to open their pages.
FEW = {"country", "city", "organisationkind", "eventkind", "group", "dbtaskresult"}
UNKNOWN_CODE = "ZZZZZZ-ZZZZZZ"


class UnknownParameter(LookupError):
    pass


@dataclass(frozen=True)
class Route:
    name: str
    path: str  # with values in place
    api: bool = False
    method: str = "GET"
    body: Any = None


def url_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or ''}", prefix + str(pattern.pattern)


def pks(model, limit: int | None = None) -> list[str]:
    """The records' ids; a table the world leaves empty is walked with an id of none."""
    values = [str(pk) for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)]
    return (values[:limit] if limit else values) or ["999999"]


ADMIN_MODEL = re.compile(r"admin/(\w+)/(\w+)/")


def admin_values(name: str, template: str, parameter: str) -> list[str]:
    """An admin route's path names its model: admin/<app>/<model>/…"""
    if name == "admin:view_on_site":
        kind = ContentType.objects.get_for_model(Person)
        return [str(kind.pk)] if parameter == "content_type_id" else pks(Person)
    if name == "admin:app_list":
        return sorted({model._meta.app_label for model in apps.get_models()})
    if parameter == "url":
        return ["no-such-page/"]
    found = ADMIN_MODEL.search(template)
    if found is None:
        raise UnknownParameter(f"{name} {template}: {parameter}")
    model = apps.get_model(*found.groups())
    if model is AuditEntry:
        # One entry about each person (their first), and the entries about nobody.
        first: dict[str, int] = {}
        for pk, target in AuditEntry.objects.order_by("pk").values_list("pk", "target_id"):
            first.setdefault(target, pk)
        return [str(pk) for pk in sorted(first.values())]
    return pks(model, 1 if model._meta.model_name in FEW else None)


def within(model, event_id: str) -> list[str]:
    """An event's own records, and one of another event's (a cross-event attempt)."""
    own = model.objects.filter(**{EVENT_OF[model]: event_id}).order_by("pk")
    own = [str(pk) for pk in own.values_list("pk", flat=True)]
    other = model.objects.exclude(**{EVENT_OF[model]: event_id}).order_by("pk").first()
    return own + ([str(other.pk)] if other else [])


EVENT_OF = {Registration: "event_id", ReportPhoto: "report__event_id", Attendance: "event_id"}


WITHIN_EVENT = {
    "registration_id": Registration,
    "photo_id": ReportPhoto,
    "attendance_id": Attendance,
}


def values(name: str, parameter: str, template: str = "", chosen: dict | None = None) -> list[str]:
    chosen = chosen or {}
    if name.startswith("admin:"):
        return admin_values(name, template, parameter)
    if parameter in WITHIN_EVENT and "event_id" in chosen:
        return within(WITHIN_EVENT[parameter], chosen["event_id"])
    short = name.removeprefix("api:")
    by_parameter: dict[str, Any] = {
        "event_id": lambda: pks(Event),
        "registration_id": lambda: pks(Registration),
        "photo_id": lambda: pks(ReportPhoto),
        "attendance_id": lambda: pks(Attendance),
        "person_id": lambda: pks(Person),
        "organisation_id": lambda: pks(Organisation),
        "slug": lambda: list(Organisation.objects.values_list("slug", flat=True)),
        "consent_id": lambda: pks(Consent),
        "request_id": lambda: pks(ErasureRequest),
        "user_id": lambda: pks(User),
        "role_id": lambda: pks(Role),
        "invitation_id": lambda: pks(Invitation),
        "token_id": lambda: pks(ApiToken),
        "format": lambda: ["csv", "xlsx"],
        # A year with a report to draw (the walk's data is this year's) and one before.
        "year": lambda: [str(timezone.now().year), "2002"],
        # The root and a council as a report's node; figures of both kinds of record.
        "node": lambda: list(
            Organisation.objects.order_by("depth", "path").values_list("slug", flat=True)[:2]
        ),
        "key": lambda: ["organisations", "people", "events.registrations"],
        # A congress's nominations and the honours' share the parameter's name.
        "nomination_id": lambda: list(
            dict.fromkeys([*pks(CongressNomination), *pks(HonoursNomination)])
        ),
        "accreditation_id": lambda: pks(Accreditation),
        "motion_id": lambda: pks(Motion),
        "attachment_id": lambda: pks(Attachment),
        "round_id": lambda: pks(Round),
    }
    by_route: dict[tuple[str, str], Any] = {
        ("import", "pk"): lambda: pks(ImportBatch),
        ("import-commit", "pk"): lambda: pks(ImportBatch),
        ("duplicate", "pk"): lambda: pks(DuplicatePair),
        ("merge", "pk"): lambda: pks(Merge),
        ("person", "pk"): lambda: pks(Person),
        ("chronicle_act", "slug"): lambda: [*Act.objects.values_list("slug", flat=True)[:3]],
        ("person_export", "pk"): lambda: pks(Person),
        ("country", "code"): lambda: ["DE", "FR"],
        # A ticket's address is a secret sent only to its holder: the walk tries the
        # door codes, which anyone at the door may see, and a token that is no one's.
        ("ticket", "token"): lambda: [*door_codes(), UNKNOWN_CODE],
        ("ticket_pdf", "token"): lambda: [*door_codes(), UNKNOWN_CODE],
        ("ticket_cancel", "token"): lambda: [*door_codes(), UNKNOWN_CODE],
        # Mailed links with a key that is no one's; every user's second factors.
        ("account_confirm_email", "key"): lambda: [UNKNOWN_CODE],
        ("account_reset_password_from_key", "uidb36"): lambda: ["1"],
        ("account_reset_password_from_key", "key"): lambda: [UNKNOWN_CODE],
        ("mfa_remove_webauthn", "pk"): lambda: pks(Authenticator),
        ("mfa_edit_webauthn", "pk"): lambda: pks(Authenticator),
        # An invitation's link is a secret too: the walk tries one that is no one's.
        ("invitation", "token"): lambda: [UNKNOWN_CODE],
        # A delegate's link is their secret: the walk tries their door codes instead.
        ("congress_delegate", "token"): lambda: [*door_codes(), UNKNOWN_CODE],
        ("congress_vote", "token"): lambda: [*door_codes(), UNKNOWN_CODE],
    }
    found = by_route.get((short, parameter)) or by_parameter.get(parameter)
    if found is None:
        raise UnknownParameter(f"{name}: {parameter}")
    return found()


def door_codes() -> list[str]:
    return list(Registration.objects.order_by("pk").values_list("code", flat=True))


def filled(name: str, template: str, chosen: dict | None = None) -> Iterator[str]:
    """The route with every combination of its parameters' values (a few records each)."""
    template = template.lstrip("^").rstrip("$")
    found = list(PARAMETER.finditer(template))
    if not found:
        yield "/" + template
        return
    first = found[0]
    parameter = first.group("name") or first.group("group")
    for value in values(name, parameter, template, chosen):
        rest = template[: first.start()] + value + template[first.end() :]
        yield from filled(name, rest, {**(chosen or {}), parameter: value})


def pages() -> list[Route]:
    with translation.override("en"):
        patterns = list(url_patterns())
    routes = []
    for name, template in patterns:
        if name.startswith("api:"):
            continue  # read from the OpenAPI schema, with their methods
        routes += [Route(name, path) for path in filled(name, template)]
    return routes


def example(schema: dict, components: dict) -> Any:
    """A plausible value for a JSON schema: what a client that read the docs sends."""
    if "$ref" in schema:
        return example(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return example(schema[key][0], components)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: example(value, components) for name, value in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [example(schema.get("items", {}), components)]
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    return {
        "email": "walker@example.org",
        "date-time": "2031-05-04T18:00:00+02:00",
        "date": "2031-05-04",
    }.get(schema.get("format", ""), "walk")


def operations() -> list[Route]:
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    routes = []
    for template, methods in schema["paths"].items():
        for method, operation in methods.items():
            name = f"api:{operation.get('operationId', template)}"
            body = None
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = example(content["application/json"]["schema"], components)
            for path in filled_api(name, template):
                routes.append(Route(name, path, api=True, method=method.upper(), body=body))
    return routes


def filled_api(name: str, template: str, chosen: dict | None = None) -> Iterator[str]:
    parameters = re.findall(r"\{(\w+)\}", template)
    if not parameters:
        yield template
        return
    parameter = parameters[0]
    for value in values(name, parameter, chosen=chosen):
        yield from filled_api(
            name,
            template.replace("{" + parameter + "}", value, 1),
            {**(chosen or {}), parameter: value},
        )
