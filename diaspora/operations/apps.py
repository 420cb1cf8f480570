from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OperationsConfig(AppConfig):
    """Running the platform on more than one process or machine: the database router
    (reads from a replica), the shared caches' tables, backups and restores."""

    name = "diaspora.operations"
    label = "operations"

    def ready(self) -> None:
        post_migrate.connect(create_cache_tables, sender=self)


def create_cache_tables(using: str = "default", **kwargs) -> None:
    """The database caches' tables (settings.CACHES on PostgreSQL), made by every
    `migrate` as the other tables are: a deployment has no further command to forget.
    Tables that exist are left alone."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
