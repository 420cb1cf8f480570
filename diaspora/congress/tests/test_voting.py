"""Votes: who may vote, weights, quorum, secret ballots with no link from voter to
choice, results recomputed from the audit log, and elections filling a council."""

import pytest
from django.utils import timezone

from diaspora.accounts.models import AuditEntry
from diaspora.congress import nominations, setup, voting
from diaspora.congress.errors import CongressError
from diaspora.congress.models import Motion, Vote
from diaspora.events.models import Registration
from diaspora.people.models import Membership

from .factories import make_congress, nominate

pytestmark = pytest.mark.django_db


@pytest.fixture
def congress(root):
    congress = make_congress(root)
    setup.set_quotas(congress, countries={"DE": 10}, guests=2, by=None)
    return congress


def accredited(congress, organisation, n, status="delegate", checked_in=True):
    nomination = nominations.decide(nominate(congress, organisation, n), status, by=None)
    accreditation = nomination.accreditation
    if checked_in:
        Registration.objects.filter(pk=accreditation.registration_id).update(
            checked_in_at=timezone.now()
        )
    accreditation.registration.refresh_from_db()
    return accreditation


def motion_in(congress, **values):
    session = voting.add_session(congress, title="Charter of World Azerbaijanis", by=None)
    motion = voting.add_motion(session, title="Adopt the Charter", by=None, **values)
    return voting.open_motion(motion, by=None)


def answer(motion, code):
    return [motion.options.get(code=code).pk]


def test_only_checked_in_delegates_vote_and_once(congress, tree):
    delegate = accredited(congress, tree["house"], 1)
    absent = accredited(congress, tree["house"], 2, checked_in=False)
    guest = accredited(congress, tree["house"], 3, status="guest")
    motion = motion_in(congress)
    voting.cast(delegate, motion, answer(motion, "for"))
    with pytest.raises(CongressError) as again:
        voting.cast(delegate, motion, answer(motion, "against"))
    assert again.value.code == "already_voted"
    with pytest.raises(CongressError) as not_in:
        voting.cast(absent, motion, answer(motion, "for"))
    assert not_in.value.code == "not_checked_in"
    with pytest.raises(CongressError, match="Guests do not vote"):
        voting.cast(guest, motion, answer(motion, "for"))
    with pytest.raises(CongressError, match="Choose one answer"):
        voting.cast(accredited(congress, tree["house"], 4), motion, [])


def test_weights_quorum_and_the_result_recomputed_from_the_audit_log(congress, tree):
    delegates = [accredited(congress, tree["house"], n) for n in range(3)]
    accredited(congress, tree["house"], 9, checked_in=False)  # 3 of 4 present
    setup.set_weight(delegates[0], 3, by=None)
    delegates[0].refresh_from_db()
    motion = motion_in(congress)
    voting.cast(delegates[0], motion, answer(motion, "against"))
    voting.cast(delegates[1], motion, answer(motion, "for"))
    voting.cast(delegates[2], motion, answer(motion, "for"))
    closed = voting.close_motion(motion, by=None)
    assert closed.result["present"] == 3 and closed.result["quorum"] == 2
    assert closed.result["quorate"] is True
    assert closed.result["passed"] is False  # 2 for, 3 against (one delegate weighs 3)
    assert voting.recount(closed) == closed.result


def test_a_secret_ballot_keeps_who_apart_from_what_and_still_recounts(congress, tree):
    delegates = [accredited(congress, tree["house"], n) for n in range(4)]
    motion = motion_in(congress, ballot=Motion.Ballot.SECRET)
    for n, delegate in enumerate(delegates):
        voting.cast(delegate, motion, answer(motion, "for" if n else "abstain"))
    assert not Vote.objects.filter(voter__isnull=False).exists()
    entries = AuditEntry.objects.filter(action="congress.voted")
    assert entries.count() == 4
    assert all("options" not in entry.changes for entry in entries)
    closed = voting.close_motion(motion, by=None)
    assert closed.result["passed"] is True
    assert voting.recount(closed) == closed.result


def test_no_quorum_no_decision(congress, tree):
    present = accredited(congress, tree["house"], 1)
    for n in range(2, 5):
        accredited(congress, tree["house"], n, checked_in=False)
    motion = motion_in(congress)
    voting.cast(present, motion, answer(motion, "for"))
    closed = voting.close_motion(motion, by=None)
    assert closed.result["quorate"] is False and closed.result["passed"] is False


def test_an_election_makes_the_council_s_chair_and_board(congress, tree):
    delegates = [accredited(congress, tree["house"], n) for n in range(4)]
    council = tree["council"]
    old_chair = delegates[3].nomination.person
    Membership.objects.create(person=old_chair, organisation=council, role="chair")
    session = voting.add_session(congress, title="Elections", by=None)
    candidates = [d.nomination.person for d in delegates[:3]]
    motion = voting.add_motion(
        session,
        title="Coordination Council",
        council=council,
        seats=2,
        candidates=candidates,
        ballot=Motion.Ballot.SECRET,
        by=None,
    )
    voting.open_motion(motion, by=None)
    options = {o.person_id: o.pk for o in motion.options.all()}
    first, second, third = (options[p.pk] for p in candidates)
    with pytest.raises(CongressError, match="Mark from 1 to 2"):
        voting.cast(delegates[0], motion, [first, second, third])
    voting.cast(delegates[0], motion, [second, first])
    voting.cast(delegates[1], motion, [second])
    voting.cast(delegates[2], motion, [third, second])
    closed = voting.close_motion(motion, by=None)
    assert closed.result["elected"] == [second, first]
    active = Membership.objects.filter(organisation=council, ended_on__isnull=True)
    roles = dict(active.values_list("person_id", "role"))
    assert roles[candidates[1].pk] == "chair"
    assert roles[candidates[0].pk] == "board"
    assert old_chair.pk not in roles  # not re-elected: the chair membership ended
    assert AuditEntry.objects.filter(action="add membership").count() >= 2
    assert voting.recount(closed) == closed.result
