"""Reporting back after an event: how many came, a short account, photos.

Photos of people are personal data: every change is audited, each photo is
re-encoded from its pixels (which drops EXIF, GPS positions included, and anything
else hidden in the file), and the files are served only through a view that checks
who asks. A report is written whole or not at all: every photo is checked before
anything is written, and files written before a failure are removed again."""

import io
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from diaspora import access
from diaspora.access import Action
from diaspora.accounts import audit
from diaspora.accounts.models import User

from .models import Event, EventReport, ReportPhoto
from .services import EventError

MAX_PHOTOS = 10
MAX_PHOTO_BYTES = 10 * 1024 * 1024
# A report's whole request: its photos and the form around them.
MAX_REPORT_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 2**20
MAX_PIXELS = 50_000_000  # a 50-megapixel camera; larger is a decompression bomb
MAX_ATTENDANCE = 1_000_000
# Pillow's format: the file's suffix and the type the photo view sends.
FORMATS = {
    "JPEG": (".jpg", "image/jpeg"),
    "PNG": (".png", "image/png"),
    "WEBP": (".webp", "image/webp"),
}
CONTENT_TYPES = dict(FORMATS.values())


class ReportRefused(EventError):
    """A report refused for its photos; `problems` holds one message per bad file."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems), field="photos")
        self.problems = problems


@dataclass(frozen=True)
class CleanPhoto:
    name: str  # as uploaded, for messages only
    data: bytes
    suffix: str


def can_report(user: User | None, event: Event, now: datetime | None = None) -> bool:
    """Organisers report (access: events.report) once the event has begun, unless
    it was cancelled."""
    return (
        event.status == Event.Status.SCHEDULED
        and event.starts_at <= (now or timezone.now())
        and access.allowed_any(user, Action.EVENTS_REPORT, event.organisers.all())
    )


def check_photo(upload: UploadedFile) -> CleanPhoto:
    """The photo re-encoded from its pixels, or EventError saying what is wrong with it."""
    name = upload.name or "?"
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise EventError(
            _("“%(name)s” is %(size)s; a photo may be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_PHOTO_BYTES),
            }
        )
    not_a_photo = EventError(_("“%(name)s” is not a JPEG, PNG or WebP photo.") % {"name": name})
    upload.seek(0)
    # Opening reads the header only; its size is checked here before a pixel is
    # decoded. Pillow refuses, already at opening, what is far beyond its own limit
    # (twice Image.MAX_IMAGE_PIXELS) unless that limit was lifted: ours holds anyway.
    try:
        image = Image.open(upload)
    except Image.DecompressionBombError:
        raise too_many_pixels(name) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise not_a_photo from None
    if image.format not in FORMATS:
        raise not_a_photo
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise too_many_pixels(name, width, height)
    suffix, _type = FORMATS[image.format]
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
        output = io.BytesIO()
        if image.format == "JPEG":
            upright.save(output, "JPEG", quality=90, optimize=True)
        else:
            upright.save(output, image.format)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise EventError(
            _("“%(name)s” is damaged or incomplete: it cannot be read as a photo.") % {"name": name}
        ) from None
    return CleanPhoto(name, output.getvalue(), suffix)


def too_many_pixels(name: str, width: int = 0, height: int = 0) -> EventError:
    return EventError(
        _("“%(name)s” has too many pixels (%(width)d × %(height)d); at most %(limit)d.")
        % {"name": name, "width": width, "height": height, "limit": MAX_PIXELS}
        if width
        else _("“%(name)s” has too many pixels; at most %(limit)d.")
        % {"name": name, "limit": MAX_PIXELS}
    )


def check_photos(uploads: list[UploadedFile]) -> list[CleanPhoto]:
    """Every upload checked, so the user hears about all the bad files at once."""
    clean, problems = [], []
    for upload in uploads:
        try:
            clean.append(check_photo(upload))
        except EventError as error:
            problems.append(str(error))
    if problems:
        raise ReportRefused(problems)
    return clean


def submit_report(
    event: Event,
    *,
    attendance: int,
    account: str = "",
    photos: list[UploadedFile] | None = None,
    remove: list[int] | None = None,
    by: User | None,
) -> EventReport:
    """Write or update the event's report: attendance, account, new photos, photos
    removed. All or nothing; audited, since photos show people. Checks its caller:
    `by` must report on events (access: events.report) at one of its organisers."""
    if not access.allowed_any(by, Action.EVENTS_REPORT, event.organisers.all()):
        raise EventError(_("Only the event's organisers may report on it."))
    if event.status != Event.Status.SCHEDULED:
        raise EventError(_("This event has been cancelled."))
    if event.starts_at > timezone.now():
        raise EventError(_("You can report once the event has begun."))
    if attendance is None or not 0 <= attendance <= MAX_ATTENDANCE:
        raise EventError(
            _("Attendance is a number of people from 0 to %(max)d.") % {"max": MAX_ATTENDANCE},
            field="attendance",
        )
    account = (account or "").strip()
    limit = EventReport._meta.get_field("account").max_length or 4000
    if len(account) > limit:
        raise EventError(
            _("The account is longer than %(limit)d characters.") % {"limit": limit},
            field="account",
        )
    if len(photos or []) > MAX_PHOTOS:
        # Refused before any of them is decoded: decoding is the expensive part.
        raise EventError(
            _("A report holds at most %(max)d photos; it would have %(count)d.")
            % {"max": MAX_PHOTOS, "count": len(photos or [])},
            field="photos",
        )
    clean = check_photos(photos or [])
    written: list[str] = []
    try:
        report = _write(event, attendance, account, clean, set(remove or ()), by, written)
    except BaseException:
        # The database rolled back; the files written for it go too.
        for name in written:
            ReportPhoto.image.field.storage.delete(name)
        raise
    return report


@transaction.atomic
def _write(
    event: Event,
    attendance: int,
    account: str,
    clean: list[CleanPhoto],
    remove: set[int],
    by: User | None,
    written: list[str],
) -> EventReport:
    report = EventReport.objects.select_for_update().filter(event=event).first()
    before = {"attendance": None, "account": ""}
    if report is None:
        report = EventReport(event=event)
    else:
        before = {"attendance": report.attendance, "account": report.account}
    removed = list(report.photos.filter(pk__in=remove)) if report.pk else []
    kept = report.photos.count() - len(removed) if report.pk else 0
    if kept + len(clean) > MAX_PHOTOS:
        raise EventError(
            _("A report holds at most %(max)d photos; it would have %(count)d.")
            % {"max": MAX_PHOTOS, "count": kept + len(clean)},
            field="photos",
        )
    report.attendance = attendance
    report.account = account
    report.submitted_by = by if by is not None and by.pk else None
    report.save()
    added = []
    for photo in clean:
        saved = ReportPhoto(report=report)
        saved.image.save(f"photo{photo.suffix}", ContentFile(photo.data), save=False)
        written.append(saved.image.name)
        saved.save()
        added.append(saved.pk)
    gone = [photo.image.name for photo in removed]
    ReportPhoto.objects.filter(pk__in=[photo.pk for photo in removed]).delete()
    storage = ReportPhoto.image.field.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in gone])
    changes: dict[str, list] = {}
    if before["attendance"] != attendance:
        changes["attendance"] = [before["attendance"], attendance]
    if before["account"] != account:
        # The log keeps that the account changed, not its text, which may name people.
        changes["account"] = [len(before["account"]), len(account)]
    if added:
        changes["photos added"] = [None, added]
    if removed:
        changes["photos removed"] = [[photo.pk for photo in removed], None]
    audit.record(actor=by, action="report", target=report, changes=changes)
    return report


def photo_content_type(photo: ReportPhoto) -> str:
    suffix = "." + photo.image.name.rsplit(".", 1)[-1].lower()
    return CONTENT_TYPES.get(suffix, "application/octet-stream")
