"""Reading the chronicle: acts in order of their earliest claimed date, and whether
their sources disagree."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Min, Prefetch, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Act, Claim


def acts() -> QuerySet[Act]:
    return (
        Act.objects.annotate(earliest=Min("claims__date"))
        .prefetch_related(Prefetch("claims", queryset=Claim.objects.order_by("date", "pk")))
        .order_by("earliest", "slug")
    )


def acts_in(year: int) -> QuerySet[Act]:
    """Acts any source dates in the year (an act disputed across years shows in each)."""
    return acts().filter(pk__in=Claim.objects.filter(date__year=year).values("act"))


def when(claim: Claim) -> str:
    """The claimed date as precisely as the source gave it, in the reader's language."""
    if claim.precision == Claim.Precision.YEAR:
        return str(claim.date.year)
    if claim.precision == Claim.Precision.MONTH:
        return date_format(claim.date, "YEAR_MONTH_FORMAT")
    if claim.precision == Claim.Precision.LATE:
        return _("end of %(year)s") % {"year": claim.date.year}
    return date_format(claim.date, "DATE_FORMAT")


@dataclass
class Dating:
    """An act's dates: one, or several that its sources disagree on."""

    act: Act
    claims: list[Claim] = field(default_factory=list)

    @property
    def dates(self) -> list[str]:
        return list(dict.fromkeys(when(claim) for claim in self.claims))

    @property
    def disputed(self) -> bool:
        return len(self.dates) > 1

    @property
    def first(self) -> date | None:
        return self.claims[0].date if self.claims else None


def dated(queryset: QuerySet[Act]) -> list[Dating]:
    return [Dating(act, list(act.claims.all())) for act in queryset]
