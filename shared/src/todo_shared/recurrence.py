"""Repeating tasks: RFC 5545 rules (RRULE), read from what people type, and their occurrences.

Rules are counted in the wall-clock time of the person's zone, so "every day at 9:00" stays
at 9:00 across daylight-saving changes. A wall-clock time that does not exist on such a day
(2:30 on the night the clocks jump from 2:00 to 3:00) is read as zoneinfo reads it with
fold=0, by the offset before the change: 2:30 becomes 3:30. A time that happens twice (the
night the clocks go back) is its first happening. As RFC 5545 says, dates that do not exist
are skipped: "every month" from January 31 next falls on March 31, and from February 29
"every year" waits four years. BYMONTHDAY=-1 is the last day of every month.
"""

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Annotated
from zoneinfo import ZoneInfo

from dateutil.rrule import YEARLY, rrule, rrulestr
from pydantic import AfterValidator, Field

from todo_shared.i18n import Text
from todo_shared.timezones import to_utc

Occurrence = datetime | date

_FREQS = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}
_ADVERBS = {
    "daily": "day", "weekly": "week", "monthly": "month", "yearly": "year",
    "ежедневно": "day", "еженедельно": "week", "ежемесячно": "month", "ежегодно": "year",
}  # fmt: skip
# Russian units after "каждый" / "каждую" / "каждые", in the forms their numbers take.
_RU_UNITS = {
    **dict.fromkeys(("день", "дня", "дней"), "day"),
    **dict.fromkeys(("неделю", "недели", "недель"), "week"),
    **dict.fromkeys(("месяц", "месяца", "месяцев"), "month"),
    **dict.fromkeys(("год", "года", "лет"), "year"),
}
_EACH = r"кажд(?:ый|ую|ое|ые)"
_RU_DAY_LIST = r"([а-яё]+(?:(?:,? и |, ?)[а-яё]+)*)"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Russian day names as people type them: nominative, accusative ("в пятницу"), genitive
# ("до пятницы"), dative ("к пятнице"), dative plural ("по пятницам") and the abbreviation.
_RU_WEEKDAYS = (
    ("понедельник", "понедельника", "понедельнику", "понедельникам", "пн"),
    ("вторник", "вторника", "вторнику", "вторникам", "вт"),
    ("среда", "среду", "среды", "среде", "средам", "ср"),
    ("четверг", "четверга", "четвергу", "четвергам", "чт"),
    ("пятница", "пятницу", "пятницы", "пятнице", "пятницам", "пт"),
    ("суббота", "субботу", "субботы", "субботе", "субботам", "сб"),
    ("воскресенье", "воскресенья", "воскресенью", "воскресеньям", "вс"),
)
_RU_WEEKDAY_NUMBERS = {form: number for number, forms in enumerate(_RU_WEEKDAYS) for form in forms}
_AT_CLOCK = re.compile(r"(.+) (?:at|в) (\d{1,2})[:.](\d{2})")
_DAY_SEPARATOR = re.compile(r",? (?:and|и) |, ?")
_UNTIL_VALUE = re.compile(r"\d{8}(?:T\d{6}Z?)?")
_UNTIL_PART = re.compile(r"UNTIL=([^;]*)")
_FINER_THAN_DAILY = frozenset({"HOURLY", "MINUTELY", "SECONDLY"})
_UNSUPPORTED = frozenset({"BYSETPOS", "BYWEEKNO", "BYYEARDAY"})
_SKIPPED_FILTERS = {
    "DAILY": frozenset({"BYDAY", "BYMONTHDAY", "BYMONTH"}),
    "MONTHLY": frozenset({"BYMONTH"}),
}
# dateutil looks for a rule's next day up to year 9999, a few seconds for a daily rule that
# never happens, so whether a rule's days exist is tried as a yearly rule over the last forty
# years it can count (every date of the calendar comes round in them).
_PROBE_START = datetime(9960, 1, 1)
_EXAMPLES = "'every monday at 9:00', 'every month on the 1st' or 'FREQ=WEEKLY;BYDAY=MO'"


class _NotARule(ValueError):
    """The text is not a rule at all (as opposed to a rule we refuse for a reason)."""


def _every(interval: str, unit: str) -> str:
    """The rule for "every `interval` `unit`s"."""
    return f"FREQ={_FREQS[unit]};INTERVAL={interval}"


def _weekdays(names: str) -> str:
    """The weekly rule for "monday and thursday" or "mon, wed"."""
    codes = []
    for name in _DAY_SEPARATOR.split(names):
        if (number := weekday_number(name)) is None:
            raise _NotARule
        codes.append(_DAY_CODES[number])
    return "FREQ=WEEKLY;BYDAY=" + ",".join(codes)


# The English and Russian forms, each a whole phrase (an "at HH:MM" or "в HH:MM" suffix is read
# before these).
_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile("|".join(_ADVERBS)), lambda m: _every("1", _ADVERBS[m[0]])),
    (re.compile(r"every (?:(\d+) )?(day|week|month|year)s?"), lambda m: _every(m[1] or "1", m[2])),
    (re.compile(r"every weekday"), lambda m: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    (
        re.compile(r"(?:every month|monthly) on the (\d{1,2})(?:st|nd|rd|th)?"),
        lambda m: f"FREQ=MONTHLY;BYMONTHDAY={m[1]}",
    ),
    (re.compile(r"every ([a-z]+(?:(?:,? and |, ?)[a-z]+)*)"), lambda m: _weekdays(m[1])),
    (
        re.compile(rf"{_EACH} (?:(\d+) )?({'|'.join(_RU_UNITS)})"),
        lambda m: _every(m[1] or "1", _RU_UNITS[m[2]]),
    ),
    (
        re.compile(r"(?:каждый месяц|ежемесячно) (\d{1,2})(?:-?го)?(?: числа)?"),
        lambda m: f"FREQ=MONTHLY;BYMONTHDAY={m[1]}",
    ),
    (re.compile(rf"(?:{_EACH}|по) {_RU_DAY_LIST}"), lambda m: _weekdays(m[1])),
)


def parse_recurrence(text: str) -> str:
    """A normalised RRULE (no "RRULE:") from an RRULE or a form such as "every monday at 9:00"."""
    words = " ".join(text.lower().split())
    try:
        body = _from_words(words) or re.sub(r"\s+", "", text).upper().removeprefix("RRULE:")
        return _normalised(body)
    except _NotARule:
        message = Text(
            "{rule!r} is not a repeat rule; type one such as {examples}.",
            rule=text.strip(),
            examples=_EXAMPLES,
        )
        raise ValueError(message) from None


RecurrenceRule = Annotated[
    str,
    AfterValidator(parse_recurrence),
    Field(
        description="How the task repeats: an RFC 5545 RRULE without COUNT or DTSTART, such as"
        " 'FREQ=MONTHLY;BYMONTHDAY=1', or 'every monday at 9:00'; kept as a normalised RRULE."
    ),
]


def weekday_number(name: str) -> int | None:
    """The weekday (0 for Monday) of a Russian day name, or an English one or its first letters."""
    if name in _RU_WEEKDAY_NUMBERS:
        return _RU_WEEKDAY_NUMBERS[name]
    if len(name) < len("mon"):
        return None
    return next((number for number, day in enumerate(_WEEKDAYS) if day.startswith(name)), None)


def rule_has_time(rule: str) -> bool:
    """Whether the rule fixes a time of day, so that its occurrences are moments, not days."""
    return bool({"BYHOUR", "BYMINUTE"} & _fields(rule).keys())


def first_occurrence(rule: str, *, now: datetime, zone: str) -> Occurrence | None:
    """The first occurrence of a repeating task that has no due date yet, from now on."""
    today = now.astimezone(ZoneInfo(zone)).date()
    start = datetime.combine(today, time())
    if rule_has_time(rule):
        return _first_moment(rule, start=start, zone=zone, keep=lambda moment: moment >= now)
    return _first_day(rule, start=start, zone=zone, keep=lambda day: day >= today)


def next_occurrence(
    rule: str, *, current: Occurrence, now: datetime, zone: str
) -> Occurrence | None:
    """Where a repeating task goes once `current` is done: its next occurrence after now.

    Counting starts from `current`; occurrences missed while the task was late are skipped.
    An all-day `current` moves to a later day; a moment keeps its time unless the rule sets one.
    """
    today = now.astimezone(ZoneInfo(zone)).date()
    if isinstance(current, datetime):
        after = max(current, now)
        start = current.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        return _first_moment(rule, start=start, zone=zone, keep=lambda moment: moment > after)
    start = datetime.combine(current, time())
    if rule_has_time(rule):
        return _first_moment(
            rule, start=start, zone=zone, keep=lambda m: m > now and _day(m, zone) > current
        )
    return _first_day(rule, start=start, zone=zone, keep=lambda day: day > max(current, today))


def _from_words(words: str) -> str | None:
    """The RRULE a common English or Russian form means, or None when `words` is not one."""
    phrase, clock = words, ""
    if timed := _AT_CLOCK.fullmatch(words):
        phrase, clock = timed[1], f";BYHOUR={int(timed[2])};BYMINUTE={int(timed[3])}"
    for pattern, rule in _FORMS:
        if matched := pattern.fullmatch(phrase):
            return rule(matched) + clock
    return None


def _normalised(body: str) -> str:
    """The rule in dateutil's order of parts, once it passes our refusals."""
    if "DTSTART" in body:
        raise ValueError(Text("A repeat rule takes no DTSTART; set the task's due date instead."))
    fields = _fields(body)
    _refuse(fields)
    if "BYHOUR" in fields and "BYMINUTE" not in fields:
        body += ";BYMINUTE=0"
    try:
        probe = _rrule(body, start=_PROBE_START, zone="UTC")
        never = next(iter(probe.replace(freq=YEARLY, interval=1, until=None)), None) is None
    except (ValueError, TypeError, KeyError, OverflowError) as error:
        raise _NotARule from error
    if never:
        raise ValueError(Text("That rule never comes round; check its days and months."))
    normal = str(probe).splitlines()[-1].removeprefix("RRULE:")
    return _UNTIL_PART.sub(lambda _: f"UNTIL={fields['UNTIL']}", normal)


def _fields(rule: str) -> dict[str, str]:
    """The rule's parts by name: "FREQ=DAILY;BYHOUR=9" gives {"FREQ": "DAILY", "BYHOUR": "9"}."""
    parts = [part.partition("=") for part in rule.split(";")]
    if any(not name or not equals or not value for name, equals, value in parts):
        raise _NotARule
    return {name: value for name, _, value in parts}


def _refuse(fields: dict[str, str]) -> None:
    """Raise ValueError for the parts of a rule that tasks cannot follow."""
    if "COUNT" in fields:
        raise ValueError(
            Text(
                "A repeating task cannot stop after a number of times, since each done occurrence"
                " moves it on; give UNTIL with its last date instead, such as UNTIL=20261231."
            )
        )
    if unsupported := sorted(_UNSUPPORTED & fields.keys()):
        raise ValueError(
            Text(
                "A repeating task cannot use {parts}; give its days with BYDAY, BYMONTHDAY and"
                " BYMONTH.",
                parts=", ".join(unsupported),
            )
        )
    if fields.get("FREQ") in _FINER_THAN_DAILY:
        raise ValueError(
            Text(
                "A task repeats at most daily; to be reminded more often, set the task's own"
                " reminder cadence instead."
            )
        )
    if "BYSECOND" in fields:
        raise ValueError(Text("A repeat rule goes to the minute; leave BYSECOND out."))
    if "BYMINUTE" in fields and "BYHOUR" not in fields:
        raise ValueError(Text("Give BYHOUR with BYMINUTE, such as BYHOUR=9;BYMINUTE=30."))
    if not fields.get("INTERVAL", "1").isdigit() or int(fields.get("INTERVAL", "1")) < 1:
        raise ValueError(
            Text(
                "The days, weeks, months or years between repeats are a whole number from 1 up,"
                " such as 'every 2 weeks' or INTERVAL=2."
            )
        )
    if not _UNTIL_VALUE.fullmatch(fields.get("UNTIL", "20000101")):
        raise ValueError(
            Text(
                "UNTIL is a last date such as 20261231, or a moment in UTC such as"
                " 20261231T090000Z."
            )
        )
    if (
        int(fields.get("INTERVAL", "1")) > 1
        and _SKIPPED_FILTERS.get(fields.get("FREQ", ""), frozenset()) & fields.keys()
    ):
        # Stepping over periods can skip every day such a filter keeps (every 7 days on
        # Tuesdays, counted from a Monday), and dateutil would then look until year 9999.
        raise ValueError(
            Text(
                "A rule repeating every few days or months cannot also keep only some of them;"
                " use 'every 2 weeks' with BYDAY, or one rule per day."
            )
        )


def _rrule(rule: str, *, start: datetime, zone: str) -> rrule:
    """dateutil's rule counted from the wall-clock `start`, with UNTIL read in `zone`."""
    if "BYHOUR" in rule:
        start = start.replace(second=0)  # a rule's time of day is to the minute
    floating = _UNTIL_PART.sub(lambda m: "UNTIL=" + _wall_until(m[1], zone), rule)
    return rrulestr(floating, dtstart=start)


def _wall_until(value: str, zone: str) -> str:
    """UNTIL as wall-clock time in `zone`: a date is its whole day, a UTC moment is converted."""
    if len(value) == len("20261231"):
        return value + "T235959"
    if not value.endswith("Z"):
        return value
    moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y%m%dT%H%M%S")


def _first_moment(
    rule: str, *, start: datetime, zone: str, keep: Callable[[datetime], bool]
) -> datetime | None:
    """The first occurrence counted from `start`, as a moment in UTC, that `keep` accepts."""
    moments = (to_utc(wall, zone) for wall in _rrule(rule, start=start, zone=zone))
    return next((moment for moment in moments if keep(moment)), None)


def _first_day(
    rule: str, *, start: datetime, zone: str, keep: Callable[[date], bool]
) -> date | None:
    """The first occurrence counted from `start`, as a day, that `keep` accepts."""
    days = (wall.date() for wall in _rrule(rule, start=start, zone=zone))
    return next((day for day in days if keep(day)), None)


def _day(moment: datetime, zone: str) -> date:
    """The day a moment falls on in `zone`."""
    return moment.astimezone(ZoneInfo(zone)).date()
