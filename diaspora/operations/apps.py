from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the platform: the health endpoint, the task worker's heartbeat, one
    JSON log line per request and per task; on more than one process or machine, the
    database router (reads from a replica), the shared caches' tables, backups and
    restores."""

    name = "diaspora.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from . import checks, tasklog  # noqa: F401  (checks register themselves)

        tasklog.connect()
        post_migrate.connect(create_cache_tables, sender=self)


def create_cache_tables(using: str = "default", **kwargs) -> None:
    """The database caches' tables (settings.CACHES on PostgreSQL), made by every
    `migrate` as the other tables are: a deployment has no further command to forget.
    Tables that exist are left alone."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
