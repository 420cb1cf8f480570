"""A congress of the network: an event with delegate quotas, nominations, the
credentials commission's decisions, accreditations (badges), sessions and votes.

The congress is an `events.Event` (its kind is the deployment's congress kind); an
accepted delegate or guest holds an ordinary confirmed `Registration`, so the
door's check-in page admits them unchanged, and their badge carries its code."""

import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from diaspora.directory.models import Country, Organisation
from diaspora.events.models import Event, Registration
from diaspora.localized import pick
from diaspora.people.models import Person


class Congress(models.Model):
    class BadgeSize(models.TextChoices):
        A6 = "a6", _("A6, four to an A4 page")
        CARD = "card", _("credit card, ten to an A4 page")

    event = models.OneToOneField(
        Event, on_delete=models.PROTECT, related_name="congress", verbose_name=_("event")
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    nominations_open_at = models.DateTimeField(_("nominations open"), null=True, blank=True)
    nominations_close_at = models.DateTimeField(_("nominations close"), null=True, blank=True)
    badge_size = models.CharField(
        _("badge size"), max_length=4, choices=BadgeSize.choices, default=BadgeSize.A6
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum, per cent of the delegates checked in"), default=50
    )
    commission = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="credentials_commissions",
        verbose_name=_("credentials commission"),
    )

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum_percent__lte=100), name="congress_quorum_percent"
            )
        ]

    def __str__(self) -> str:
        return str(self.event)

    @property
    def language_codes(self) -> list[str]:
        return self.languages or [code for code, _name in settings.LANGUAGES]


class Quota(models.Model):
    """Places of one kind: delegates of a country (or of one organisation, on top of
    its country's), or the congress's guests. `taken` is kept under the quota's row
    lock; the seats' constraints refuse an extra place whatever a service does."""

    class Kind(models.TextChoices):
        DELEGATE = "delegate", _("delegate")
        GUEST = "guest", _("guest")

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="quotas")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    places = models.PositiveIntegerField(_("places"))
    taken = models.PositiveIntegerField(_("taken"), default=0, editable=False)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["kind", "country", "organisation"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(taken__lte=models.F("places")), name="quota_not_exceeded"
            ),
            models.UniqueConstraint(
                fields=["congress", "country"],
                condition=models.Q(kind="delegate", organisation__isnull=True),
                name="quota_one_per_country",
            ),
            models.UniqueConstraint(
                fields=["congress", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="quota_one_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["congress"], condition=models.Q(kind="guest"), name="quota_one_for_guests"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.country_id or ''} {self.organisation_id or ''}: {self.places}"


def mandate_path(nomination: "Nomination", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"congress/{nomination.congress_id}/mandates/{secrets.token_hex(8)}{suffix}"


class Nomination(models.Model):
    """An organisation's nomination of one person, and the commission's decision."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("nominated")
        DELEGATE = "delegate", _("accepted as delegate")
        GUEST = "guest", _("accepted as guest")
        REJECTED = "rejected", _("rejected")

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="nominations")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="congress_nominations"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="congress_nominations",
        verbose_name=_("nominating organisation"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    given_name = models.CharField(_("given name"), max_length=100)
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    email = models.EmailField(_("email"))
    names = models.JSONField(_("name by language"), default=dict, blank=True)
    mandate = models.FileField(_("mandate"), upload_to=mandate_path, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NOMINATED
    )
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["country", "organisation", "surname", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "person"], name="nomination_once"),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(reason=""),
                name="nomination_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} · {self.get_status_display()}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.surname) if part)

    @property
    def accepted(self) -> bool:
        return self.status in (self.Status.DELEGATE, self.Status.GUEST)


class Seat(models.Model):
    """One place of a quota, held by one accepted nomination. Seat numbers run from
    1 to the quota's places (copied as `limit` when the seat is taken) and are unique
    per quota: by pigeonhole the database itself refuses a place beyond the quota."""

    quota = models.ForeignKey(Quota, on_delete=models.PROTECT, related_name="seats")
    number = models.PositiveIntegerField()
    limit = models.PositiveIntegerField()
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["quota", "number"], name="seat_unique_number"),
            models.UniqueConstraint(fields=["quota", "nomination"], name="seat_once_per_quota"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=models.F("limit")),
                name="seat_within_quota",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quota_id} #{self.number}"


def photo_path(accreditation: "Accreditation", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"congress/{accreditation.nomination.congress_id}/photos/{secrets.token_hex(8)}{suffix}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Accreditation(models.Model):
    """An accepted delegate's or guest's credentials: the badge, the door code (their
    registration's) and the secret link they vote with from a phone."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.PROTECT, related_name="accreditation"
    )
    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="accreditation"
    )
    delegate = models.BooleanField(_("delegate"))
    weight = models.PositiveSmallIntegerField(_("vote weight"), default=1)
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.nomination)


class Session(models.Model):
    """A sitting of the congress, an item of its agenda."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="sessions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    titles = models.JSONField(_("title by language"), default=dict, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.local_title

    @property
    def local_title(self) -> str:
        return pick(self.titles, self.title)


class Motion(models.Model):
    """A question put to the delegates: a resolution (for, against, abstain) or an
    election to a council (a ballot of candidates, up to `seats` marked)."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("resolution")
        ELECTION = "election", _("election")

    class Ballot(models.TextChoices):
        OPEN = "open", _("open ballot")
        SECRET = "secret", _("secret ballot")

    class Status(models.TextChoices):
        DRAFT = "draft", _("not yet put to the vote")
        OPEN = "open", _("voting")
        CLOSED = "closed", _("closed")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="motions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    ballot = models.CharField(_("ballot"), max_length=6, choices=Ballot.choices)
    title = models.CharField(_("title"), max_length=200)
    titles = models.JSONField(_("title by language"), default=dict, blank=True)
    council = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("council elected"),
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.DRAFT
    )
    # Fixed when the vote closes: delegates checked in, and the result.
    present = models.PositiveIntegerField(null=True, blank=True, editable=False)
    result = models.JSONField(default=dict, blank=True, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return self.local_title

    @property
    def local_title(self) -> str:
        return pick(self.titles, self.title)


ANSWERS = {"for": _("For"), "against": _("Against"), "abstain": _("Abstain")}


class Option(models.Model):
    """One choice on a motion's ballot: for/against/abstain, or a candidate."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(max_length=20, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["motion", "position", "id"]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        """A resolution's answer in the reader's language; a candidate's name."""
        return str(ANSWERS.get(self.code, self.label))


class Turnout(models.Model):
    """That a delegate voted on a motion: once each, whatever the ballot."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="turnout")
    accreditation = models.ForeignKey(Accreditation, on_delete=models.PROTECT, related_name="+")
    weight = models.PositiveSmallIntegerField()
    voted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "accreditation"], name="one_delegate_one_vote"
            )
        ]

    def __str__(self) -> str:
        return f"{self.motion_id}: {self.accreditation_id}"


class Vote(models.Model):
    """A choice marked on a ballot, with the voter's weight. On an open ballot it
    names its voter; on a secret one it does not, and its random key keeps the order
    of the votes (and so the voter) out of the table."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="votes")
    weight = models.PositiveSmallIntegerField()
    voter = models.ForeignKey(
        Accreditation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.motion_id}: {self.option_id} × {self.weight}"
