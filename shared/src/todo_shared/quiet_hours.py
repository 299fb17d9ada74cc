"""Quiet hours: the part of each night, on a person's own clock, when no reminder comes."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from todo_shared.i18n import Text


@dataclass(frozen=True)
class QuietHours:
    """From `start` to `end` on the wall clock (across midnight when `end` comes first);
    `let_very_urgent_through` lets the reminders of very urgent tasks come all the same."""

    start: time
    end: time
    let_very_urgent_through: bool = False

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError(Text("quiet hours must start and end at different times"))

    def contain(self, clock: time) -> bool:
        """True when the wall clock showing `clock` is within the quiet hours."""
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end


def parse_quiet_hours(text: str) -> QuietHours | None:
    """ "22:00-08:00" as quiet hours; "" or "off" as none. ValueError for anything else."""
    words = text.strip().lower()
    if words in ("", "off"):
        return None
    start, _, end = words.partition("-")
    try:
        return QuietHours(time.fromisoformat(start.strip()), time.fromisoformat(end.strip()))
    except ValueError as error:
        refusal = Text("not quiet hours: {text!r}; write them as 22:00-08:00, or off", text=text)
        raise ValueError(refusal) from error


def after_quiet_hours(moment: datetime, quiet: QuietHours, zone: str) -> datetime:
    """`moment`, or the end of the quiet hours it falls in, in UTC.

    The end is read on the wall clock of `zone` on the day it comes, so it stays at, say,
    08:00 local across a change to or from summer time. An end that a clock change skips
    (02:30 on the night clocks go forward) is read as zoneinfo reads it, at the old offset,
    which lands just after the gap.
    """
    local = moment.astimezone(ZoneInfo(zone))
    clock = local.time().replace(tzinfo=None)
    if not quiet.contain(clock):
        return moment
    day = local.date()
    if quiet.start > quiet.end and clock >= quiet.start:
        day += timedelta(days=1)
    end = datetime.combine(day, quiet.end, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    return max(end, moment)
