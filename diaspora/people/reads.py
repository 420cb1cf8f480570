"""Personal data read in bulk leaves one audit entry per read: who, what was asked,
how many people it returned (never who they were)."""

from typing import Any

from django.http import HttpRequest
from ninja.pagination import LimitOffsetPagination

from diaspora.accounts import audit

from .models import Person


class AuditedPagination(LimitOffsetPagination):
    """Pages of personal records through the API (people, an event's registrations):
    each page served is audited as `action` about `target_type`, with the request's
    query and the count of the page and of all that matched (the count the page
    answers anyway: no extra query)."""

    def __init__(
        self, *, action: str, target_type: str = Person._meta.label_lower, **kwargs: Any
    ) -> None:
        self.action, self.target_type = action, target_type
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset, pagination, request: HttpRequest, **params: Any):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page[self.items_attribute])
        page[self.items_attribute] = items
        audit.record_read(
            actor=request.user if request.user.is_authenticated else None,
            action=self.action,
            target_type=self.target_type,
            count=len(items),
            query={**asked(request), "matched": page["count"]},
        )
        return page


def asked(request: HttpRequest) -> dict[str, str]:
    """What the request asked, bounded: the log must not grow with a caller's junk."""
    return {"path": request.path[:200]} | {
        key[:40]: value[:200] for key, value in list(request.GET.items())[:10]
    }
