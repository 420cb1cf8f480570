"""Nominations: reach, the window, organisation quotas on top of their country's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from diaspora.congress import nominations, setup
from diaspora.congress.errors import CongressError
from diaspora.congress.nominations import QuotaFull
from diaspora.directory.models import Country
from diaspora.people import services as people
from diaspora.people.models import Person

from .factories import make_congress, nominate, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def congress(root):
    return make_congress(root)


def test_an_organisation_quota_is_taken_on_top_of_its_country_s(congress, tree):
    setup.set_quotas(congress, countries={"DE": 5}, organisations={tree["house"].slug: 1}, by=None)
    nominations.decide(nominate(congress, tree["house"], 1), "delegate", by=None)
    with pytest.raises(QuotaFull, match="Azerbaijan House in Berlin"):
        nominations.decide(nominate(congress, tree["house"], 2), "delegate", by=None)
    nominations.decide(nominate(congress, tree["school"], 3), "delegate", by=None)
    quotas = {q.organisation_id or q.country_id: q.taken for q in congress.quotas.all()}
    assert quotas == {"DE": 2, tree["house"].pk: 1}


def test_nominations_open_and_close_on_their_dates(congress, tree):
    manager = office(tree["house"], "berlin-house")
    congress.nominations_close_at = timezone.now() - timedelta(days=1)
    congress.save()
    with pytest.raises(CongressError) as closed:
        nominations.nominate(
            congress,
            organisation=tree["house"],
            by=manager,
            given_name="Aynur",
            email="aynur@example.org",
            country=Country.objects.get(code="DE"),
        )
    assert closed.value.code == "not_open"


def test_a_nomination_finds_the_person_only_within_the_offices_reach(congress, tree):
    manager = office(tree["house"], "berlin-house")
    member = people.register_person(
        by=None, given_name="Aynur", surname="Əliyeva", email="aynur@example.org"
    )
    people.add_membership(member, tree["house"], by=None)
    stranger = people.register_person(
        by=None, given_name="Leyla", surname="Qasımova", email="leyla@example.org"
    )
    people.add_membership(stranger, tree["paris"], by=None)
    germany = Country.objects.get(code="DE")
    found = nominations.nominate(
        congress,
        organisation=tree["house"],
        by=manager,
        given_name="Aynur",
        email="AYNUR@example.org",
        country=germany,
    )
    assert found.person == member
    fresh = nominations.nominate(
        congress,
        organisation=tree["house"],
        by=manager,
        given_name="Leyla",
        email="leyla@example.org",
        country=germany,
    )
    assert fresh.person != stranger  # nothing learnt about Paris's member
    assert fresh.person.memberships.get().organisation == tree["house"]
    with pytest.raises(CongressError, match="not within your reach"):
        nominations.nominate(
            congress,
            organisation=tree["house"],
            by=manager,
            given_name="Leyla",
            email="x@example.org",
            country=germany,
            person=stranger,
        )
    assert Person.objects.filter(email="leyla@example.org").count() == 2


def test_a_person_is_nominated_once(congress, tree):
    nominate(congress, tree["house"], 1)
    with pytest.raises(CongressError) as twice:
        nominate(congress, tree["school"], 1)
    assert twice.value.code == "already_nominated"
