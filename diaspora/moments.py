"""The moments the platform deals in: a congress of 1926 recorded, an anniversary
planned far ahead. One range for the API's types and the events' own checks."""

from datetime import UTC, datetime

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def within_range(moment: datetime) -> bool:
    """Whether an aware moment lies in the range (a naive one is read as UTC)."""
    try:
        instant = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except OverflowError:  # 9999-12-31T23:59:59-23:59 lies past the last UTC datetime
        return False
    return EARLIEST <= instant < LATEST
