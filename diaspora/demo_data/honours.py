"""The demo's honours: this year's round of the medal, closing on 31 December, with
nominations in every state (awaiting endorsements, in review with scores and an
abstention, awarded, deferred, declined), a panel of three reviewers, and the
recipients of earlier years in the register (most consenting to publication)."""

import random
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef

from diaspora.accounts.models import User
from diaspora.directory import services as directory
from diaspora.events.models import Event
from diaspora.honours import services
from diaspora.honours.models import Honour
from diaspora.people.models import Consent, Membership, Person

REVIEWERS = ("reviewer-1", "reviewer-2", "reviewer-3")
CITATIONS = {
    "az": "Uzun illərdir Azərbaycan dilini və mədəniyyətini xaricdə təbliğ edir.",
    "ru": "Многие годы продвигает азербайджанский язык и культуру за рубежом.",
    "en": "For years has promoted the Azerbaijani language and culture abroad.",
}
# (state, how many): the demo's round shows each step of the way.
STATES = (("endorsing", 3), ("review", 4), ("awarded", 3), ("deferred", 1), ("declined", 1))
PAST_RECIPIENTS = 12


def conference(year: int) -> Event | None:
    return (
        Event.objects.filter(kind__code="online-conference", starts_at__year=year)
        .order_by("starts_at")
        .first()
    )


def candidates(rng: random.Random, count: int) -> list[tuple[Person, int]]:
    """People of different organisations (not councils or the root), each with the
    organisation that nominates them."""
    memberships = list(
        Membership.objects.filter(
            organisation__kind__code__in=["house", "association", "school"],
            person__merged_into__isnull=True,
        )
        .order_by("organisation_id", "person_id")
        .values_list("person_id", "organisation_id")
    )
    rng.shuffle(memberships)
    chosen, seen_people, seen_orgs = [], set(), set()
    for person_id, organisation_id in memberships:
        if person_id in seen_people or organisation_id in seen_orgs:
            continue
        seen_people.add(person_id)
        seen_orgs.add(organisation_id)
        chosen.append((Person.objects.get(pk=person_id), organisation_id))
        if len(chosen) == count:
            break
    return chosen


def endorsers(rng: random.Random, exclude: int, count: int):
    from diaspora.directory.models import Organisation

    pool = list(
        Organisation.objects.filter(kind__code__in=["council", "house", "association"])
        .exclude(pk=exclude)
        .order_by("pk")
    )
    return rng.sample(pool, k=min(count, len(pool)))


def build_honours(rng: random.Random, network, *, now: datetime) -> None:
    from diaspora.directory.models import Organisation

    services.configure_honours(directory.load_deployment(settings.DIASPORA_DEPLOYMENT))
    medal = Honour.objects.order_by("position").first()
    if medal is None:
        return
    year = now.year
    round_ = services.open_round(
        medal,
        by=None,
        title=f"{medal.names.get('en', medal.code)} · {year}",
        opens_at=datetime(year, 1, 1, tzinfo=UTC),
        closes_at=datetime(year, 12, 31, 20, tzinfo=UTC),  # 31 December, Baku's midnight
        ceremony=conference(year),
    )
    from allauth.account.models import EmailAddress

    from .build import DEMO_PASSWORD

    reviewers = [
        User.objects.create_user(name, f"{name}@example.org", DEMO_PASSWORD) for name in REVIEWERS
    ]
    # Login needs a confirmed address; the demo's are made up, so they count as confirmed.
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in reviewers
    )
    services.name_panel(round_, reviewers, by=None)
    total = sum(count for _state, count in STATES)
    people = candidates(rng, total + PAST_RECIPIENTS)
    during = min(now, round_.closes_at - timedelta(days=1))
    queue = iter(people)
    for state, count in STATES:
        for _ in range(count):
            chosen = next(queue, None)
            if chosen is None:  # a small demo has fewer organisations than states
                return
            person, organisation_id = chosen
            organisation = Organisation.objects.get(pk=organisation_id)
            language = rng.choice(list(CITATIONS))
            nomination = services.nominate(
                by=None,
                person=person,
                honour=medal,
                citation={language: CITATIONS[language]},
                merits=[services.MeritIn("Sunday school classes", date(2015, 9, 1))],
                now=during,
                organisation=organisation,
            )
            asked = endorsers(rng, organisation_id, 2)
            for endorser in asked:
                services.ask_endorsement(nomination, endorser, by=None)
            if state == "endorsing":
                services.endorse(nomination, by=None, organisation=asked[0])
                continue
            for endorser in asked:
                services.endorse(nomination, by=None, organisation=endorser)
            for index, reviewer in enumerate(reviewers):
                if state == "review" and index == 2:
                    services.review(nomination, by=reviewer, verdict="abstained")
                else:
                    services.review(
                        nomination, by=reviewer, verdict="scored", score=rng.randint(5, 10)
                    )
            if state == "review":
                continue
            decision = {"awarded": "award", "deferred": "defer", "declined": "decline"}[state]
            services.decide(
                nomination,
                by=None,
                outcome=decision,
                reason={
                    "award": "Long service to the language school and the community.",
                    "defer": "Strong case; the merits of this year to be documented.",
                    "decline": "The merits lie outside the medal's criteria.",
                }[decision],
                decree_number=f"{year}-{rng.randint(100, 999)}" if decision == "award" else "",
                decree_date=date(year, 12, 20) if decision == "award" else None,
            )
    for index, (person, _organisation) in enumerate(queue):
        past = year - 1 - index % 3
        services.record_past_award(
            person,
            medal,
            by=None,
            decree_number=f"{past}-{100 + index}",
            decree_date=date(past, 12, 20),
            ceremony=conference(past),
        )
        if index % 4:  # most recipients consent to publication
            given = Consent.objects.filter(
                person=OuterRef("pk"), purpose=Consent.Purpose.PUBLICATION, withdrawn_at=None
            )
            if not Person.objects.filter(pk=person.pk).filter(Exists(given)).exists():
                Consent.objects.create(
                    person=person,
                    purpose=Consent.Purpose.PUBLICATION,
                    given_at=datetime(past, 12, 1, tzinfo=UTC),
                    method=Consent.Method.PAPER,
                )
