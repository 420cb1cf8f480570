"""Yearly reports: figures drawn from the records and, once published, frozen with
the ids behind each, so that a report reads the same forever."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    year = models.PositiveSmallIntegerField(_("year"))
    node = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("part of the network"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    generated_at = models.DateTimeField(_("generated at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        ordering = ["-year", "node__path"]
        constraints = [
            # One published report per year and node: the one that is quoted.
            models.UniqueConstraint(
                fields=["year", "node"],
                condition=models.Q(status="published"),
                name="report_one_published",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.node}"


class ReportFigure(models.Model):
    """One figure of a published report: its value and the ids it counted."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=80)
    model = models.CharField(max_length=60)
    value = models.PositiveIntegerField()
    ids = models.JSONField(default=list)

    class Meta:
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="report_figure_key")]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
