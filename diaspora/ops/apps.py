from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the platform: the health endpoint, the task worker's heartbeat, one
    JSON log line per request and per task."""

    name = "diaspora.ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from . import checks, tasklog  # noqa: F401  (checks register themselves)

        tasklog.connect()
