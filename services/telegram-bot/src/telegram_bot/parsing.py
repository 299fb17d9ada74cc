"""Reading what people type after a command (ids, titles, urgencies, moments, due dates, repeat
rules, quiet hours, reminders before a due date, whole new tasks) and the moment a snooze
button means. Pure functions.

Each raises ValueError for what it cannot read; the handlers answer with what to type instead.
"""

import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter

from todo_shared.enums import Urgency
from todo_shared.recurrence import parse_recurrence, weekday_number
from todo_shared.reminder_buttons import Snooze
from todo_shared.schemas import MAX_ID, RemindBefore
from todo_shared.timezones import to_utc

View = Literal["open", "done", "due"]
CadenceChoice = timedelta | Literal["off", "urgency"]
QuietHours = tuple[time, time] | Literal["off"]
Due = datetime | date
T = TypeVar("T")

_TRAILING_MARKS = re.compile(r"\s*(!+)$")
_URGENCY_WORDS = {
    "not_urgent": Urgency.NOT_URGENT,
    "urgent": Urgency.URGENT,
    "very_urgent": Urgency.VERY_URGENT,
    "!": Urgency.URGENT,
    "!!": Urgency.VERY_URGENT,
}
_DURATION = re.compile(r"(?:\d{1,6} ?[a-zа-яё]+ ?)+")
_DURATION_PART = re.compile(r"(\d{1,6}) ?([a-zа-яё]+)")
_UNIT_WORDS = {
    timedelta(minutes=1): (
        "m", "min", "mins", "minute", "minutes", "мин", "минута", "минуты", "минут", "минуту",
    ),
    timedelta(hours=1): ("h", "hr", "hrs", "hour", "hours", "ч", "час", "часа", "часов"),
    timedelta(days=1): ("d", "day", "days", "д", "день", "дня", "дней"),
    timedelta(weeks=1): ("w", "week", "weeks", "нед", "неделя", "недели", "недель", "неделю"),
}  # fmt: skip
_UNITS = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
# A Russian unit alone means one of it: "через неделю", "через час".
_ONE_UNIT = frozenset({"минуту", "час", "день", "неделю"})
_WAIT = re.compile(r"(?:in|через) (.+)")
# Words that only join a day and a time: "в пятницу в 18:00" reads as "пятницу 18:00".
_JOINING_WORDS = frozenset({"в", "во"})
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_AND_CLOCK = re.compile(_ISO_DATE.pattern + r"[ t]+(.+)")
_DAYS_FROM_TODAY = {"today": 0, "tomorrow": 1, "сегодня": 0, "завтра": 1, "послезавтра": 2}
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})")
_NAMED_DATE = re.compile(r"(\d{1,2}) ([a-z]+)|([a-z]+) (\d{1,2})")
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# /new's phrases: a due word is followed by its day; a repeat word begins its rule ("каждый месяц").
_DUE_WORDS = ("due", "до", "к")
_REPEAT_WORDS = (
    "every", "каждый", "каждую", "каждое", "каждые", "по",
    "ежедневно", "еженедельно", "ежемесячно", "ежегодно",
)  # fmt: skip
_DUE_PHRASE = re.compile(rf"(?:^| )(?:{'|'.join(_DUE_WORDS)}) ", re.IGNORECASE)
_REPEAT_PHRASE = re.compile(rf"(?:^| )(?=(?:{'|'.join(_REPEAT_WORDS)})(?: |$))", re.IGNORECASE)
_CLOCK_RANGE = re.compile(r"(\S+?) ?- ?(\S+)")
_ON_OFF = {"on": True, "off": False}
_REMIND_BEFORE = TypeAdapter(RemindBefore)
_QUIET_HOURS_USAGE = "Type quiet hours as a range such as 23:00-07:30 or 23-7, or type off."
_DUE_USAGE = (
    "Type a day such as friday, tomorrow, 20.12, dec 20 or 2026-12-20, a day and a time such"
    " as friday 18:00, or a wait such as in 3 days."
)


@dataclass(frozen=True)
class NewTask:
    """What /new reads: a title, and the urgency, due date and repeat rule it may carry."""

    title: str
    urgency: Urgency | None
    due: Due | None
    recurrence: str | None


@dataclass(frozen=True)
class UrgentThrough:
    """What /quiet urgent on|off asks: whether very urgent tasks are reminded in quiet hours."""

    let: bool


QuietChoice = QuietHours | UrgentThrough


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
    Russian reads too: "через 2 часа", "завтра в 9:00".
    """
    words = _words(text)
    local_today = now.astimezone(ZoneInfo(zone)).date()
    if wait := _WAIT.fullmatch(words):
        try:
            return now + _duration(wait[1])
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


def parse_due(text: str, *, now: datetime, zone: str) -> Due:
    """A due day ("friday", "20.12", "dec 20") or moment ("friday 18:00", "in 3 days"), in `zone`.

    A named day is the next one, today included. "9.10" is a date (October 9), not a time.
    Russian reads too: "пятница 18:00", "в пятницу", "через 3 дня".
    """
    words = _words(text)
    today = now.astimezone(ZoneInfo(zone)).date()
    day_words, _, clock = words.rpartition(" ")
    try:
        if (day := _day(words, today)) is not None:
            return day
        if (day := _day(day_words, today)) is not None:
            return _at(day, _clock(clock), zone)
        return parse_when(words, now=now, zone=zone)
    except ValueError as error:
        raise ValueError(f"{text.strip()!r} is not a due date. {_DUE_USAGE}") from error


def parse_quiet_hours(text: str) -> QuietHours:
    """Quiet hours: "23:00-07:30", "23-7" or "22:00 - 08:00" (over midnight or not), or "off"."""
    words = " ".join(text.lower().split())
    if words == "off":
        return "off"
    if (matched := _CLOCK_RANGE.fullmatch(words)) is None:
        raise ValueError(_QUIET_HOURS_USAGE)
    try:
        start, end = _clock(matched[1]), _clock(matched[2])
    except ValueError as error:
        raise ValueError(_QUIET_HOURS_USAGE) from error
    if start == end:
        raise ValueError("Quiet hours end at another time than they start, such as 23:00-07:30.")
    return start, end


def parse_quiet(text: str) -> QuietChoice:
    """What /quiet sets: hours as `parse_quiet_hours` reads them, or "urgent on" / "urgent off"."""
    words = " ".join(text.lower().split())
    first, _, rest = words.partition(" ")
    if first != "urgent":
        return parse_quiet_hours(words)
    if rest not in _ON_OFF:
        raise ValueError("Type urgent on or urgent off.")
    return UrgentThrough(_ON_OFF[rest])


def parse_due_change(text: str, *, now: datetime, zone: str) -> Due | None:
    """What /due sets: a due day or moment as `parse_due` reads it, or None for "off"."""
    if text.strip().lower() == "off":
        return None
    return parse_due(text, now=now, zone=zone)


def parse_repeat(text: str) -> str | None:
    """What /repeat sets: the RRULE of "every monday", "monthly" or an RRULE; None for "off"."""
    if text.strip().lower() == "off":
        return None
    return parse_recurrence(text)


def parse_remind_before(text: str) -> list[timedelta]:
    """What /before sets: "1d 1h" or "2 days, 3 hours", longest first and once each; [] for off.

    Each amount with its unit is a reminder of its own, so "1d 1h" is two, not 25 hours.
    """
    words = " ".join(text.lower().replace(",", " ").split())
    if words == "off":
        return []
    if not _DURATION.fullmatch(words):
        raise ValueError(f"not a list of durations: {text!r}")
    parts = {_duration(amount + unit) for amount, unit in _DURATION_PART.findall(words)}
    return _REMIND_BEFORE.validate_python(sorted(parts, reverse=True))


def parse_new_task(text: str | None, *, now: datetime, zone: str) -> NewTask:
    """A new task from "Pay rent!! due friday 18:00 every month" (both phrases optional).

    Russian reads too: "Оплатить аренду до пятницы 18:00 каждый месяц" ("до" or "к" for "due").
    A phrase counts only when what follows its due or repeat word reads, so "Review every PR"
    and "Купить подарок к празднику" stay titles. `!` or `!!` may end the title or the whole
    text; the latter wins.
    """
    rest, urgency = parse_title(" ".join((text or "").split()))
    read_due = partial(parse_due, now=now, zone=zone)
    # Either phrase may end the text; the one that does is taken first, then the other.
    rest, due = _last_phrase(rest, _DUE_PHRASE, read_due)
    rest, recurrence = _last_phrase(rest, _REPEAT_PHRASE, parse_recurrence)
    if due is None:
        rest, due = _last_phrase(rest, _DUE_PHRASE, read_due)
    title, title_urgency = parse_title(rest)
    return NewTask(title, urgency or title_urgency, due, recurrence)


def _last_phrase(
    text: str, phrase: re.Pattern[str], read: Callable[[str], T]
) -> tuple[str, T | None]:
    """The text before the last start of `phrase` whose rest `read` takes, and that reading.

    Without such a start, the text as it was and None.
    """
    for found in reversed(list(phrase.finditer(text))):
        with suppress(ValueError):
            return text[: found.start()], read(text[found.end() :])
    return text, None


def _words(text: str) -> str:
    """The words of a moment in lower case, single-spaced, without the joining "в" and "во"."""
    return " ".join(word for word in text.lower().split() if word not in _JOINING_WORDS)


def _day(words: str, today: date) -> date | None:
    """The day `words` name ("friday", "tomorrow", "2026-12-20", "20.12", "dec 20"), or None."""
    if words in _DAYS_FROM_TODAY:
        return today + timedelta(days=_DAYS_FROM_TODAY[words])
    if (weekday := weekday_number(words)) is not None:
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    if iso := _ISO_DATE.fullmatch(words):
        return _date(*iso.groups())
    if (dotted := _DOTTED_DATE.fullmatch(words)) and 1 <= int(dotted[2]) <= len(_MONTHS):
        return _next_date(int(dotted[2]), int(dotted[1]), today)
    if (named := _NAMED_DATE.fullmatch(words)) and (month := _month(named[2] or named[3])):
        return _next_date(month, int(named[1] or named[4]), today)
    return None


def _month(name: str) -> int | None:
    """The month (1 for January) of an English month name or its first three letters or more."""
    if len(name) < len("jan"):
        return None
    return next((number for number, month in enumerate(_MONTHS, 1) if month.startswith(name)), None)


def _next_date(month: int, day: int, today: date) -> date:
    """The next `day` of `month`, today included; a February 29 may be years away."""
    for year in range(today.year, today.year + 5):
        with suppress(ValueError):
            if (candidate := date(year, month, day)) >= today:
                return candidate
    raise ValueError(f"there is no day {day} in month {month}")


def _duration(text: str) -> timedelta:
    """ "2h", "1h 30m", "2 hours", "90 min", "2 часа", "неделю" as a positive timedelta."""
    text = f"1 {text}" if text in _ONE_UNIT else text
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
