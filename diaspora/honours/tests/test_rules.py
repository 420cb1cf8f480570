"""The honours' rules: who may nominate, the endorsement threshold, every kind of
conflict of interest, averages over those who scored, the register's consent."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from diaspora.accounts.models import AuditEntry
from diaspora.directory.models import City
from diaspora.honours import queries, services
from diaspora.honours.models import Award, Nomination, Review
from diaspora.honours.services import HonourError
from diaspora.people import services as people
from diaspora.people.models import Consent, Membership
from diaspora.people.tests.factories import PersonFactory, UserFactory, member_of

from .helpers import honours_configured, open_round, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def medal(tree):
    return honours_configured()


@pytest.fixture
def case(tree, medal):
    """A nomination by the Berlin House of its member, in an open round."""
    berlin = City.objects.get(country_id="DE", name="Berlin")
    round_ = open_round(medal)
    nominee = member_of(tree["house"], full_name="Rəşad Əliyev", surname="Əliyev", city=berlin)
    tree["house"].email = "house@example.org"
    tree["house"].save(update_fields=["email"])
    manager = user_with("manager", tree["house"], "house-manager")
    nomination = services.nominate(
        by=manager,
        person=nominee,
        honour=medal,
        citation={"en": "Taught Azerbaijani for 20 years."},
    )
    return {"round": round_, "nominee": nominee, "manager": manager, "nomination": nomination}


def endorse_twice(tree, nomination, nominator):
    for key in ("paris", "school"):
        services.ask_endorsement(nomination, tree[key], by=nominator)
        services.endorse(nomination, by=user_with("manager", tree[key]))
    nomination.refresh_from_db()
    return nomination


def clean_reviewer(case, tree, **person):
    """A panel member with nothing in common with the nominee."""
    reviewer = UserFactory()
    PersonFactory(user=reviewer, surname=person.get("surname", "Hüseynov"), country_id="FR")
    case["round"].panel.add(reviewer)
    return reviewer


# --- nomination ---------------------------------------------------------------------


def test_a_manager_nominates_within_reach_and_the_registry_adds_merits(tree, medal):
    open_round(medal)
    nominee = member_of(tree["house"], full_name="Aysel Məmmədova")
    Membership.objects.filter(person=nominee).update(
        role=Membership.Role.CHAIR, started_on=date(2015, 1, 1)
    )
    manager = user_with("manager", tree["house"])
    nomination = services.nominate(
        by=manager, person=nominee, honour=medal, citation={"az": "Uzun illər..."}
    )
    assert nomination.status == Nomination.Status.ENDORSING
    assert nomination.organisation == tree["house"]
    led = nomination.merits.get(from_registry=True)
    assert led.started_on == date(2015, 1, 1) and "Azerbaijan House in Berlin" in led.text
    assert AuditEntry.objects.filter(action="nomination.created").count() == 1


def test_a_person_out_of_reach_cannot_be_nominated(tree, medal):
    open_round(medal)
    stranger = member_of(tree["paris"], full_name="Elvin Quliyev", country_id="FR")
    manager = user_with("manager", tree["house"])
    with pytest.raises(HonourError) as refused:
        services.nominate(by=manager, person=stranger, honour=medal, citation={"en": "x"})
    assert refused.value.code == "out_of_reach" and not Nomination.objects.exists()


def test_a_council_coordinator_nominates_for_the_council(tree, medal):
    open_round(medal)
    nominee = member_of(tree["house"])
    coordinator = user_with("coordinator", tree["council"])
    nomination = services.nominate(
        by=coordinator, person=nominee, honour=medal, citation={"ru": "Да"}
    )
    assert nomination.organisation == tree["council"]


def test_nominations_are_refused_when_the_round_is_closed(tree, medal):
    now = timezone.now()
    open_round(medal, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1))
    with pytest.raises(HonourError) as refused:
        services.nominate(
            by=user_with("manager", tree["house"]),
            person=member_of(tree["house"]),
            honour=medal,
            citation={"en": "x"},
        )
    assert refused.value.code == "round_closed"


def test_a_citation_in_an_unknown_language_or_empty_is_refused(case, tree, medal):
    for citation, code in (({"xx": "text"}, "unknown_language"), ({"en": "  "}, "required")):
        with pytest.raises(HonourError) as refused:
            services.nominate(
                by=case["manager"], person=member_of(tree["house"]), honour=medal, citation=citation
            )
        assert (refused.value.code, refused.value.field) == (code, "citation")


# --- endorsements -------------------------------------------------------------------


def test_two_endorsements_send_a_nomination_to_review_one_does_not(case, tree):
    nomination = case["nomination"]
    services.ask_endorsement(nomination, tree["paris"], by=case["manager"])
    services.endorse(nomination, by=user_with("manager", tree["paris"]))
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ENDORSING
    services.ask_endorsement(nomination, tree["school"], by=case["manager"])
    services.endorse(nomination, by=user_with("manager", tree["school"]))
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.REVIEW


def test_the_threshold_is_the_rounds_own(tree, medal):
    open_round(medal, endorsements_required=3)
    manager = user_with("manager", tree["house"])
    nomination = services.nominate(
        by=manager, person=member_of(tree["house"]), honour=medal, citation={"en": "x"}
    )
    nomination = endorse_twice(tree, nomination, manager)
    assert nomination.status == Nomination.Status.ENDORSING


def test_an_organisation_not_asked_cannot_endorse_nor_see_the_nomination(case, tree):
    outsider = user_with("manager", tree["paris"])
    assert not queries.visible_nominations(outsider).exists()
    with pytest.raises(HonourError) as refused:
        services.endorse(case["nomination"], by=outsider)
    assert refused.value.code == "not_asked"
    services.ask_endorsement(case["nomination"], tree["paris"], by=case["manager"])
    assert list(queries.visible_nominations(outsider)) == [case["nomination"]]


def test_the_nominating_organisation_cannot_endorse_itself(case, tree):
    with pytest.raises(HonourError) as refused:
        services.ask_endorsement(case["nomination"], tree["house"], by=case["manager"])
    assert refused.value.code == "own_organisation"


# --- conflicts of interest ----------------------------------------------------------


def assert_refused(case, reviewer, code):
    with pytest.raises(HonourError) as refused:
        services.review(case["nomination"], by=reviewer, verdict="scored", score=8)
    assert (refused.value.status, refused.value.code) == (409, code)
    assert not Review.objects.filter(reviewer=reviewer).exists()
    assert AuditEntry.objects.filter(action="nomination.conflict_found").exists()


@pytest.fixture
def in_review(case, tree):
    endorse_twice(tree, case["nomination"], case["manager"])
    return case


def test_a_reviewer_of_the_nominees_organisation_cannot_score(in_review, tree):
    reviewer = clean_reviewer(in_review, tree)
    people.add_membership(reviewer.person, tree["house"], by=None)
    assert_refused(in_review, reviewer, "conflict_organisation")


def test_a_reviewer_holding_a_role_at_the_nominees_organisation_cannot_score(in_review, tree):
    reviewer = user_with("teacher", tree["house"])
    in_review["round"].panel.add(reviewer)
    assert_refused(in_review, reviewer, "conflict_organisation")


def test_a_reviewer_of_the_nominees_council_cannot_score(in_review, tree):
    reviewer = clean_reviewer(in_review, tree)
    people.add_membership(reviewer.person, tree["school"], by=None)  # under the same council
    assert_refused(in_review, reviewer, "conflict_council")


def test_a_reviewer_of_the_same_family_name_group_cannot_score(in_review, tree):
    reviewer = clean_reviewer(in_review, tree, surname="Алиева")
    reviewer.person.city = in_review["nominee"].city
    reviewer.person.save()
    assert_refused(in_review, reviewer, "conflict_family")


def test_the_same_surname_in_another_city_is_no_conflict(in_review, tree):
    reviewer = clean_reviewer(in_review, tree, surname="Aliyeva")
    made = services.review(in_review["nomination"], by=reviewer, verdict="scored", score=7)
    assert made.score == Decimal("7.00")


def test_the_nominator_cannot_score(in_review):
    in_review["round"].panel.add(in_review["manager"])
    assert_refused(in_review, in_review["manager"], "conflict_nominated")


def test_an_endorser_cannot_score(in_review):
    endorser = in_review["nomination"].endorsements.first().given_by
    in_review["round"].panel.add(endorser)
    with pytest.raises(HonourError) as refused:
        services.review(in_review["nomination"], by=endorser, verdict="scored", score=8)
    assert refused.value.code == "conflict_endorsed"


def test_a_declared_conflict_is_kept_and_bars_a_later_score(in_review, tree):
    reviewer = clean_reviewer(in_review, tree)
    services.review(
        in_review["nomination"], by=reviewer, verdict="conflict", reason="An old friend"
    )
    with pytest.raises(HonourError) as refused:
        services.review(in_review["nomination"], by=reviewer, verdict="scored", score=9)
    assert refused.value.code == "already_reviewed"
    assert queries.tally(in_review["nomination"]).conflicts == 1


def test_someone_off_the_panel_cannot_score(in_review):
    with pytest.raises(HonourError) as refused:
        services.review(in_review["nomination"], by=UserFactory(), verdict="scored", score=5)
    assert refused.value.code == "not_on_panel"


# --- averages -----------------------------------------------------------------------


def test_the_average_is_over_those_who_scored_abstentions_do_not_count(in_review, tree):
    nomination = in_review["nomination"]
    first, second, third = (clean_reviewer(in_review, tree) for _ in range(3))
    services.review(nomination, by=first, verdict="scored", score=9)
    services.review(nomination, by=second, verdict="abstained")
    services.review(
        nomination,
        by=third,
        verdict="scored",
        criteria={"language-culture": 8, "bilateral-ties": 6, "community": 7},
    )
    tally = queries.tally(nomination)
    assert (tally.average, tally.scored, tally.abstained) == (Decimal("8.00"), 2, 1)


def test_a_score_out_of_range_is_refused(in_review, tree):
    reviewer = clean_reviewer(in_review, tree)
    with pytest.raises(HonourError) as refused:
        services.review(in_review["nomination"], by=reviewer, verdict="scored", score=11)
    assert (refused.value.code, refused.value.field) == ("out_of_range", "score")


def test_reviewers_see_the_scores_only_after_their_own(in_review, tree):
    nomination = in_review["nomination"]
    early, late = clean_reviewer(in_review, tree), clean_reviewer(in_review, tree)
    services.review(nomination, by=early, verdict="scored", score=6)
    assert queries.scores_visible(early, nomination)
    assert not queries.scores_visible(late, nomination)
    assert not queries.scores_visible(in_review["manager"], nomination)


# --- decision and register ----------------------------------------------------------


def test_an_award_enters_the_register_and_tells_the_organisation(
    in_review, tree, django_capture_on_commit_callbacks
):
    staff = user_with("staff", tree["root"])
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            in_review["nomination"],
            by=staff,
            outcome="award",
            reason="Twenty years of Sunday school.",
            decree_number="1234",
            decree_date=date(2026, 12, 20),
        )
    award = Award.objects.get()
    assert award.person == in_review["nominee"] and award.decree_number == "1234"
    assert "house@example.org" in mail.outbox[-1].to
    assert "1234" in mail.outbox[-1].body
    actions = [step["action"] for step in queries.history(in_review["nomination"], staff)]
    assert actions[0] == "nomination.created" and "nomination.decided" in actions


def test_a_decision_needs_a_reason_and_an_award_its_decree(in_review, tree):
    staff = user_with("staff", tree["root"])
    for fields, field in (
        ({"outcome": "decline", "reason": ""}, "reason"),
        ({"outcome": "award", "reason": "Yes", "decree_date": date(2026, 1, 1)}, "decree_number"),
    ):
        with pytest.raises(HonourError) as refused:
            services.decide(in_review["nomination"], by=staff, **fields)
        assert refused.value.field == field
    assert not Award.objects.exists()


def test_only_the_committee_decides(in_review, tree):
    with pytest.raises(HonourError) as refused:
        services.decide(
            in_review["nomination"], by=in_review["manager"], outcome="decline", reason="No"
        )
    assert refused.value.status == 403


def test_the_public_register_shows_only_consenting_recipients(tree, medal):
    consenting = member_of(tree["house"], full_name="Leyla Nəsirova")
    people.give_consent(consenting, Consent.Purpose.PUBLICATION, by=None, method="web")
    private = member_of(tree["house"], full_name="Kamran Rzayev")
    for person in (consenting, private):
        services.record_past_award(
            person, medal, by=None, decree_number="77", decree_date=date(2024, 12, 25)
        )
    assert [a.person for a in queries.public_register()] == [consenting]
    assert [a.person for a in queries.organisation_register(tree["house"])] == [consenting]
    manager = user_with("manager", tree["house"])
    assert {a.person for a in queries.register_for(manager)} == {consenting, private}
    consent = consenting.consents.get()
    people.withdraw_consent(consent, by=None)
    assert not queries.public_register().exists()


def test_a_deferred_nomination_goes_on_in_the_next_round(in_review, tree, medal):
    staff = user_with("staff", tree["root"])
    services.decide(in_review["nomination"], by=staff, outcome="defer", reason="Next year")
    now = timezone.now()
    following = open_round(
        medal, opens_at=now + timedelta(days=300), closes_at=now + timedelta(days=400)
    )
    carried = following.nominations.get()
    assert carried.carried_from == in_review["nomination"]
    assert carried.status == Nomination.Status.REVIEW
    assert carried.endorsements.filter(given_at__isnull=False).count() == 2
    in_review["nomination"].refresh_from_db()
    assert in_review["nomination"].status == Nomination.Status.DEFERRED
    assert [step["action"] for step in queries.history(carried, staff)] == [
        "nomination.carried_over"
    ]


def test_attachments_of_the_wrong_kind_or_too_large_are_refused(tree, medal):
    from django.core.files.uploadedfile import SimpleUploadedFile

    open_round(medal)
    manager = user_with("manager", tree["house"])
    for upload, code in (
        (SimpleUploadedFile("run.exe", b"MZ"), "file_type"),
        (SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * services.ATTACHMENT_BYTES), "too_large"),
    ):
        with pytest.raises(HonourError) as refused:
            services.nominate(
                by=manager,
                person=member_of(tree["house"]),
                honour=medal,
                citation={"en": "x"},
                attachments=[upload],
            )
        assert (refused.value.code, refused.value.field) == (code, "attachments")
    assert not Nomination.objects.exists()


# --- on the person's record and the dashboards ------------------------------------------


def test_the_record_and_the_dashboards_show_honours(in_review, tree):
    staff = user_with("staff", tree["root"])
    panel_member = user_with("staff", tree["root"])  # reviewers land on a dashboard as staff
    in_review["round"].panel.add(panel_member)
    committee, reviewer = Client(), Client()
    committee.force_login(staff)
    reviewer.force_login(panel_member)
    assert "Honours nominations to decide" in committee.get("/en/dashboard/").content.decode()
    assert "Honours nominations to review" in reviewer.get("/en/dashboard/").content.decode()
    services.decide(
        in_review["nomination"],
        by=staff,
        outcome="award",
        reason="Twenty years of Sunday school.",
        decree_number="1234",
        decree_date=date(2026, 12, 20),
    )
    page = committee.get(f"/en/people/{in_review['nominee'].pk}/").content.decode()
    assert "decree or order No. 1234" in page
