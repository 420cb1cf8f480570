"""Decisions and votes at the same moment, each on its own database connection: the
quota rows' locks (PostgreSQL) and IMMEDIATE transactions (SQLite) keep a quota from
being exceeded and a delegate from voting twice. The suite runs on both databases."""

import pytest
from django.utils import timezone

from diaspora.congress import nominations, setup, voting
from diaspora.congress.errors import CongressError
from diaspora.congress.models import Accreditation, Nomination, Quota, Seat, Turnout, Vote
from diaspora.congress.nominations import QuotaFull
from diaspora.events.models import Registration
from diaspora.events.tests.test_concurrency import (  # noqa: F401  (fixtures)
    at_once,
    errors_in,
    file_database,
    quiet_tasks,
)

from .factories import commission_member, make_congress, nominate

pytestmark = pytest.mark.django_db(transaction=True)


def test_forty_acceptances_at_once_for_a_quota_of_five_make_five_delegates(tree, root):
    congress = make_congress(root)

    setup.set_quotas(congress, countries={"DE": 5}, by=None)
    commissioner = commission_member(congress)
    nominated = [nominate(congress, tree["house"], n) for n in range(40)]

    results = at_once(40, lambda n: nominations.decide(nominated[n], "delegate", by=commissioner))

    refused = errors_in(results)
    assert len(refused) == 35
    assert all(isinstance(error, QuotaFull) for error in refused), refused[:3]
    assert Nomination.objects.filter(status="delegate").count() == 5
    assert Nomination.objects.filter(status="nominated").count() == 35
    quota = Quota.objects.get(country="DE")
    assert quota.taken == 5
    assert sorted(Seat.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert Accreditation.objects.count() == 5
    assert Registration.objects.filter(status="confirmed").count() == 5


def test_one_delegate_voting_twice_at_once_is_counted_once(tree, root):
    congress = make_congress(root)

    setup.set_quotas(congress, countries={"DE": 1}, by=None)
    nomination = nominations.decide(nominate(congress, tree["house"], 1), "delegate", by=None)
    accreditation = nomination.accreditation
    Registration.objects.filter(pk=accreditation.registration_id).update(
        checked_in_at=timezone.now()
    )
    session = voting.add_session(congress, title="Charter", by=None)
    motion = voting.add_motion(session, title="Adopt the Charter", by=None)
    voting.open_motion(motion, by=None)
    yes = motion.options.get(code="for").pk

    results = at_once(8, lambda n: voting.cast(accreditation, motion, [yes]))

    refused = errors_in(results)
    assert len(refused) == 7
    assert all(isinstance(e, CongressError) and e.code == "already_voted" for e in refused)
    assert Turnout.objects.count() == 1 and Vote.objects.count() == 1
