import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from diaspora.accounts.models import AuditEntry
from diaspora.accounts.services import grant_role
from diaspora.events import reporting
from diaspora.events.models import EventReport, ReportPhoto
from diaspora.events.services import EventError
from diaspora.people.tests.factories import UserFactory

from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo(name="evening.jpg", fmt="JPEG", size=(64, 48), exif=False):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 60, 40))
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera maker"  # Make
        extra["exif"] = data.tobytes()
    image.save(buffer, fmt, **extra)
    return SimpleUploadedFile(name, buffer.getvalue())


def files(media):
    return [path for path in media.rglob("*") if path.is_file()]


@pytest.fixture
def manager(tree):
    user = UserFactory(username="manager")
    grant_role(user, "manager", tree["house"], by=None)
    return user


@pytest.fixture
def held(tree):
    """A celebration that began an hour ago."""
    return make_event(tree["house"], starts_at=timezone.now() - timedelta(hours=1))


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_organisers_report_attendance_an_account_and_photos(held, manager, media):
    client = logged_in(manager)
    url = f"/en/events/{held.pk}/report/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "attendance": "42",
            "account": "Music, plov and speeches.",
            "photos": [photo("a.jpg"), photo("b.png", "PNG"), photo("c.webp", "WEBP")],
        },
    )
    assert response.status_code == 302
    report = EventReport.objects.get(event=held)
    assert (report.attendance, report.account, report.submitted_by) == (
        42,
        "Music, plov and speeches.",
        manager,
    )
    assert report.photos.count() == 3 and len(files(media)) == 3
    names = [p.image.name for p in report.photos.all()]
    # Stored under random names in the event's folder, never the uploader's names.
    assert all(re.fullmatch(rf"events/{held.pk}/[0-9a-f]{{16}}\.\w+", name) for name in names)
    entry = AuditEntry.objects.get(action="report")
    assert entry.actor == manager and entry.changes["attendance"] == [None, 42]
    assert len(entry.changes["photos added"][1]) == 3


def test_photos_lose_their_metadata(held, manager):
    reporting.submit_report(held, attendance=5, photos=[photo(exif=True)], by=manager)
    stored = ReportPhoto.objects.get()
    with Image.open(stored.image.path) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_a_bad_file_is_refused_by_name_and_nothing_is_written(held, manager, media):
    client = logged_in(manager)
    fake = SimpleUploadedFile("party.jpg", b"<html>not a photo</html>")
    gif = photo("old.gif", "GIF")
    response = client.post(
        f"/en/events/{held.pk}/report/",
        {"attendance": "42", "photos": [photo("good.jpg"), fake, gif]},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "“party.jpg” is not a JPEG, PNG or WebP photo." in text
    assert "“old.gif” is not a JPEG, PNG or WebP photo." in text
    assert "good.jpg" not in text
    assert not EventReport.objects.exists() and not ReportPhoto.objects.exists()
    assert files(media) == [] and not AuditEntry.objects.filter(action="report").exists()


def test_a_truncated_photo_and_an_oversized_one_are_refused(held, manager, settings):
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, "JPEG")
    cut = SimpleUploadedFile("cut.jpg", buffer.getvalue()[: buffer.tell() * 2 // 3])
    with pytest.raises(reporting.ReportRefused) as refused:
        reporting.submit_report(held, attendance=1, photos=[cut], by=manager)
    assert refused.value.problems == [
        "“cut.jpg” is damaged or incomplete: it cannot be read as a photo."
    ]
    big = photo("big.jpg")
    big.size = reporting.MAX_PHOTO_BYTES + 1
    with pytest.raises(reporting.ReportRefused) as refused:
        reporting.submit_report(held, attendance=1, photos=[big], by=manager)
    assert refused.value.problems[0].startswith("“big.jpg” is 10.0")
    assert not EventReport.objects.exists()


def test_a_report_holds_at_most_ten_photos(held, manager, media):
    reporting.submit_report(held, attendance=1, photos=[photo() for _ in range(8)], by=manager)
    with pytest.raises(EventError, match="at most 10 photos"):
        reporting.submit_report(held, attendance=1, photos=[photo() for _ in range(3)], by=manager)
    assert ReportPhoto.objects.count() == 8 and len(files(media)) == 8
    with pytest.raises(EventError, match="it would have 11"):
        reporting.submit_report(held, attendance=1, photos=[photo() for _ in range(11)], by=manager)
    # Removing two makes room for three more.
    remove = list(ReportPhoto.objects.values_list("pk", flat=True)[:2])
    report = reporting.submit_report(
        held, attendance=2, photos=[photo() for _ in range(3)], remove=remove, by=manager
    )
    assert report.photos.count() == 9


def test_removed_photos_leave_the_disk(held, manager, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = reporting.submit_report(held, attendance=1, photos=[photo()], by=manager)
    assert len(files(media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        reporting.submit_report(held, attendance=1, remove=[report.photos.get().pk], by=manager)
    assert files(media) == [] and not ReportPhoto.objects.exists()


def test_no_report_before_the_event_begins(tree, manager):
    event = make_event(tree["house"])  # next week
    response = logged_in(manager).post(f"/en/events/{event.pk}/report/", {"attendance": "3"})
    assert response.status_code == 400
    assert "You can report once the event has begun." in response.content.decode()
    assert not EventReport.objects.exists()


def test_only_organisers_report(held, tree):
    outsider = UserFactory(username="outsider")
    grant_role(outsider, "manager", tree["paris"], by=None)
    assert logged_in(outsider).get(f"/en/events/{held.pk}/report/").status_code == 403
    assert Client().get(f"/en/events/{held.pk}/report/").status_code == 302  # to log in
    with pytest.raises(EventError):
        reporting.submit_report(held, attendance=1, by=outsider)


def test_photos_are_served_only_to_those_who_may_see_them(held, manager, tree):
    report = reporting.submit_report(held, attendance=1, photos=[photo()], by=manager)
    url = f"/en/events/{held.pk}/report/photos/{report.photos.get().pk}/"
    response = logged_in(manager).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    committee = UserFactory(username="committee")
    grant_role(committee, "staff", tree["root"], by=None)
    assert logged_in(committee).get(url).status_code == 200
    outsider = UserFactory(username="outsider")
    grant_role(outsider, "manager", tree["paris"], by=None)
    assert logged_in(outsider).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_the_event_page_links_organisers_to_the_report(held, manager):
    text = logged_in(manager).get(f"/en/events/{held.pk}/").content.decode()
    assert f'href="/en/events/{held.pk}/report/"' in text
    assert (
        f"/events/{held.pk}/report/" not in Client().get(f"/en/events/{held.pk}/").content.decode()
    )


def test_a_cancelled_event_takes_no_report(held, manager):
    held.status = held.Status.CANCELLED
    held.save()
    with pytest.raises(EventError, match="cancelled"):
        reporting.submit_report(held, attendance=1, by=manager)
    assert not reporting.can_report(manager, held, datetime.now(UTC))


def png_header(width: int, height: int) -> SimpleUploadedFile:
    """A PNG that declares its size and holds a few bytes of pixels: what a
    decompression bomb shows before it is decoded."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile("bomb.png", data)


@pytest.mark.parametrize(
    ("width", "height", "shown"),
    [(9_000, 7_000, "(9000 × 7000)"), (50_000, 50_000, "")],  # ours, then Pillow's limit
)
def test_a_photo_with_too_many_pixels_is_refused_before_it_is_decoded(
    held, manager, width, height, shown
):
    with pytest.raises(reporting.ReportRefused) as refused:
        reporting.submit_report(held, attendance=1, photos=[png_header(width, height)], by=manager)
    assert refused.value.problems == [
        f"“bomb.png” has too many pixels{' ' + shown if shown else ''}; at most 50000000."
    ]
    assert not EventReport.objects.exists()


def test_a_report_request_larger_than_its_photos_may_be_is_refused_before_it_is_read(held, manager):
    response = logged_in(manager).post(
        f"/en/events/{held.pk}/report/",
        data=b"x",
        content_type="text/plain",
        CONTENT_LENGTH=str(2 * 2**30),
    )
    assert response.status_code == 413
    assert "at most 101.0" in response.content.decode()
