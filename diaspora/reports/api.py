from django.http import HttpRequest
from ninja import Router, Schema

from .queries import network_stats

router = Router(tags=["statistics"])


class KindFigures(Schema):
    count: int
    countries: int


class OrganisationFigures(Schema):
    total: int
    countries: int
    by_kind: dict[str, KindFigures]


class AttendanceFigures(Schema):
    events: int
    participants: int
    countries: int
    minutes: int


class StatsOut(Schema):
    organisations: OrganisationFigures
    people: int
    online_attendance: AttendanceFigures


@router.get("/stats", response=StatsOut, summary="The network's figures")
def stats(request: HttpRequest):
    return network_stats()
