import secrets
from pathlib import PurePath
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diaspora.directory.models import City, Country, Organisation
from diaspora.localized import pick
from diaspora.people.models import Person


class EventKind(models.Model):
    """A kind of event (celebration, congress, forum…); the set is the deployment's."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    names = models.JSONField(_("name by language"), default=dict)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("event kind")
        verbose_name_plural = _("event kinds")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names, self.code)


class Event(models.Model):
    """Something organisations hold at a place or online, at a time in its own zone.

    `confirmed_count` and `waitlisted_count` are kept by the registration services
    under the event's lock, so a capacity check reads one row, not a count."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("open to everyone")
        MEMBERS = "members", _("members of the organisers only")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.ForeignKey(
        EventKind, on_delete=models.PROTECT, related_name="events", verbose_name=_("kind")
    )
    title = models.CharField(_("title"), max_length=200)
    titles = models.JSONField(_("title by language"), default=dict, blank=True)
    description = models.JSONField(_("description by language"), default=dict, blank=True)
    organisers = models.ManyToManyField(
        Organisation, related_name="events", verbose_name=_("organisers")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("country"),
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("city"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    timezone = models.CharField(_("time zone"), max_length=64)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    audience = models.CharField(
        _("who may come"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    confirmed_count = models.PositiveIntegerField(_("confirmed"), default=0, editable=False)
    waitlisted_count = models.PositiveIntegerField(
        _("on the waiting list"), default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            # The last guard against overbooking, whatever a service might get wrong.
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True)
                | models.Q(confirmed_count__lte=models.F("capacity")),
                name="event_not_overbooked",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["country", "starts_at"], name="event_country_start")]

    def __str__(self) -> str:
        return self.local_title

    @property
    def local_title(self) -> str:
        return pick(self.titles, self.title)

    @property
    def local_description(self) -> str:
        return pick(self.description)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self):
        return self.ends_at.astimezone(self.zone) if self.ends_at else None

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and self.city_id is None

    @property
    def has_ended(self) -> bool:
        return (self.ends_at or self.starts_at) < timezone.now()

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)


def new_ticket_token() -> str:
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    """One person's place at an event, or their place in the queue for one. The code
    lets its bearer in: printed as a QR code, typed at the door if the camera fails.
    The token is the ticket page's address, a secret that travels only by email to
    the holder: it shows the ticket and cancels it, which the door code must not."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("person")
    )
    code = models.CharField(_("ticket code"), max_length=16, unique=True)
    token = models.CharField(
        _("ticket link secret"),
        max_length=64,
        unique=True,
        default=new_ticket_token,
        editable=False,
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # The name and address as given for this event: the ticket shows what they wrote.
    given_name = models.CharField(_("given name"), max_length=100)
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=8, default="", blank=True)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "id"]
        indexes = [
            models.Index(fields=["event", "status", "id"], name="registration_queue"),
            models.Index(fields=["event", "email"], name="registration_email"),
            models.Index(fields=["person"], name="registration_person"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.full_name}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.surname) if part)

    @property
    def display_code(self) -> str:
        half = len(self.code) // 2
        return f"{self.code[:half]}-{self.code[half:]}"


def photo_path(photo: "ReportPhoto", filename: str) -> str:
    # Never the uploader's file name: it may carry personal data or path tricks.
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"events/{photo.report.event_id}/{secrets.token_hex(8)}{suffix}"


class EventReport(models.Model):
    """What the organisers report after the event: who came, a short account, photos."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="report", verbose_name=_("event")
    )
    attendance = models.PositiveIntegerField(_("people who came"))
    account = models.TextField(_("short account"), max_length=4000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)

    class Meta:
        verbose_name = _("event report")
        verbose_name_plural = _("event reports")

    def __str__(self) -> str:
        return str(self.event)


class ReportPhoto(models.Model):
    report = models.ForeignKey(EventReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class Attendance(models.Model):
    """One participant of an online event, as a conference tool's report lists them
    (rejoins merged), and whom of the registry they are: matched to a person,
    held for review with a candidate and the reasons, or kept as written
    (unmatched). `source` is the report's digest: the same report twice adds nothing.
    Written and changed only by `events.attendance.services`, which audits it."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("matched")
        REVIEW = "review", _("to review")
        UNMATCHED = "unmatched", _("not in the registry")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("event")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("person"),
    )
    # Whom a participant held for review may be: a person decides.
    candidate = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("perhaps"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    name = models.CharField(_("name as written"), max_length=255)
    email = models.CharField(_("email as written"), max_length=254, blank=True)
    # Email, or the folded name: one participant of one report.
    key = models.CharField(max_length=255, editable=False)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    minutes = models.PositiveIntegerField(_("minutes"), default=0)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    source = models.CharField(_("report's SHA-256"), max_length=64, editable=False)
    layout = models.CharField(_("report from"), max_length=10, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["event", "name", "id"]
        constraints = [
            # An erased participant's key is blank: many may be.
            models.UniqueConstraint(
                fields=["event", "source", "key"],
                condition=~models.Q(key=""),
                name="attendance_once_per_report",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="matched") | models.Q(person__isnull=False),
                name="attendance_matched_has_person",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="attendance_event_status"),
            models.Index(fields=["person"], name="attendance_person"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.minutes} min"

    @property
    def explained_reasons(self) -> list[str]:
        """The reasons in the reader's language (they are stored as codes)."""
        from .attendance.reasons import explained

        return explained(self.reasons)
