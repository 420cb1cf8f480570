from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "diaspora.directory"
    verbose_name = _("Network directory")

    def ready(self) -> None:
        from . import gazetteer  # noqa: F401  (connects the reindexing of a saved city)
