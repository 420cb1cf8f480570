"""Honours from nomination to ceremony: the honours a deployment lists, the rounds
in which nominations open and close, the nominations with their merits, endorsements
and reviewers' scores, and the register of recipients."""

import secrets
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diaspora.directory.models import Organisation
from diaspora.events.models import Event
from diaspora.localized import pick
from diaspora.people.models import Person


class Honour(models.Model):
    """An honour the deployment file lists: its names and the criteria reviewers
    score against ([{"code", "names"}])."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    names = models.JSONField(_("name by language"), default=dict)
    criteria = models.JSONField(_("criteria"), default=list)
    # How many other organisations or councils must endorse before review; a round
    # starts from it and may set its own.
    endorsements_required = models.PositiveSmallIntegerField(_("endorsements required"), default=2)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names, self.code)

    def criterion_names(self) -> list[tuple[str, str]]:
        return [(item["code"], pick(item.get("names", {}), item["code"])) for item in self.criteria]


class Round(models.Model):
    """One round of an honour: nominations open and close, then the panel reviews."""

    honour = models.ForeignKey(
        Honour, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("honour")
    )
    title = models.CharField(_("title"), max_length=200)
    opens_at = models.DateTimeField(_("nominations open"))
    closes_at = models.DateTimeField(_("nominations close"))
    endorsements_required = models.PositiveSmallIntegerField(_("endorsements required"), default=2)
    ceremony = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ceremony"),
    )
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="honour_panels", verbose_name=_("panel")
    )

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-closes_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="round_closes_after"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def last_day(self):
        """The last day nominations are taken, in the site's zone: a round closing at
        midnight on 1 January runs to 31 December."""
        return timezone.localtime(self.closes_at - timedelta(microseconds=1)).date()


class Nomination(models.Model):
    class Status(models.TextChoices):
        ENDORSING = "endorsing", _("awaiting endorsements")
        REVIEW = "review", _("in review")
        AWARDED = "awarded", _("awarded")
        DEFERRED = "deferred", _("deferred to the next round")
        DECLINED = "declined", _("declined")

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("round")
    )
    honour = models.ForeignKey(
        Honour, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("honour")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="honour_nominations",
        verbose_name=_("nominee"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("nominated by organisation"),
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    citation = models.JSONField(_("citation by language"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ENDORSING
    )
    created_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    # A nomination deferred to the next round goes on as a new one in that round,
    # the deferred one kept as it was decided.
    carried_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("deferred from"),
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="nomination_once_a_round")
        ]
        indexes = [models.Index(fields=["round", "status"], name="nomination_round_status")]

    def __str__(self) -> str:
        return f"{self.person} · {self.honour}"

    @property
    def local_citation(self) -> str:
        return pick(self.citation, "")


class Merit(models.Model):
    """A dated fact behind a nomination; `source` says whether the registry holds it."""

    class Kind(models.TextChoices):
        LED = "led", _("led an organisation")
        TAUGHT = "taught", _("taught at a school")
        EVENT = "event", _("organised an event")
        OTHER = "other", _("other")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="merits")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("what"), max_length=300)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_registry = models.BooleanField(_("from the registry"), default=False)

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return self.text


def attachment_path(attachment: "Attachment", filename: str) -> str:
    # A random name: an uploaded file's own name is never a path on the server.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"honours/{attachment.nomination_id}/{secrets.token_hex(8)}{suffix}"


class Attachment(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


class Endorsement(models.Model):
    """An organisation asked to endorse a nomination, and its answer once given.
    Those who answer for it see this nomination and no other."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="endorsements"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    given_at = models.DateTimeField(_("endorsed at"), null=True, blank=True)
    text = models.TextField(_("endorsement"), blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "organisation"], name="endorsement_once_an_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.nomination_id}"


class Review(models.Model):
    """One panel member's verdict on one nomination: a score, an abstention, or a
    declared conflict of interest. Averages count scores alone."""

    class Verdict(models.TextChoices):
        SCORED = "scored", _("scored")
        ABSTAINED = "abstained", _("abstained")
        CONFLICT = "conflict", _("declared a conflict of interest")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    score = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    criteria = models.JSONField(default=dict, blank=True)  # criterion code → score
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "reviewer"], name="review_once"),
            models.CheckConstraint(
                condition=models.Q(verdict="scored", score__isnull=False)
                | (~models.Q(verdict="scored") & models.Q(score__isnull=True)),
                name="review_score_iff_scored",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.verdict}"


class Award(models.Model):
    """The register of recipients: who received which honour, by which decree or
    order, at which ceremony. Shown publicly only with the recipient's consent to
    publication; past recipients come without a nomination."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="honour_awards", verbose_name=_("recipient")
    )
    honour = models.ForeignKey(
        Honour, on_delete=models.PROTECT, related_name="awards", verbose_name=_("honour")
    )
    nomination = models.OneToOneField(
        Nomination, on_delete=models.PROTECT, null=True, blank=True, related_name="award"
    )
    decree_number = models.CharField(_("decree or order number"), max_length=60)
    decree_date = models.DateField(_("decree or order date"))
    ceremony = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ceremony"),
    )
    awarded_on = models.DateField(_("awarded on"))

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("register of recipients")
        ordering = ["-decree_date", "id"]

    def __str__(self) -> str:
        return f"{self.person} · {self.honour} ({self.decree_number})"
