"""The accredited person's photo and the secret link they vote with.

A badge photo is a photo of a person: checked and re-encoded from its pixels as event
photos are (no EXIF, no GPS), then scaled to what a badge prints, and audited."""

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from PIL import Image

from diaspora.accounts import audit
from diaspora.accounts.models import User
from diaspora.events import reporting
from diaspora.events.services import EventError

from .errors import CongressError
from .models import Accreditation

# 600 × 800 pixels print a 30 × 40 mm photo at over 500 dpi.
BADGE_PHOTO = (600, 800)


def badge_photo(upload: UploadedFile) -> bytes:
    try:
        clean = reporting.check_photo(upload)
    except EventError as error:
        raise CongressError(str(error), field="photo") from None
    image = Image.open(io.BytesIO(clean.data))
    image.thumbnail(BADGE_PHOTO)
    output = io.BytesIO()
    image.convert("RGB").save(output, "JPEG", quality=85, optimize=True)
    return output.getvalue()


@transaction.atomic
def set_photo(accreditation: Accreditation, upload: UploadedFile, *, by: User | None) -> None:
    """Replace the badge photo. Trusts its caller (the congress's organisers, or the
    office of the nominating organisation: `queries.may_edit_accreditation`)."""
    data = badge_photo(upload)
    old = accreditation.photo.name if accreditation.photo else None
    accreditation.photo.save("photo.jpg", ContentFile(data))
    audit.record(
        actor=by,
        action="congress.photo_set",
        target=accreditation,
        changes={"photo": [bool(old), True]},
    )
    if old:
        storage = accreditation.photo.storage
        transaction.on_commit(lambda: storage.delete(old))


def by_token(token: str) -> Accreditation | None:
    """The accreditation whose secret link this is (the holder's phone)."""
    if not token or len(token) > 64:
        return None
    return (
        Accreditation.objects.select_related(
            "nomination__congress__event", "nomination__organisation", "registration"
        )
        .filter(token=token)
        .first()
    )
