"""The network's figures, drawn from every app."""

from typing import Any

from diaspora.directory.queries import figures
from diaspora.events.attendance import figures as attendance
from diaspora.people.queries import registered_people


def network_stats() -> dict[str, Any]:
    return {
        "organisations": figures(),
        "people": registered_people().count(),
        "online_attendance": attendance.network(),
    }
