"""Badges, photos, mandates and the seats' database guarantee."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from diaspora.congress import accreditations, badges, nominations, setup
from diaspora.congress.errors import CongressError
from diaspora.congress.models import Congress, Quota, Seat

from .factories import make_congress, nominate

pytestmark = pytest.mark.django_db


def jpeg(width=900, height=1200, exif=True) -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), (120, 80, 40))
    output = io.BytesIO()
    extra = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "Secret camera"  # Make
        extra["exif"] = tags
    image.save(output, "JPEG", **extra)
    return SimpleUploadedFile("me.jpg", output.getvalue(), content_type="image/jpeg")


@pytest.fixture
def congress(root):
    congress = make_congress(root)
    setup.set_quotas(congress, countries={"DE": 5}, guests=5, by=None)
    return congress


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


@pytest.mark.parametrize(("size", "per_sheet"), [("a6", 4), ("card", 10)])
def test_every_accepted_person_gets_a_badge_several_to_a_sheet(congress, tree, size, per_sheet):
    congress.badge_size = size
    for n in range(11):
        decision = "guest" if n % 3 == 0 else "delegate"
        if n < 8:
            nominations.decide(nominate(congress, tree["house"], n), decision, by=None)
    nominate(congress, tree["house"], 99)  # still nominated: no badge
    found = list(badges.accreditations(congress))
    assert len(found) == 8
    pdf = badges.badges_pdf(congress)
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == -(-8 // per_sheet)


def test_a_badge_photo_is_re_encoded_without_its_metadata_and_scaled(congress, tree):
    nomination = nominations.decide(nominate(congress, tree["house"], 1), "delegate", by=None)
    accreditation = nomination.accreditation
    accreditations.set_photo(accreditation, jpeg(), by=None)
    with accreditation.photo.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
    assert stored.size == (600, 800)
    assert not stored.getexif()
    pdf = badges.badges_pdf(congress)
    assert b"/Subtype /Image" in pdf


def test_a_photo_that_is_not_one_is_refused_with_the_reason(congress, tree):
    nomination = nominations.decide(nominate(congress, tree["house"], 1), "guest", by=None)
    fake = SimpleUploadedFile("me.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(CongressError, match="is not a JPEG, PNG or WebP photo") as refused:
        accreditations.set_photo(nomination.accreditation, fake, by=None)
    assert refused.value.field == "photo"


def test_a_mandate_is_a_pdf_or_an_image(congress, tree):
    pdf = SimpleUploadedFile("decision.pdf", b"%PDF-1.4\n...", content_type="application/pdf")
    kept = nominate(congress, tree["house"], 1, mandate=pdf)
    assert kept.mandate.name.endswith(".pdf")
    photo = nominate(congress, tree["house"], 2, mandate=jpeg(exif=False))
    assert photo.mandate.name.endswith(".jpg")
    text = SimpleUploadedFile("decision.txt", b"we decided", content_type="text/plain")
    with pytest.raises(CongressError, match="neither a PDF nor") as refused:
        nominate(congress, tree["house"], 3, mandate=text)
    assert refused.value.field == "mandate"


def test_the_database_refuses_a_seat_beyond_the_quota(congress, tree):
    quota = Quota.objects.get(country="DE")
    for n in range(5):
        nominations.decide(nominate(congress, tree["house"], n), "delegate", by=None)
    sixth = nominate(congress, tree["house"], 6)
    # A careless writer that skipped the lock and the count: both ways are refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.create(quota=quota, number=6, limit=5, nomination=sixth)
    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.create(quota=quota, number=3, limit=5, nomination=sixth)
    with pytest.raises(IntegrityError), transaction.atomic():
        Quota.objects.filter(pk=quota.pk).update(taken=6)


def test_a_quota_cannot_drop_below_the_places_taken(congress, tree):
    for n in range(3):
        nominations.decide(nominate(congress, tree["house"], n), "delegate", by=None)
    with pytest.raises(CongressError, match="3 places") as refused:
        setup.set_quotas(congress, countries={"DE": 2}, by=None)
    assert refused.value.code == "below_taken"
    assert Quota.objects.get(country="DE").places == 5


def test_a_country_without_a_quota_or_a_decision_twice_is_refused(congress, tree):
    french = nominate(congress, tree["paris"], 1, country="FR")
    with pytest.raises(CongressError) as no_quota:
        nominations.decide(french, "delegate", by=None)
    assert no_quota.value.code == "no_quota"
    nominations.decide(french, "guest", by=None)
    with pytest.raises(CongressError) as twice:
        nominations.decide(french, "rejected", reason="late", by=None)
    assert twice.value.code == "already_decided"


def test_only_the_commission_decides(congress, tree):
    from diaspora.people.tests.factories import UserFactory

    outsider = UserFactory(username="outsider")
    with pytest.raises(CongressError) as refused:
        nominations.decide(nominate(congress, tree["house"], 1), "delegate", by=outsider)
    assert refused.value.code == "forbidden"
    assert Congress.objects.get().quotas.get(country="DE").taken == 0
