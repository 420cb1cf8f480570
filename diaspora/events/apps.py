from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "diaspora.events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # A merge of two people moves their registrations too; people cannot import
        # events (the dependencies point the other way), so events adds itself.
        from diaspora.people import erasure, merging

        from .merges import fold_registrations, unfold_registrations
        from .models import Attendance, Registration

        # Erasure, the person's download and retention treat registrations as theirs.
        erasure.register(
            erasure.Holder(
                name="registrations",
                model=Registration,
                blank={"given_name": "", "surname": "", "email": ""},
                exported=(
                    "event__title",
                    "event__starts_at",
                    "status",
                    "given_name",
                    "surname",
                    "email",
                    "language",
                    "registered_at",
                    "cancelled_at",
                    "checked_in_at",
                ),
                ended="event__starts_at",
            )
        )
        # Attendance at online events: the name and address as the report wrote them.
        erasure.register(
            erasure.Holder(
                name="attendances",
                model=Attendance,
                blank={"name": "", "email": "", "key": ""},
                exported=(
                    "event__title",
                    "event__starts_at",
                    "name",
                    "email",
                    "minutes",
                    "joined_at",
                    "left_at",
                    "country",
                ),
                ended="event__starts_at",
            )
        )
        merging.RELATIONS["registrations"] = Registration
        merging.RELATIONS["attendances"] = Attendance
        # Two registrations for one event become one.
        merging.FOLDS["registrations"] = (fold_registrations, unfold_registrations)
