"""The honours API and pages: the documented calls, their refusals, the history."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import formats, translation

from diaspora.conftest import sign_in
from diaspora.directory.setup import set_up
from diaspora.events.tests.factories import make_event
from diaspora.honours import services
from diaspora.honours.models import Honour, Nomination
from diaspora.people.tests.factories import PersonFactory, UserFactory, member_of

from .helpers import MEDAL, honours_configured, open_round, user_with

pytestmark = pytest.mark.django_db


def api(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user)
    return client


@pytest.fixture
def round_(tree):
    return open_round(honours_configured())


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_nominate_endorse_score_and_read_through_the_api(tree, round_):
    nominee = member_of(tree["house"], full_name="Günay Həsənova")
    manager = user_with("manager", tree["house"])
    created = post(
        api(manager),
        "/api/honours/nominations",
        {"person_id": nominee.pk, "honour": MEDAL, "citation": "Founded the Sunday school."},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "endorsing"
    nomination = Nomination.objects.get(pk=body["id"])
    for key in ("paris", "school"):
        asked = post(
            api(manager),
            f"/api/honours/nominations/{nomination.pk}/endorsement-requests",
            {"organisation": tree[key].slug},
        )
        assert asked.status_code == 201, asked.content
        endorsed = post(
            api(user_with("manager", tree[key])),
            f"/api/honours/nominations/{nomination.pk}/endorsements",
            {},
        )
        assert endorsed.status_code == 201, endorsed.content
    reviewer = UserFactory()
    PersonFactory(user=reviewer, surname="Hüseynov", country_id="FR")
    round_.panel.add(reviewer, manager)
    scored = post(api(reviewer), f"/api/honours/nominations/{nomination.pk}/scores", {"score": 8})
    assert scored.status_code == 201, scored.content
    refused = post(api(manager), f"/api/honours/nominations/{nomination.pk}/scores", {"score": 9})
    assert refused.status_code == 409
    assert refused.json()["code"] == "conflict_nominated"
    read = api(reviewer).get(f"/api/honours/nominations/{nomination.pk}").json()
    assert read["status"] == "review" and read["average_score"] == "8.00"
    assert len(read["endorsements"]) == 2
    actions = [step["action"] for step in read["history"]]
    assert actions[:2] == ["nomination.created", "nomination.endorsement_asked"]
    assert "nomination.to_review" in actions
    # The nominators see the steps, not the reviewers' names.
    mine = api(manager).get(f"/api/honours/nominations/{nomination.pk}").json()
    assert mine["average_score"] is None
    assert all(
        step["by"] == "" for step in mine["history"] if step["action"] == "nomination.reviewed"
    )


def test_an_endorser_not_asked_gets_404_and_bad_input_names_its_field(tree, round_):
    nominee = member_of(tree["house"])
    manager = user_with("manager", tree["house"])
    nomination = services.nominate(
        by=manager, person=nominee, honour=round_.honour, citation={"en": "x"}
    )
    outsider = api(user_with("manager", tree["paris"]))
    assert outsider.get(f"/api/honours/nominations/{nomination.pk}").status_code == 404
    bad = post(
        api(manager),
        "/api/honours/nominations",
        {"person_id": nominee.pk, "honour": "no-such", "citation": "x"},
    )
    assert (bad.status_code, bad.json()["field"]) == (400, "honour")
    again = post(
        api(manager),
        "/api/honours/nominations",
        {"person_id": nominee.pk, "honour": MEDAL, "citation": "x"},
    )
    assert (again.status_code, again.json()["code"]) == (409, "already_nominated")


def test_the_nomination_page_shows_history_and_the_certificate_in_the_recipients_language(
    tree, round_
):
    nominee = member_of(tree["house"], full_name="Nərmin Qasımova", languages=["ru"])
    round_.endorsements_required = 0
    round_.save()
    manager = user_with("manager", tree["house"])
    nomination = services.nominate(
        by=manager, person=nominee, honour=round_.honour, citation={"az": "Mətn"}
    )
    staff = user_with("staff", tree["root"])
    services.decide(
        nomination,
        by=staff,
        outcome="award",
        reason="Merits",
        decree_number="42",
        decree_date=date(2026, 12, 20),
    )
    client = Client()
    sign_in(client, manager)
    page = client.get(f"/en/honours/nominations/{nomination.pk}/")
    assert page.status_code == 200
    assert "nominated" in page.content.decode() and "decided" in page.content.decode()
    pdf = client.get(f"/en/honours/nominations/{nomination.pk}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    from diaspora.honours.certificate import language_of

    assert language_of(nomination.award) == "ru"


def test_setup_applies_the_honours_and_a_second_run_changes_nothing(root):
    lines = set_up()
    assert "Honours: created (1)." in lines
    assert Honour.objects.get(code=MEDAL).names["ru"].startswith("Медаль")
    assert set_up()[-1] == "Nothing to change: the deployment is already set up."


def test_a_second_countrys_deployment_lists_its_own_honours(root):
    services.configure_honours(
        {"honours": [{"code": "order-of-friendship", "names": {"en": "Order"}, "criteria": []}]}
    )
    assert Honour.objects.get(code="order-of-friendship").name == "Order"


def test_the_nomination_form_says_which_field_is_wrong_in_the_readers_language(
    tree, round_, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    nominee = member_of(tree["house"])
    client = Client()
    sign_in(client, user_with("manager", tree["house"]))
    page = client.post(
        f"/ru/honours/nominate/{nominee.pk}/",
        {"honour": MEDAL, "language": "ru", "citation": " "},
    )
    assert page.status_code == 400
    assert "citation" in page.content.decode()
    assert not Nomination.objects.exists()
    attached = client.post(
        f"/en/honours/nominate/{nominee.pk}/",
        {
            "honour": MEDAL,
            "language": "en",
            "citation": "Choir",
            "merit_text_0": "Founded the choir",
            "merit_from_0": "2012-09-01",
            "attachments": [SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter")],
        },
    )
    assert attached.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.merits.get(from_registry=False).started_on == date(2012, 9, 1)
    item = nomination.attachments.get()
    download = client.get(f"/en/honours/nominations/{nomination.pk}/attachments/{item.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 letter"


def test_a_person_out_of_reach_has_no_nomination_form(tree, round_):
    stranger = member_of(tree["paris"], country_id="FR")
    client = Client()
    sign_in(client, user_with("manager", tree["house"]))
    assert client.get(f"/en/honours/nominate/{stranger.pk}/").status_code == 404


def test_the_public_reaches_the_register_and_not_the_nominations(tree, round_):
    client = Client()
    home = client.get("/en/")
    assert 'href="/en/honours/register/"' in home.content.decode()
    assert client.get("/en/honours/register/").status_code == 200
    assert client.get("/en/honours/").status_code == 302  # to the login


def test_the_committee_opens_a_round_to_the_end_of_31_december(tree):
    from diaspora.honours.models import Round

    honours_configured()
    client = Client()
    sign_in(client, user_with("staff", tree["root"]))
    refused = client.post(
        "/en/honours/rounds/new/",
        {"honour": MEDAL, "opens_on": "2026-12-31", "closes_on": "2026-09-01"},
    )
    assert refused.status_code == 400 and "closes_at" in refused.content.decode()
    opened = client.post(
        "/en/honours/rounds/new/",
        {"honour": MEDAL, "title": "2026", "opens_on": "2026-09-01", "closes_on": "2026-12-31"},
    )
    assert opened.status_code == 302
    round_ = Round.objects.get()
    assert round_.closes_at.date().isoformat() in ("2026-12-31", "2027-01-01")
    # Shown as the last day nominations are taken, not the midnight that ends it.
    shown = client.get(f"/en/honours/rounds/{round_.pk}/").content.decode()
    with translation.override("en"):
        assert formats.date_format(date(2026, 12, 31), "SHORT_DATE_FORMAT") in shown
        assert formats.date_format(date(2027, 1, 1), "SHORT_DATE_FORMAT") not in shown
    assert round_.endorsements_required == 2
    manager = Client()
    sign_in(manager, user_with("manager", tree["house"]))
    assert manager.get("/en/honours/rounds/new/").status_code == 403


def test_the_round_report_counts_in_a_fixed_number_of_queries(
    tree, round_, django_assert_max_num_queries
):
    from diaspora.honours.queries import round_report

    manager = user_with("manager", tree["house"])
    for _ in range(5):
        services.nominate(
            by=manager, person=member_of(tree["house"]), honour=round_.honour, citation={"en": "x"}
        )
    with django_assert_max_num_queries(2):
        report = round_report(round_)
        assert report["total"] == 5 and report["by_status"][0][1] == 5


def test_a_ceremony_is_dated_where_it_takes_place(tree):
    # 20:00 on 31 December in Los Angeles is already 1 January in Baku, the site's zone.
    honours_configured()
    year = date.today().year
    evening = datetime(year, 12, 31, 20, tzinfo=ZoneInfo("America/Los_Angeles"))
    make_event(tree["root"], starts_at=evening, timezone="America/Los_Angeles")
    # A House's own celebration that evening is not the Committee's to present at.
    make_event(tree["house"], title="Berlin evening", starts_at=evening)
    client = Client()
    sign_in(client, user_with("staff", tree["root"]))
    page = client.get("/en/honours/rounds/new/").content.decode()
    with translation.override("en"):
        assert formats.date_format(date(year, 12, 31), "SHORT_DATE_FORMAT") in page
        assert formats.date_format(date(year + 1, 1, 1), "SHORT_DATE_FORMAT") not in page
    assert "Berlin evening" not in page
