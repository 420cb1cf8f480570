"""The congress's API end to end: quotas, nominations, decisions, figures, badges."""

import json

import pytest
from django.test import Client

from diaspora.accounts.tokens import issue_token
from diaspora.congress.models import Accreditation, Nomination

from .factories import commission_member, make_congress, office

pytestmark = pytest.mark.django_db


def call(method, path, user, body=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": "en", "HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}
    payload = json.dumps(body) if body is not None else None
    return getattr(Client(), method)(path, payload, content_type="application/json", **headers)


@pytest.fixture
def congress(root):
    return make_congress(root)


@pytest.fixture
def staff(root):
    return office(root, "committee", "staff")


def test_quotas_nominations_decisions_figures_and_badges(tree, congress, staff):
    event = congress.event.pk
    put = call(
        "put", f"/api/events/{event}/quotas", staff, {"countries": {"DE": 1, "FR": 2}, "guests": 1}
    )
    assert put.status_code == 200, put.content
    assert put.json() == {"countries": {"DE": 1, "FR": 2}, "organisations": {}, "guests": 1}

    manager = office(tree["house"], "berlin-house")
    ids = []
    for n in range(3):
        made = call(
            "post",
            f"/api/events/{event}/nominations",
            manager,
            {
                "given_name": f"Aynur{n}",
                "surname": "Əliyeva",
                "email": f"a{n}@example.org",
                "country": "DE",
            },
        )
        assert made.status_code == 201, made.content
        assert made.json()["status"] == "nominated"
        ids.append(made.json()["id"])

    commissioner = commission_member(congress)
    first = call(
        "post", f"/api/nominations/{ids[0]}/decision", commissioner, {"decision": "delegate"}
    )
    assert first.status_code == 200, first.content
    assert first.json()["status"] == "delegate"
    full = call(
        "post", f"/api/nominations/{ids[1]}/decision", commissioner, {"decision": "delegate"}
    )
    assert full.status_code == 409
    assert full.json()["code"] == "quota_full"
    assert "Germany" in full.json()["detail"] and "1 of 1" in full.json()["detail"]
    guest = call("post", f"/api/nominations/{ids[1]}/decision", commissioner, {"decision": "guest"})
    assert guest.json()["status"] == "guest"
    no_reason = call(
        "post", f"/api/nominations/{ids[2]}/decision", commissioner, {"decision": "rejected"}
    )
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    rejected = call(
        "post",
        f"/api/nominations/{ids[2]}/decision",
        commissioner,
        {"decision": "rejected", "reason": "No mandate attached"},
    )
    assert rejected.json() == {"id": ids[2], "status": "rejected", "reason": "No mandate attached"}

    figures = call("get", f"/api/events/{event}/delegates", staff).json()
    assert figures["delegates"] == 1 and figures["guests"] == 1
    assert figures["by_country"] == {
        "DE": {"quota": 1, "delegates": 1},
        "FR": {"quota": 2, "delegates": 0},
    }

    badges = call("get", f"/api/events/{event}/badges.pdf", staff)
    assert badges.status_code == 200 and badges["Content-Type"] == "application/pdf"
    assert badges.content.startswith(b"%PDF")
    assert Accreditation.objects.count() == 2
    # The nominating office sees the decision and its reason.
    assert Nomination.objects.get(pk=ids[2]).reason == "No mandate attached"


def test_the_nominating_office_reaches_only_its_own(tree, congress):
    school_teacher = office(tree["school"], "teacher", "teacher")
    refused = call(
        "post",
        f"/api/events/{congress.event.pk}/nominations",
        school_teacher,
        {"given_name": "A", "email": "a@example.org", "country": "DE"},
    )
    assert refused.status_code == 403
    manager = office(tree["house"], "berlin-house")
    quotas = call(
        "put", f"/api/events/{congress.event.pk}/quotas", manager, {"countries": {"DE": 5}}
    )
    assert quotas.status_code == 403
    other = call(
        "post",
        f"/api/events/{congress.event.pk}/nominations",
        manager,
        {
            "given_name": "A",
            "email": "a@example.org",
            "country": "DE",
            "organisation": tree["paris"].slug,
        },
    )
    assert other.status_code == 403
    assert "Vatan Society" in other.json()["detail"]


def test_bad_quotas_say_which_field(congress, staff):
    bad = call("put", f"/api/events/{congress.event.pk}/quotas", staff, {"countries": {"XX": 5}})
    assert bad.status_code == 400
    assert bad.json()["field"] == "countries.XX"
    negative = call(
        "put", f"/api/events/{congress.event.pk}/quotas", staff, {"countries": {"DE": -1}}
    )
    assert negative.status_code == 400


def test_offices_and_the_commission_reach_a_members_only_congress(tree, root):
    from diaspora.events.models import Event

    congress = make_congress(root)
    Event.objects.filter(pk=congress.event.pk).update(audience="members")
    manager = office(tree["house"], "berlin-house")
    made = call(
        "post",
        f"/api/events/{congress.event.pk}/nominations",
        manager,
        {"given_name": "Aynur", "email": "a@example.org", "country": "DE"},
    )
    assert made.status_code == 201, made.content
    commissioner = commission_member(congress)
    assert (
        call("get", f"/api/events/{congress.event.pk}/delegates", commissioner).status_code == 200
    )
    from diaspora.people.tests.factories import UserFactory

    nobody = UserFactory(username="nobody")
    hidden = call("get", f"/api/events/{congress.event.pk}/delegates", nobody)
    assert hidden.status_code == 404


def test_the_committee_sets_a_delegate_s_weight(tree, congress, staff):
    from diaspora.congress import nominations, setup

    from .factories import nominate

    setup.set_quotas(congress, countries={"DE": 1}, by=None)
    accreditation = nominations.decide(
        nominate(congress, tree["house"], 1), "delegate", by=None
    ).accreditation
    url = f"/api/accreditations/{accreditation.pk}/weight"
    assert call("put", url, staff, {"weight": 3}).json() == {"id": accreditation.pk, "weight": 3}
    assert call("put", url, staff, {"weight": -1}).status_code == 400
    manager = office(tree["house"], "berlin-house")
    assert call("put", url, manager, {"weight": 9}).status_code in (403, 404)
    accreditation.refresh_from_db()
    assert accreditation.weight == 3
