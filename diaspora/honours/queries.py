"""Reading honours. Who sees a nomination:

- the Committee (honours.decide, the whole network): every one;
- the nominating side (honours.nominate over the nominating organisation);
- those asked to endorse it: this nomination, no other;
- the round's panel: the nominations of their round once in review.

The nominee's name is shown to these because the nomination is about them; no other
personal data of theirs is read here beyond what the nomination holds."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from diaspora import access
from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.accounts.models import AuditEntry, User
from diaspora.events.models import Event
from diaspora.people.models import Consent
from diaspora.people.queries import visible_people

from .models import Award, Endorsement, Nomination, Review, Round

Viewer = User | AnonymousUser | None


CEREMONY_KINDS = ["online-conference", "congress", "celebration", "forum"]
CEREMONIES_SHOWN = 50


def ceremonies() -> QuerySet[Event]:
    """The Committee's events an honour may be presented at, from a year back on,
    soonest first: the hundreds of local celebrations of one evening would crowd
    them out of a list of the latest."""
    since = timezone.now() - timedelta(days=365)
    return (
        Event.objects.filter(
            kind__code__in=CEREMONY_KINDS, organisers__depth=1, starts_at__gte=since
        )
        .distinct()
        .order_by("starts_at", "pk")[:CEREMONIES_SHOWN]
    )


def visible_nominations(user: Viewer) -> QuerySet[Nomination]:
    nominations = Nomination.objects.select_related(
        "person", "honour", "round", "organisation", "person__country"
    )
    if access.allowed(user, Action.HONOURS_DECIDE):
        return nominations
    if user is None or not user.is_authenticated:
        return nominations.none()
    reached = access.scope(user, Action.HONOURS_NOMINATE)
    asked = Endorsement.objects.filter(
        reached.organisations("organisation__"), nomination=OuterRef("pk")
    )
    mine = reached.organisations("organisation__") if reached.office else Q(pk__in=[])
    endorsing = Exists(asked) if reached.office else Q(pk__in=[])
    reviewing = Q(round__panel=user) & ~Q(status=Nomination.Status.ENDORSING)
    return nominations.filter(mine | endorsing | reviewing).distinct()


def may_decide(user: Viewer) -> bool:
    return access.allowed(user, Action.HONOURS_DECIDE)


def may_nominate(user: Viewer) -> bool:
    return access.allowed(user, Action.HONOURS_NOMINATE)


def only_asked_to_endorse(user: Viewer, nomination: Nomination) -> bool:
    """An endorser who is neither nominator, reviewer nor Committee: they see the
    nomination's case, not its reviews."""
    return not (
        may_decide(user)
        or access.allowed(user, Action.HONOURS_NOMINATE, nomination.organisation)
        or on_panel(user, nomination)
    )


def on_panel(user: Viewer, nomination: Nomination) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and nomination.round.panel.filter(pk=user.pk).exists()
    )


@dataclass(frozen=True)
class Tally:
    """A nomination's reviews: the average is over those who scored, never a sum,
    so an abstention or a conflict neither lowers nor raises it."""

    average: Decimal | None
    scored: int
    abstained: int
    conflicts: int


def with_tallies(nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """Each nomination with its tally counted by the database, in the same query."""
    verdict = Review.Verdict
    return nominations.annotate(
        mean_score=Avg("reviews__score", filter=Q(reviews__verdict=verdict.SCORED)),
        scored_count=Count("reviews", filter=Q(reviews__verdict=verdict.SCORED)),
        abstained_count=Count("reviews", filter=Q(reviews__verdict=verdict.ABSTAINED)),
        conflict_count=Count("reviews", filter=Q(reviews__verdict=verdict.CONFLICT)),
    )


def tally(nomination: Nomination) -> Tally:
    if not hasattr(nomination, "mean_score"):
        nomination = with_tallies(Nomination.objects.filter(pk=nomination.pk)).get()
    average = nomination.mean_score
    if average is not None:
        average = Decimal(str(average)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Tally(
        average=average,
        scored=nomination.scored_count,
        abstained=nomination.abstained_count,
        conflicts=nomination.conflict_count,
    )


def scores_visible(user: Viewer, nomination: Nomination) -> bool:
    """Whether the user may see the panel's scores: a panel member once they have
    scored or abstained (not before, and never with a conflict); the Committee
    otherwise. The nominating side and endorsers never see individual scores."""
    if on_panel(user, nomination):
        return nomination.reviews.filter(
            reviewer=user, verdict__in=[Review.Verdict.SCORED, Review.Verdict.ABSTAINED]
        ).exists()
    return may_decide(user)


def average_visible(user: Viewer, nomination: Nomination) -> bool:
    """The average is the Committee's and the panel's (after their own verdict)
    until the decision; after it, the nominating side sees it too."""
    if scores_visible(user, nomination):
        return True
    decided = nomination.status not in (Nomination.Status.ENDORSING, Nomination.Status.REVIEW)
    return decided and access.allowed(user, Action.HONOURS_NOMINATE, nomination.organisation)


# Steps whose author the nominating side and the endorsers do not see.
ANONYMOUS_STEPS = {"nomination.reviewed", "nomination.conflict_found"}


def history(nomination: Nomination, user: Viewer) -> list[dict[str, Any]]:
    """Every step of the nomination, from the audit log. The Committee sees who did
    each; others see reviewers' steps without names, and never the scores."""
    full = may_decide(user)
    entries = AuditEntry.objects.filter(
        target_type=Nomination._meta.label_lower, target_id=str(nomination.pk)
    ).order_by("at", "pk")
    steps = []
    for entry in entries:
        hidden = not full and entry.action in ANONYMOUS_STEPS
        steps.append(
            {
                "at": entry.at,
                "action": entry.action,
                "label": audit.label(entry.action),
                "by": "" if hidden else entry.actor_name,
                "changes": entry.changes if full else public_changes(entry),
            }
        )
    return steps


def public_changes(entry: AuditEntry) -> dict[str, Any]:
    if entry.action in ANONYMOUS_STEPS:
        return {}
    return {name: value for name, value in entry.changes.items() if name != "citation"}


# --- the register -------------------------------------------------------------------


def published() -> Q:
    """Recipients who consent to the publication of their name."""
    consents = Consent.objects.filter(
        person=OuterRef("person"),
        purpose=Consent.Purpose.PUBLICATION,
        withdrawn_at__isnull=True,
    )
    return Q(Exists(consents), person__erased_at__isnull=True)


def awards() -> QuerySet[Award]:
    return Award.objects.select_related("person", "honour", "ceremony", "person__country")


def public_register() -> QuerySet[Award]:
    """The register as the public sees it: consenting recipients only."""
    return awards().filter(published())


def register_for(user: Viewer) -> QuerySet[Award]:
    """The register as a user sees it: everyone consenting, and besides them the
    recipients within the user's reach (people.view)."""
    if user is None or not user.is_authenticated:
        return public_register()
    reachable = visible_people(user, Action.PEOPLE_VIEW).filter(pk=OuterRef("person"))
    return awards().filter(published() | Q(Exists(reachable)))


def organisation_register(organisation) -> QuerySet[Award]:
    """Consenting recipients who are members of the organisation (its public page)."""
    return public_register().filter(person__memberships__organisation=organisation).distinct()


def own_awards(person) -> QuerySet[Award]:
    return awards().filter(person=person)


# --- the round's report -------------------------------------------------------------


def round_report(round_: Round) -> dict[str, Any]:
    """Nominations by country and organisation, outcomes and averages, counted from
    the records (nothing is kept apart from them)."""
    nominations = list(
        with_tallies(round_.nominations.select_related("person__country", "organisation")).order_by(
            "pk"
        )
    )
    by_status = {status: 0 for status in Nomination.Status.values}
    by_country: dict[str, int] = {}
    by_organisation: dict[str, int] = {}
    rows = []
    for nomination in nominations:
        by_status[nomination.status] += 1
        country = nomination.person.country.name if nomination.person.country else "—"
        by_country[country] = by_country.get(country, 0) + 1
        name = nomination.organisation.local_name
        by_organisation[name] = by_organisation.get(name, 0) + 1
        rows.append((nomination, tally(nomination)))
    averages = [t.average for _n, t in rows if t.average is not None]
    return {
        "round": round_,
        "total": len(nominations),
        "by_status": [(Nomination.Status(code).label, count) for code, count in by_status.items()],
        "by_country": sorted(by_country.items(), key=lambda item: (-item[1], item[0])),
        "by_organisation": sorted(by_organisation.items(), key=lambda item: (-item[1], item[0])),
        "rows": rows,
        "mean_average": (
            (sum(averages) / len(averages)).quantize(Decimal("0.01")) if averages else None
        ),
    }
