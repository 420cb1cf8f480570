"""The congress's pages, in each language, for each office: quotas, nominating with
a mandate, the commission's review and report, badges, photos, the agenda, the
projector and the delegate's phone."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from diaspora.congress import nominations, setup
from diaspora.congress.models import Accreditation, Motion, Nomination
from diaspora.events.models import Event, Registration

from .factories import commission_member, make_congress, nominate, office
from .test_badges import jpeg

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def congress(root):
    congress = make_congress(root)
    setup.set_quotas(congress, countries={"DE": 2}, guests=1, by=None)
    return congress


@pytest.fixture
def staff(root):
    return client_for(office(root, "committee", "staff"))


def test_the_committee_sets_quotas_on_the_page(congress, staff):
    url = f"/en/congress/{congress.event.pk}/quotas/"
    page = staff.get(url)
    assert page.status_code == 200 and "DE 2" in page.content.decode()
    assert "Germany (DE)" in page.content.decode()  # the table names the country
    saved = staff.post(url, {"countries": "DE 5\nru 40", "organisations": "", "guests": "63"})
    assert saved.status_code == 302
    assert dict(congress.quotas.filter(kind="delegate").values_list("country", "places")) == {
        "DE": 5,
        "RU": 40,
    }
    bad = staff.post(url, {"countries": "DE five", "guests": "1"})
    assert bad.status_code == 400
    assert "Line 1: write a code and a number of places" in bad.content.decode()


def test_an_office_nominates_with_a_mandate_and_reads_the_decision(congress, tree):
    manager = client_for(office(tree["house"], "berlin-house"))
    url = f"/en/congress/{congress.event.pk}/nominations/"
    mandate = SimpleUploadedFile("decision.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")
    sent = manager.post(
        url,
        {
            "organisation": tree["house"].pk,
            "given_name": "Aynur",
            "surname": "Əliyeva",
            "email": "aynur@example.org",
            "country": "DE",
            "name_ru": "Айнур Алиева",
            "mandate": mandate,
        },
    )
    assert sent.status_code == 302, sent.content.decode()[:2000]
    nomination = Nomination.objects.get()
    assert nomination.names == {"ru": "Айнур Алиева"}
    assert manager.get(f"{url}{nomination.pk}/mandate/").status_code == 200
    paris = client_for(office(tree["paris"], "paris"))
    assert paris.get(f"{url}{nomination.pk}/mandate/").status_code == 404
    assert "Aynur" not in paris.get(url).content.decode()

    commissioner = client_for(commission_member(congress))
    review = commissioner.get(f"/en/congress/{congress.event.pk}/review/")
    assert "Aynur Əliyeva" in review.content.decode()
    decided = commissioner.post(
        f"/en/congress/{congress.event.pk}/review/{nomination.pk}/",
        {"decision": "rejected", "reason": "The mandate is not signed"},
    )
    assert decided.status_code == 302
    listing = manager.get(url).content.decode()
    assert "rejected" in listing and "The mandate is not signed" in listing
    report = commissioner.get(f"/en/congress/{congress.event.pk}/report/").content.decode()
    assert "The mandate is not signed" in report


def test_a_mandate_that_is_not_one_is_refused_on_the_page(congress, tree):
    manager = client_for(office(tree["house"], "berlin-house"))
    sent = manager.post(
        f"/en/congress/{congress.event.pk}/nominations/",
        {
            "organisation": tree["house"].pk,
            "given_name": "Aynur",
            "email": "aynur@example.org",
            "country": "DE",
            "mandate": SimpleUploadedFile("x.exe", b"MZ\x90\x00", "application/octet-stream"),
        },
    )
    assert sent.status_code == 400
    assert "neither a PDF nor a JPEG, PNG or WebP image" in sent.content.decode()
    assert not Nomination.objects.exists()


def test_badges_and_photos_on_the_pages(congress, tree, staff):
    nomination = nominations.decide(nominate(congress, tree["house"], 1), "delegate", by=None)
    accreditation = nomination.accreditation
    url = f"/en/congress/{congress.event.pk}/accreditations/{accreditation.pk}/photo/"
    assert staff.post(url, {"photo": jpeg()}).status_code == 302
    assert staff.get(url.replace("photo/", "photo.jpg")).status_code == 200
    badges = staff.get(f"/en/congress/{congress.event.pk}/badges.pdf")
    assert badges.status_code == 200 and badges.content.startswith(b"%PDF")
    outsider = client_for(office(tree["paris"], "paris"))
    assert outsider.get(f"/en/congress/{congress.event.pk}/badges.pdf").status_code == 403


def test_a_delegate_votes_from_the_phone_and_the_projector_counts(congress, tree, staff):
    delegate = nominations.decide(nominate(congress, tree["house"], 1), "delegate", by=None)
    guest = nominations.decide(nominate(congress, tree["house"], 2), "guest", by=None)
    agenda = f"/en/congress/{congress.event.pk}/agenda/"
    staff.post(agenda, {"add_session": "1", "title": "Charter"})
    session = congress.sessions.get()
    staff.post(
        agenda,
        {
            "add_motion": "1",
            "session": session.pk,
            "title": "Adopt the Charter",
            "ballot": "open",
            "seats": "1",
        },
    )
    motion = Motion.objects.get()
    staff.post(f"/en/congress/{congress.event.pk}/motions/{motion.pk}/open/")
    token = Accreditation.objects.get(nomination=delegate).token
    phone = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = phone.get(f"/en/congress/a/{token}/").content.decode()
    assert "Only delegates checked in at the door vote." in page
    Registration.objects.filter(accreditation__token=token).update(checked_in_at=timezone.now())
    page = phone.get(f"/en/congress/a/{token}/").content.decode()
    assert 'name="option"' in page
    yes = motion.options.get(code="for").pk
    voted = phone.post(f"/en/congress/a/{token}/motions/{motion.pk}/", {"option": yes})
    assert voted.status_code == 302
    assert "You have voted." in phone.get(f"/en/congress/a/{token}/").content.decode()
    guest_page = phone.get(f"/en/congress/a/{guest.accreditation.token}/").content.decode()
    assert 'name="option"' not in guest_page
    projector = staff.get(
        f"/en/congress/{congress.event.pk}/motions/{motion.pk}/projector/",
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert re.search(r'class="number voters">1<', projector)
    assert phone.get("/en/congress/a/not-a-token/").status_code == 404


@pytest.mark.parametrize("language", ["az", "ru", "en"])
def test_every_congress_page_opens_in_each_language(congress, tree, staff, language):
    nominations.decide(nominate(congress, tree["house"], 1), "delegate", by=None)
    event = congress.event.pk
    for path in ("", "quotas/", "commission/", "nominations/", "review/", "report/", "agenda/"):
        response = staff.get(f"/{language}/congress/{event}/{path}")
        assert response.status_code == 200, path
        assert f'lang="{language}"' in response.content.decode()


def test_the_accredited_get_their_link_by_email_in_their_language(
    congress, tree, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        nomination = nominations.decide(nominate(congress, tree["house"], 1), "delegate", by=None)
    token = nomination.accreditation.token
    letters = [m for m in mail.outbox if token in m.body]
    assert len(letters) == 1 and letters[0].to == ["d1@example.org"]
    assert f"/congress/a/{token}/" in letters[0].body
    assert "Delegate" in letters[0].body


def test_the_projector_hides_a_secret_ballot_s_counts_until_it_closes(congress, tree, staff):
    from diaspora.congress import voting

    delegate = nominations.decide(nominate(congress, tree["house"], 1), "delegate", by=None)
    Registration.objects.filter(accreditation__nomination=delegate).update(
        checked_in_at=timezone.now()
    )
    session = voting.add_session(congress, title="Elections", by=None)
    motion = voting.add_motion(session, title="Secret", ballot="secret", by=None)
    voting.open_motion(motion, by=None)
    voting.cast(delegate.accreditation, motion, [motion.options.get(code="for").pk])
    url = f"/en/congress/{congress.event.pk}/motions/{motion.pk}/projector/"
    live = staff.get(url).content.decode()
    assert "the counts are shown when the vote closes" in live
    assert 'class="option"' not in live
    voting.close_motion(motion, by=None)
    closed = staff.get(url).content.decode()
    assert 'class="option"' in closed and "Adopted." in closed


def test_the_committee_names_the_commission(congress, staff):
    from diaspora.people.tests.factories import UserFactory

    UserFactory(username="leyla")
    url = f"/en/congress/{congress.event.pk}/commission/"
    assert staff.post(url, {"members": "leyla\nnobody"}).status_code == 400
    assert staff.post(url, {"members": "leyla"}).status_code == 302
    assert list(congress.commission.values_list("username", flat=True)) == ["leyla"]


def test_a_commission_member_finds_the_waiting_nominations_on_the_dashboard(congress, tree, root):
    member = office(root, "commissioner", "staff")
    congress.commission.add(member)
    nominate(congress, tree["house"], 1)
    nominate(congress, tree["house"], 2)
    page = client_for(member).get("/en/dashboard/").content.decode()
    assert f"/en/congress/{congress.event.pk}/review/" in page
    assert "to decide" in page
    outsider = client_for(office(root, "outsider", "staff")).get("/en/dashboard/").content.decode()
    assert f"/en/congress/{congress.event.pk}/review/" not in outsider


def test_the_commission_chooses_a_decision_none_is_preselected(congress, tree, root):
    member = office(root, "commissioner", "staff")
    congress.commission.add(member)
    nominate(congress, tree["house"], 1)
    page = client_for(member).get(f"/en/congress/{congress.event.pk}/review/").content.decode()
    assert '<select name="decision" required>' in page and '<option value="">' in page


def test_the_breadcrumb_links_the_event_only_for_those_who_may_open_it(root, tree):
    congress = make_congress(root, nominations_close_at=timezone.now() + timedelta(days=7))
    Event.objects.filter(pk=congress.event.pk).update(audience=Event.Audience.MEMBERS)
    link = f'href="/en/events/{congress.event.pk}/"'
    manager = client_for(office(tree["house"], "berlin-house"))
    page = manager.get(f"/en/congress/{congress.event.pk}/nominations/").content.decode()
    assert "Congress of World Azerbaijanis" in page and link not in page
    assert manager.get(f"/en/events/{congress.event.pk}/").status_code == 404
    staff = client_for(office(root, "committee", "staff"))
    assert link in staff.get(f"/en/congress/{congress.event.pk}/").content.decode()


def test_a_nominating_office_finds_an_open_congress_on_its_dashboard(root, tree):
    congress = make_congress(root, nominations_close_at=timezone.now() + timedelta(days=7))
    Event.objects.filter(pk=congress.event.pk).update(audience=Event.Audience.MEMBERS)
    manager = client_for(office(tree["house"], "berlin-house"))
    link = f'href="/en/congress/{congress.event.pk}/nominations/"'
    assert link in manager.get("/en/dashboard/").content.decode()
    congress.nominations_close_at = timezone.now() - timedelta(days=1)
    congress.save()
    assert link not in manager.get("/en/dashboard/").content.decode()
