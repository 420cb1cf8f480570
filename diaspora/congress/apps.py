from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "diaspora.congress"
    verbose_name = _("Congresses")

    def ready(self) -> None:
        from diaspora.reports import dashboard

        from . import hooks

        dashboard.register_todos(hooks.todos)
