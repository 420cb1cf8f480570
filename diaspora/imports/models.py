from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from diaspora.directory.models import Organisation


class ImportBatch(models.Model):
    """One file brought in (or only checked) for an organisation, with what it did."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("checked")
        IMPORTING = "importing", _("being imported")
        COMMITTED = "committed", _("imported")
        REJECTED = "rejected", _("refused")
        FAILED = "failed", _("failed")  # the work stopped: the platform's fault, not the file's

    WORKING = (Status.QUEUED, Status.CHECKING, Status.IMPORTING)

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="imports",
        verbose_name=_("organisation"),
    )
    filename = models.CharField(_("file"), max_length=255)
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    format = models.CharField(max_length=10, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent of the rows
    message = models.TextField(blank=True)  # why the file was refused
    language = models.CharField(max_length=10, blank=True)  # of the messages
    mapping = models.JSONField(default=dict, blank=True)  # header as written → field
    counts = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    review = models.JSONField(default=list, blank=True)  # rows held for a person's decision
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class ColumnMapping(models.Model):
    """How an organisation's lists name their columns, remembered from its last import."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="column_mapping"
    )
    mapping = models.JSONField(default=dict)  # header as written → field

    def __str__(self) -> str:
        return str(self.organisation)
