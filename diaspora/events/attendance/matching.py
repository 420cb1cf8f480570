"""Who of the registry each participant of a report is, within the organiser's reach.

A conference tool knows a participant by the name they typed and, often, an email;
seldom a country, never a date of birth. So the evidence is thinner than a member
list's, and the rule stricter: attendance on the wrong person's record is worse than
attendance held for review. A participant is matched

- by email, when exactly one person in reach has that address and the names do not
  contradict it;
- by name, when the name (two words or more, any script) is very close to one
  person's, no other person's is nearly as close, nothing contradicts it (another
  country, another address on record), and something beside the name confirms it
  (registered for this event, or living in the country the report gives);
- never by name when another participant of the same report names that person too
  (a namesake came as well: both go to review, an email's match stays).

A given name and a surname's initial ("Leyla M.", as people shorten themselves on
Zoom) is looked for among the holders of the given name whose surname starts so, and
goes to review at best. Anything less certain that still resembles someone goes to
review with the reasons; the rest are not in the registry (or not in the organiser's
reach, which is told apart in nothing: people out of reach are never candidates)."""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.db.models.functions import Upper

from diaspora import names
from diaspora.access import Action
from diaspora.accounts.models import User
from diaspora.imports.values import Unreadable, read_country
from diaspora.people.models import Person, PersonNameWord
from diaspora.people.queries import visible_people
from diaspora.people.search import search_people

from ..models import Event, Registration
from .readers import Participant
from .reasons import Reason, reason

SAME_NAME = 0.9  # a name this close, with a confirmation, is the person's
REVIEW_NAME = 0.8  # a name this close is worth a look
MARGIN = 0.06  # another person this close to the best is "as close": review
EMAIL_NAME = 0.55  # with the same address, a name at least this alike (or one word of it)
CANDIDATES = 50  # namesakes weighed per participant
HOLDERS = 400  # holders of a given name weighed for "Leyla M."
INITIAL = re.compile(r"^\s*(\S+)\s+(\w)\.?\s*$")


class Verdict:
    MATCHED = "matched"
    REVIEW = "review"
    NEW = "new"


@dataclass
class Match:
    verdict: str
    person: Person | None = None
    reasons: list[Reason] = field(default_factory=list)
    country: str | None = None  # the participant's country as read (a code)
    by_email: bool = False


def reach(user: User | None) -> QuerySet[Person]:
    """The people an organiser may attach attendance to: those they may see."""
    return visible_people(user, Action.PEOPLE_VIEW)


def country_code(text: str) -> str | None:
    if not text:
        return None
    try:
        return read_country(text)
    except Unreadable:
        return None


class Matcher:
    """Matches one report's participants for one event and one acting user."""

    def __init__(self, event: Event, user: User | None) -> None:
        self.event = event
        self.people = reach(user)

    def match(self, participants: list[Participant]) -> list[Match]:
        by_email = self.holders([p.email for p in participants if p.email])
        registered = set(
            self.people.filter(
                registrations__event=self.event,
                registrations__status__in=(
                    Registration.Status.CONFIRMED,
                    Registration.Status.WAITLISTED,
                ),
            ).values_list("pk", flat=True)
        )
        found = [self.decide(p, by_email.get(p.email, []), registered) for p in participants]
        return one_claim_each(found)

    def holders(self, emails: Iterable[str]) -> dict[str, list[Person]]:
        """Email (lower case) → people in reach with that address."""
        wanted = sorted({email.upper() for email in emails})
        found: dict[str, list[Person]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = self.people.alias(address=Upper("email")).filter(address__in=chunk)
            for person in query.order_by("pk"):
                found.setdefault(person.email.lower(), []).append(person)
        return found

    def decide(
        self, participant: Participant, holders: list[Person], registered: set[int]
    ) -> Match:
        country = country_code(participant.country)
        if holders:
            match = by_email(participant, holders)
            match.by_email = True
        elif shortened := INITIAL.match(participant.name):
            given, initial = shortened.groups()
            match = self.by_initial(given, initial, country, registered)
        else:
            match = self.by_name(participant, country, registered)
        match.country = country
        return match

    def by_name(self, participant: Participant, country: str | None, registered: set[int]) -> Match:
        words = names.fold(participant.name).split()
        found = search_people(participant.name, self.people, limit=CANDIDATES)
        found = [f for f in found if f.score >= REVIEW_NAME]
        if not found:
            return Match(Verdict.NEW)
        # Of the names as close as the closest, the one the rest of the evidence
        # supports is the candidate: among namesakes, the one registered, or living
        # where the participant says they are.
        close = [f for f in found if f.score >= found[0].score - MARGIN]

        def support(candidate) -> tuple[int, float]:
            person = candidate.person
            return (
                (person.pk in registered) + (bool(country) and person.country_id == country),
                candidate.score,
            )

        best = max(close, key=support)
        others = [f for f in close if f is not best]
        person = best.person
        reasons = [reason("names_alike", per_cent=round(best.score * 100))]
        confirmed = False
        doubts = []
        if person.pk in registered:
            reasons.append(reason("registered"))
            confirmed = True
        if country and person.country_id:
            if country == person.country_id:
                reasons.append(reason("same_country"))
                confirmed = True
            else:
                doubts.append(reason("other_country"))
        if participant.email and person.email and participant.email != person.email.lower():
            doubts.append(reason("other_email"))
        if others:
            doubts.append(
                reason("others_as_close", count=len(others))
                if len(others) > 1
                else reason("other_as_close", name=others[0].person.full_name)
            )
        if len(words) < 2:
            doubts.append(reason("one_word"))
        if not confirmed:
            doubts.append(reason("unconfirmed"))
        if best.score >= SAME_NAME and confirmed and not doubts:
            return Match(Verdict.MATCHED, person, reasons)
        return Match(Verdict.REVIEW, person, reasons + doubts)

    def by_initial(
        self, given: str, initial: str, country: str | None, registered: set[int]
    ) -> Match:
        """ "Leyla M.": a holder of the given name whose surname starts with that
        letter (in any script), for review; the one the evidence supports first."""
        letter = names.fold(initial)
        people = self.people
        if letter:  # among those with a name word so begun: Rashad has thousands of holders
            words = PersonNameWord.objects.filter(word__base__startswith=letter, patronymic=False)
            people = people.filter(pk__in=words.values("person_id"))
        found = [
            f
            for f in search_people(given, people, limit=HOLDERS)
            if f.score >= SAME_NAME and starts_with(surname_of(f.person), initial)
        ]
        if not found:
            return Match(Verdict.NEW)

        def support(candidate) -> tuple[int, float]:
            person = candidate.person
            return (
                (person.pk in registered) + (bool(country) and person.country_id == country),
                candidate.score,
            )

        best = max(found, key=support)
        reasons = [reason("initial_only")]
        if best.person.pk in registered:
            reasons.append(reason("registered"))
        if country and best.person.country_id == country:
            reasons.append(reason("same_country"))
        if len(found) > 1:
            reasons.append(reason("others_as_close", count=len(found) - 1))
        return Match(Verdict.REVIEW, best.person, reasons)


def surname_of(person: Person) -> str:
    return person.surname or (person.full_name.split() or [""])[-1]


def starts_with(surname: str, initial: str) -> bool:
    """Whether a surname begins with the initial, in any script (М. for Məmmədov)."""
    letter = names.fold(initial)
    if not letter:  # a letter folding away (Y, Й): compared as written
        return surname[:1].lower() == initial.lower()
    return names.fold(surname).startswith(letter) or names.fold(surname[:1]) == letter


def one_claim_each(matches: list[Match]) -> list[Match]:
    """A person attends once: when two participants of a report name the same person,
    a match by name is no longer sure (a namesake came too) and goes to review."""
    claims = Counter(
        m.person.pk for m in matches if m.person is not None and m.verdict != Verdict.NEW
    )
    for match in matches:
        if match.verdict == Verdict.MATCHED and not match.by_email and match.person is not None:
            others = claims[match.person.pk] - 1
            if others:
                match.verdict = Verdict.REVIEW
                match.reasons.append(
                    reason("another_claims")
                    if others == 1
                    else reason("others_claim", count=others)
                )
    return matches


def by_email(participant: Participant, holders: list[Person]) -> Match:
    """One address, one person: theirs, unless the names say otherwise. An address a
    family shares picks the one whose name it is, if only one's is."""
    scored = sorted(
        ((alike(participant.name, person.full_name), person) for person in holders),
        key=lambda pair: (-pair[0], pair[1].pk),
    )
    score, person = scored[0]
    reasons = [reason("same_email"), reason("names_alike", per_cent=round(score * 100))]
    if len(scored) > 1:
        reasons.append(reason("shared_email", count=len(scored)))
        if score >= SAME_NAME and scored[1][0] < score - MARGIN:
            return Match(Verdict.MATCHED, person, reasons)
        return Match(Verdict.REVIEW, person, reasons)
    if score >= EMAIL_NAME:
        return Match(Verdict.MATCHED, person, reasons)
    return Match(Verdict.REVIEW, person, [*reasons, reason("other_name")])


def alike(name: str, full_name: str) -> float:
    """How alike a display name is to a registered name. A display name is often
    one word of the full name ("Leyla", "Mammadov"): that is alike enough."""
    score = names.similarity(name, full_name)
    words = names.fold(name).split()
    if len(words) == 1 and words[0] in names.fold(full_name).split():
        score = max(score, EMAIL_NAME)
    return score
