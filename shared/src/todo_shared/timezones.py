"""Time-zone names and the reading of wall-clock moments in a user's zone."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import AfterValidator

from todo_shared.i18n import Text

_KNOWN_ZONES = frozenset(available_timezones())


def check_timezone(name: str) -> str:
    """Return `name` if it is an IANA time-zone name, else raise ValueError."""
    if name not in _KNOWN_ZONES:
        raise ValueError(
            Text("unknown time zone {name!r}; use an IANA name such as 'Europe/Moscow'", name=name)
        )
    return name


TimeZoneName = Annotated[str, AfterValidator(check_timezone)]


def to_utc(moment: datetime, timezone: str) -> datetime:
    """Give `moment` in UTC, reading it in `timezone` when it carries no offset."""
    try:
        zone = ZoneInfo(timezone)
    except ZoneInfoNotFoundError as error:
        raise ValueError(Text("unknown time zone {name!r}", name=timezone)) from error
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)
    try:
        return aware.astimezone(UTC)
    except OverflowError as error:
        raise ValueError(
            Text("the moment is outside the range of dates that can be stored")
        ) from error


def end_of_day(day: date, timezone: str) -> datetime:
    """The moment `day` ends on the wall clock of `timezone` (the next day's midnight), in UTC."""
    midnight = datetime.combine(day + timedelta(days=1), time(), tzinfo=ZoneInfo(timezone))
    return midnight.astimezone(UTC)
