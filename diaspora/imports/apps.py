from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "diaspora.imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        # Uploaded lists are deleted after the retention period (people/retention.py),
        # and erasure forgets a person in them (people/erasure.py); people cannot
        # import imports, so imports adds itself.
        from django.db.models import Q

        from diaspora.people import erasure, retention

        from .models import ImportBatch

        retention.register_uploads(
            retention.UploadRule(
                name="uploaded lists",
                setting="uploaded_lists_days",
                model=ImportBatch,
                file="file",
                at="created_at",
                clear={"review": [], "problems": []},
                keep=Q(status__in=ImportBatch.WORKING),
            )
        )
        # A row held for review names the person it resembles, and why: their name.
        erasure.register(erasure.Mentions(ImportBatch, "review", blank={"reasons": []}))
