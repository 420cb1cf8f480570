"""The diaspora's history as dated acts (decrees, laws, congresses, meetings, the
Charter), each date a claim made by a source. Where sources give different dates
for one act, every claim is kept beside its source: nothing is silently resolved."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from diaspora.localized import pick


class Act(models.Model):
    class Kind(models.TextChoices):
        DECREE = "decree", _("decree")
        LAW = "law", _("law")
        DECISION = "decision", _("decision")
        CONGRESS = "congress", _("congress")
        FORUM = "forum", _("forum")
        MEETING = "meeting", _("council meeting")
        CHARTER = "charter", _("charter")
        FOUNDING = "founding", _("founding")
        OTHER = "other", _("other")

    slug = models.SlugField(_("address"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    titles = models.JSONField(_("title by language"), default=dict)
    summaries = models.JSONField(_("summary by language"), default=dict, blank=True)
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="chronicle_acts", verbose_name=_("events")
    )

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.titles, self.slug)

    @property
    def summary(self) -> str:
        return pick(self.summaries)


class Claim(models.Model):
    """One source's date for an act, as precise as the source is."""

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")
        LATE = "late", _("end of the year")

    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="claims")
    date = models.DateField(_("date"))
    precision = models.CharField(
        _("precision"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    source = models.CharField(_("source"), max_length=255)
    url = models.URLField(_("source's address"), blank=True)
    notes = models.JSONField(_("what the source says, by language"), default=dict, blank=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.act.slug}: {self.date} ({self.source})"

    @property
    def note(self) -> str:
        return pick(self.notes)
