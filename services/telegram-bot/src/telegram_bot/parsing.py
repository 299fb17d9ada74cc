"""Reading what people type after a command, and the moment a snooze button means. Pure functions.

Each raises ValueError for what it cannot read; the handlers answer with what to type instead.
"""

import re
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from todo_shared.enums import Urgency
from todo_shared.reminder_buttons import Snooze
from todo_shared.schemas import MAX_ID
from todo_shared.timezones import to_utc

View = Literal["open", "done"]
CadenceChoice = timedelta | Literal["off", "urgency"]

_TRAILING_MARKS = re.compile(r"\s*(!+)$")
_URGENCY_WORDS = {
    "not_urgent": Urgency.NOT_URGENT,
    "urgent": Urgency.URGENT,
    "very_urgent": Urgency.VERY_URGENT,
    "!": Urgency.URGENT,
    "!!": Urgency.VERY_URGENT,
}
_DURATION = re.compile(r"(?:\d{1,6} ?[a-z]+ ?)+")
_DURATION_PART = re.compile(r"(\d{1,6}) ?([a-z]+)")
_UNITS = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), timedelta(minutes=1)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), timedelta(hours=1)),
    **dict.fromkeys(("d", "day", "days"), timedelta(days=1)),
    **dict.fromkeys(("w", "week", "weeks"), timedelta(weeks=1)),
}
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?")
_DATE_AND_CLOCK = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ t]+(.+)")
_DAYS_FROM_TODAY = {"today": 0, "tomorrow": 1}


def split_first(text: str | None) -> tuple[str, str]:
    """The first word and the rest, both stripped: "12 in 2h" gives ("12", "in 2h")."""
    first, _, rest = (text or "").strip().partition(" ")
    return first, rest.strip()


def parse_task_id(text: str) -> int:
    """A task id: a whole number from 1 up; "#12" is read as 12."""
    digits = text.strip().removeprefix("#")
    if not digits.isascii() or not digits.isdigit() or not 0 < int(digits) <= MAX_ID:
        raise ValueError(f"not a task id: {text!r}")
    return int(digits)


def parse_title(text: str | None) -> tuple[str, Urgency | None]:
    """A new task's title and the urgency its `!` (urgent) or `!!` (very urgent) suffix gives."""
    title = (text or "").strip()
    urgency = None
    if marks := _TRAILING_MARKS.search(title):
        urgency = Urgency.URGENT if len(marks.group(1)) == 1 else Urgency.VERY_URGENT
        title = title[: marks.start()]
    if not title:
        raise ValueError("a task needs a title")
    return title, urgency


def parse_urgency(text: str) -> Urgency:
    """An urgency by its name (not_urgent, urgent, very_urgent; `-` or a space for `_`) or marks."""
    word = re.sub(r"[\s-]+", "_", text.strip().lower())
    if word not in _URGENCY_WORDS:
        raise ValueError(f"not an urgency: {text!r}")
    return _URGENCY_WORDS[word]


def parse_view(text: str | None) -> View:
    """Which list /list shows: the open tasks (no word, or "open") or the done ones ("done")."""
    word = (text or "").strip().lower()
    if word in ("", "open"):
        return "open"
    if word == "done":
        return "done"
    raise ValueError(f"not a list: {text!r}")


def parse_when(text: str, *, now: datetime, zone: str) -> datetime:
    """The moment (in UTC) that "in 2h", "tomorrow 9:00", "2026-12-01 09:00" or "18:30" means.

    Wall-clock times are read in `zone`; a bare time is its next occurrence. `now` is aware.
    """
    words = " ".join(text.lower().split())
    local_today = now.astimezone(ZoneInfo(zone)).date()
    if words.startswith("in "):
        try:
            return now + _duration(words.removeprefix("in "))
        except OverflowError as error:
            raise ValueError("that is too far ahead") from error
    day, _, clock = words.partition(" ")
    if day in _DAYS_FROM_TODAY:
        return _at(local_today + timedelta(days=_DAYS_FROM_TODAY[day]), _clock(clock), zone)
    if dated := _DATE_AND_CLOCK.fullmatch(words):
        year, month, day_of_month, clock = dated.groups()
        return _at(_date(year, month, day_of_month), _clock(clock), zone)
    today = _at(local_today, _clock(words), zone)
    return today if today > now else _at(local_today + timedelta(days=1), _clock(words), zone)


def snooze_end(snooze: Snooze, *, now: datetime, zone: str, morning: time) -> datetime:
    """The moment (in UTC) a snooze lasts until: its delay from `now`, or `morning` tomorrow.

    Tomorrow is the day after the person's today in `zone`, even just after midnight.
    """
    if isinstance(snooze, timedelta):
        return now + snooze
    return _at(now.astimezone(ZoneInfo(zone)).date() + timedelta(days=1), morning, zone)


def parse_cadence(text: str) -> CadenceChoice:
    """What /every sets: "2h", "1 day", "off" (no cadence) or "urgency" (the urgency's again)."""
    words = " ".join(text.lower().split())
    if words == "off" or words == "urgency":
        return words
    return _duration(words)


def _duration(text: str) -> timedelta:
    """ "2h", "1h 30m", "2 hours", "90 min" as a positive timedelta."""
    if not _DURATION.fullmatch(text):
        raise ValueError(f"not a duration: {text!r}")
    total = timedelta()
    for amount, unit in _DURATION_PART.findall(text):
        if unit not in _UNITS:
            raise ValueError(f"not a unit of time: {unit!r}")
        total += int(amount) * _UNITS[unit]
    if not total:
        raise ValueError("a duration must be longer than nothing")
    return total


def _clock(text: str) -> time:
    """ "9", "9:00", "09.30" as a time of day."""
    matched = _CLOCK.fullmatch(text)
    if matched is None:
        raise ValueError(f"not a time of day: {text!r}")
    hour, minute = int(matched.group(1)), int(matched.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"not a time of day: {text!r}")
    return time(hour, minute)


def _date(year: str, month: str, day: str) -> date:
    """A calendar date; ValueError for one that does not exist, such as 2026-02-30."""
    return date(int(year), int(month), int(day))


def _at(day: date, clock: time, zone: str) -> datetime:
    """The moment the wall clock of `zone` shows `clock` on `day`, in UTC."""
    return to_utc(datetime.combine(day, clock), zone)
