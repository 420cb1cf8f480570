from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "diaspora.honours"
    verbose_name = _("Honours")

    def ready(self) -> None:
        # A merge of two people moves their nominations and awards; erasure and the
        # person's download treat nominations as theirs (people cannot import honours).
        # An award stays as the state made it: its decree is a public act.
        from diaspora.people import erasure, merging, record
        from diaspora.reports import dashboard

        from . import hooks
        from .models import Award, Nomination

        merging.RELATIONS["honour_nominations"] = Nomination
        record.register_section(hooks.person_section)
        dashboard.register_todos(hooks.todos)
        merging.RELATIONS["honour_awards"] = Award
        erasure.register(
            erasure.Holder(
                name="nominations",
                model=Nomination,
                blank={"citation": {}},
                exported=("honour__code", "status", "citation", "created_at", "decided_at"),
            )
        )
