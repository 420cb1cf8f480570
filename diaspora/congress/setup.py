"""Setting a congress up: making an event a congress, its quotas and its commission.

Who may: these trust their caller; the pages and API ask `queries.organised_or_refused`
(events.organise at one of the congress event's organisers: the Committee)."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from diaspora.accounts import audit
from diaspora.accounts.models import User
from diaspora.directory.models import Country, Organisation
from diaspora.events.models import Event

from .errors import CongressError
from .models import Congress, Quota

MAX_PLACES = 100_000


@transaction.atomic
def make_congress(
    event: Event,
    *,
    by: User | None,
    number: int | None = None,
    languages: list[str] | None = None,
    nominations_open_at: datetime | None = None,
    nominations_close_at: datetime | None = None,
    badge_size: str = Congress.BadgeSize.A6,
) -> Congress:
    """The congress held as this event (created once; the same one again after)."""
    if event.kind.code != "congress":
        raise CongressError(_("Only an event of the congress kind can hold a congress."))
    if nominations_open_at and nominations_close_at and nominations_close_at < nominations_open_at:
        raise CongressError(_("Nominations close before they open."), field="nominations_close_at")
    congress, created = Congress.objects.get_or_create(
        event=event,
        defaults={
            "number": number,
            "languages": languages or [],
            "nominations_open_at": nominations_open_at,
            "nominations_close_at": nominations_close_at,
            "badge_size": badge_size,
        },
    )
    if created:
        audit.record(
            actor=by,
            action="congress.created",
            target=congress,
            changes={"event": [None, event.pk]},
        )
    return congress


def _check_places(name: str, places: object) -> int:
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= MAX_PLACES:
        raise CongressError(
            _("“%(field)s” must be a whole number of places from 0 to %(limit)d.")
            % {"field": name, "limit": MAX_PLACES},
            field=name,
        )
    return places


@transaction.atomic
def set_quotas(
    congress: Congress,
    *,
    countries: dict[str, int],
    guests: int | None = None,
    organisations: dict[str, int] | None = None,
    by: User | None,
) -> list[Quota]:
    """The delegate places per country (and, optionally, per organisation, counted on
    top of its country's) and the guest places, as given: a quota not named is
    removed. A quota never drops below the places already taken."""
    wanted: dict[tuple[str, str | None, int | None], int] = {}
    for code, places in countries.items():
        code = str(code).upper()[:3]
        if not Country.objects.filter(code=code).exists():
            raise CongressError(
                _("“%(code)s” is not a country code (ISO 3166-1 alpha-2).") % {"code": code},
                field=f"countries.{code}",
                code="unknown_country",
            )
        wanted[(Quota.Kind.DELEGATE, code, None)] = _check_places(f"countries.{code}", places)
    for slug, places in (organisations or {}).items():
        organisation = Organisation.objects.filter(slug=str(slug)[:120]).first()
        if organisation is None:
            raise CongressError(
                _("Unknown organisation “%(slug)s”.") % {"slug": str(slug)[:120]},
                field=f"organisations.{slug}",
                code="unknown",
            )
        key = (Quota.Kind.DELEGATE, None, organisation.pk)
        wanted[key] = _check_places(f"organisations.{slug}", places)
    if guests is not None:
        wanted[(Quota.Kind.GUEST, None, None)] = _check_places("guests", guests)
    existing = {
        (quota.kind, quota.country_id, quota.organisation_id): quota
        for quota in Quota.objects.select_for_update().filter(congress=congress).order_by("pk")
    }
    if guests is None:  # left as they are
        wanted.update(
            {key: quota.places for key, quota in existing.items() if key[0] == Quota.Kind.GUEST}
        )
    before = {_label(key): quota.places for key, quota in existing.items()}
    for key, quota in existing.items():
        places = wanted.get(key, 0)
        if places < quota.taken:
            raise CongressError(
                _("%(taken)d places of “%(quota)s” are taken already; the quota cannot be lower.")
                % {"taken": quota.taken, "quota": _label(key)},
                field=_label(key),
                code="below_taken",
            )
        if key not in wanted:
            quota.delete()
        elif quota.places != places:
            quota.places = places
            quota.save(update_fields=["places"])
    for key, places in wanted.items():
        if key not in existing:
            kind, country, organisation = key
            Quota.objects.create(
                congress=congress,
                kind=kind,
                country_id=country,
                organisation_id=organisation,
                places=places,
            )
    after = {_label(key): places for key, places in wanted.items()}
    if after != before:
        audit.record(
            actor=by,
            action="congress.quotas_set",
            target=congress,
            changes={"quotas": [before, after]},
        )
    return list(Quota.objects.filter(congress=congress))


def _label(key: tuple[str, str | None, int | None]) -> str:
    kind, country, organisation = key
    if kind == Quota.Kind.GUEST:
        return "guests"
    return f"countries.{country}" if country else f"organisations.{organisation}"


@transaction.atomic
def set_commission(congress: Congress, members: list[User], *, by: User | None) -> None:
    before = sorted(congress.commission.values_list("pk", flat=True))
    congress.commission.set(members)
    after = sorted(user.pk for user in members)
    if before != after:
        audit.record(
            actor=by,
            action="congress.commission_set",
            target=congress,
            changes={"commission": [before, after]},
        )


@transaction.atomic
def set_weight(accreditation, weight: int, *, by: User | None) -> None:
    """A delegate's vote weight, when the Committee sets weights (one vote by default)."""
    if not isinstance(weight, int) or not 0 <= weight <= 1000:
        raise CongressError(_("A vote weight is a whole number from 0 to 1000."), field="weight")
    before = accreditation.weight
    accreditation.weight = weight
    accreditation.save(update_fields=["weight"])
    audit.record(
        actor=by,
        action="congress.weight_set",
        target=accreditation,
        changes={"weight": [before, weight]},
    )
