from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "diaspora.imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        # Uploaded lists are deleted after the retention period (people/retention.py;
        # people cannot import imports, so imports adds itself).
        from django.db.models import Q

        from diaspora.people import retention

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
