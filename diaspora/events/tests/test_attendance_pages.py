from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from diaspora.accounts.services import grant_role
from diaspora.events.attendance import services
from diaspora.events.models import Attendance, Event
from diaspora.people.tests.factories import UserFactory, member_of

from .factories import make_event

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


@pytest.fixture
def leyla(tree):
    return member_of(
        tree["house"], full_name="Leyla Hasanova", given_name="Leyla", surname="Hasanova",
        email="leyla.hasanova@example.de", country_id="DE",
    )  # fmt: skip


@pytest.fixture
def ali(tree):
    return member_of(
        tree["house"], full_name="Əli Məmmədov", given_name="Əli", surname="Məmmədov",
        country_id="DE",
    )  # fmt: skip


@pytest.fixture
def organiser(tree):
    user = UserFactory(username="house-manager")
    grant_role(user, "manager", tree["house"], by=None)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def event(tree):
    return make_event(tree["house"], title="Online conference", timezone="Asia/Baku")


def upload(client, event, name="zoom_participants.csv"):
    report = SimpleUploadedFile(name, (DATA / name).read_bytes(), content_type="text/csv")
    return client.post(f"/en/events/{event.pk}/attendance/", {"file": report})


def test_an_organiser_checks_a_report_then_records_it_and_decides_a_review(
    event, organiser, leyla, ali
):
    checked = upload(organiser, event)
    page = checked.content.decode()
    assert checked.status_code == 200
    assert "Leyla Hasanova" in page and "to review" in page
    assert "nothing beside the name confirms it" in page
    assert "1 host or organiser left out" in page and "Diaspora Host" not in page
    assert not Attendance.objects.exists()  # a check writes nothing
    sha256 = checked.context["report"].sha256
    recorded = organiser.post(f"/en/events/{event.pk}/attendance/record/", {"sha256": sha256})
    assert recorded.status_code == 302
    assert Attendance.objects.filter(event=event).count() == 4
    held = Attendance.objects.get(name="Əli Məmmədov")
    organiser.post(f"/en/events/{event.pk}/attendance/{held.pk}/confirm/")
    held.refresh_from_db()
    assert (held.status, held.person) == ("matched", ali)
    # The same report again, from the page: nothing changes.
    again = upload(organiser, event)
    assert "recorded before" in again.content.decode()
    organiser.post(f"/en/events/{event.pk}/attendance/record/", {"sha256": sha256})
    assert Attendance.objects.filter(event=event).count() == 4


def test_a_report_that_cannot_be_read_is_refused_with_its_reason(event, organiser):
    junk = SimpleUploadedFile("list.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = organiser.post(f"/en/events/{event.pk}/attendance/", {"file": junk})
    assert response.status_code == 400
    assert "participants&#x27; columns" in response.content.decode()


def test_a_report_too_large_is_refused_before_it_is_read(event, organiser):
    response = organiser.post(
        f"/en/events/{event.pk}/attendance/",
        data=b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 2**20),
    )
    assert response.status_code == 413


def test_recording_needs_the_report_just_checked(event, organiser):
    response = organiser.post(f"/en/events/{event.pk}/attendance/record/", {"sha256": "0" * 64})
    assert response.status_code == 302 and not Attendance.objects.exists()


def test_only_organisers_reach_the_attendance_page(event, tree):
    outsider = UserFactory()
    grant_role(outsider, "manager", tree["paris"], by=None)
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/en/events/{event.pk}/attendance/").status_code == 403
    assert upload(client, event).status_code == 403


def test_the_event_page_shows_the_attendance_by_country_on_a_map(event, leyla, ali):
    services.commit(event, (DATA / "webex_attendees.csv").read_bytes(), by=None)
    page = Client().get(f"/en/events/{event.pk}/").content.decode()
    assert "2 participants" in page and "1 country" in page  # the host is left out
    assert 'class="l1"' in page  # Germany shaded
    assert "Leyla" not in page  # the public sees figures, not names


def test_a_persons_record_lists_the_online_events_they_attended(event, leyla, tree):
    services.commit(event, (DATA / "webex_attendees.csv").read_bytes(), by=None)
    user = UserFactory()
    leyla.user = user
    leyla.save()
    client = Client()
    client.force_login(user)
    page = client.get("/en/me/").content.decode()
    assert "Online events attended" in page and "Online conference" in page
    assert "144 minutes" in page


def test_the_office_record_of_a_person_lists_the_online_events_they_attended(
    event, leyla, organiser
):
    services.commit(event, (DATA / "webex_attendees.csv").read_bytes(), by=None)
    page = organiser.get(f"/en/admin/people/person/{leyla.pk}/change/").content.decode()
    assert "Online events attended" in page and "Online conference" in page
    assert "144" in page


def test_a_past_online_event_offers_its_attendance_not_a_door(tree, organiser):
    from datetime import timedelta

    from django.utils import timezone

    past = make_event(
        tree["house"], online_url="https://zoom.example/j/1", capacity=1000,
        starts_at=timezone.now() - timedelta(days=3), timezone="Asia/Baku",
    )  # fmt: skip
    Event.objects.filter(pk=past.pk).update(city=None, country=None)  # online only
    page = organiser.get(f"/en/events/{past.pk}/").content.decode()
    assert "Check-in at the door" not in page and "Attendance" in page
    assert "places left" not in page and "0 people registered" in page


def test_reasons_recorded_in_one_language_are_read_in_anothers(event, organiser, ali):
    checked = upload(organiser, event)
    organiser.post(
        f"/en/events/{event.pk}/attendance/record/", {"sha256": checked.context["report"].sha256}
    )
    held = Attendance.objects.get(name="Əli Məmmədov")
    assert {"code": "unconfirmed"} in held.reasons  # stored in no language
    az = organiser.get(f"/az/events/{event.pk}/attendance/").content.decode()
    assert "addan başqa heç nə bunu təsdiqləmir" in az
    assert "nothing beside the name confirms it" not in az
    ru = organiser.get(f"/ru/events/{event.pk}/attendance/").content.decode()
    assert "кроме имени, ничто этого не подтверждает" in ru
    # A reason recorded as text before reasons were codes is shown as written.
    held.reasons = ["names 98% alike", {"code": "same_country"}]
    held.save()
    with translation.override("en"):
        assert held.explained_reasons == ["names 98% alike", "same country"]


def test_a_review_item_shows_the_candidate_and_a_decision_says_what_was_recorded(
    event, organiser, ali, tree
):
    import datetime

    ali.birth_date = datetime.date(1984, 5, 2)
    ali.save()
    services.commit(event, (DATA / "zoom_participants.csv").read_bytes(), by=None)
    page = organiser.get(f"/en/events/{event.pk}/attendance/").content.decode()
    assert "Germany, born 1984" in page
    assert f'href="/en/admin/people/person/{ali.pk}/change/"' in page
    assert 'class="striped cards review-items"' in page  # cards on a phone (site.css)
    held = Attendance.objects.get(name="Əli Məmmədov")
    done = organiser.post(f"/en/events/{event.pk}/attendance/{held.pk}/confirm/", follow=True)
    assert (
        "Recorded: Əli Məmmədov is Əli Məmmədov; the attendance is on their record."
        in done.content.decode()
    )
    other = Attendance.objects.create(
        event=event, status="review", candidate=ali, name="Ali M.", key="name:ali m",
        source="other", layout="list",
    )  # fmt: skip
    done = organiser.post(f"/en/events/{event.pk}/attendance/{other.pk}/reject/", follow=True)
    assert "Recorded: Ali M. is someone else than Əli Məmmədov" in done.content.decode()
    # Refused: already decided.
    done = organiser.post(f"/en/events/{event.pk}/attendance/{other.pk}/reject/", follow=True)
    assert "not waiting for review" in done.content.decode()
