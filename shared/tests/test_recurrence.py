"""Repeating tasks: reading rules, and where a repeating task goes next."""

from datetime import UTC, date, datetime

import pytest
from pydantic import TypeAdapter, ValidationError

from todo_shared.recurrence import (
    Occurrence,
    RecurrenceRule,
    first_occurrence,
    next_occurrence,
    parse_recurrence,
    rule_has_time,
    weekday_number,
)

MSK, NY, BERLIN = "Europe/Moscow", "America/New_York", "Europe/Berlin"
AT_9 = "FREQ=DAILY;BYHOUR=9;BYMINUTE=0"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment in UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


FORMS = [
    ("daily", "FREQ=DAILY"),
    ("every day", "FREQ=DAILY"),
    ("Every  Day", "FREQ=DAILY"),
    ("every day at 9:00", AT_9),
    ("every day at 09.00", AT_9),
    ("daily at 21:45", "FREQ=DAILY;BYHOUR=21;BYMINUTE=45"),
    ("every 3 days", "FREQ=DAILY;INTERVAL=3"),
    ("every 1 day", "FREQ=DAILY"),
    ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ("every weekday at 8:30", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=30"),
    ("every monday", "FREQ=WEEKLY;BYDAY=MO"),
    ("every Sunday at 11:00", "FREQ=WEEKLY;BYDAY=SU;BYHOUR=11;BYMINUTE=0"),
    ("every monday and thursday", "FREQ=WEEKLY;BYDAY=MO,TH"),
    ("every thursday and monday", "FREQ=WEEKLY;BYDAY=MO,TH"),
    ("every mon, wed", "FREQ=WEEKLY;BYDAY=MO,WE"),
    ("every tues and thurs", "FREQ=WEEKLY;BYDAY=TU,TH"),
    ("every mon,wed and fri at 7:05", "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=7;BYMINUTE=5"),
    ("weekly", "FREQ=WEEKLY"),
    ("every week", "FREQ=WEEKLY"),
    ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
    ("every month", "FREQ=MONTHLY"),
    ("monthly", "FREQ=MONTHLY"),
    ("every month on the 1st", "FREQ=MONTHLY;BYMONTHDAY=1"),
    ("monthly on the 2nd", "FREQ=MONTHLY;BYMONTHDAY=2"),
    ("every month on the 15th at 10:00", "FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=10;BYMINUTE=0"),
    ("every 3 months", "FREQ=MONTHLY;INTERVAL=3"),
    ("every year", "FREQ=YEARLY"),
    ("yearly", "FREQ=YEARLY"),
    ("every year at 12:00", "FREQ=YEARLY;BYHOUR=12;BYMINUTE=0"),
    # Russian gives the same rules.
    ("каждый день", "FREQ=DAILY"),
    ("Ежедневно", "FREQ=DAILY"),
    ("каждый день в 9:00", AT_9),
    ("ежедневно в 21.45", "FREQ=DAILY;BYHOUR=21;BYMINUTE=45"),
    ("каждые 3 дня", "FREQ=DAILY;INTERVAL=3"),
    ("каждые 5 дней", "FREQ=DAILY;INTERVAL=5"),
    ("каждый понедельник", "FREQ=WEEKLY;BYDAY=MO"),
    ("каждую среду", "FREQ=WEEKLY;BYDAY=WE"),
    ("каждую пятницу", "FREQ=WEEKLY;BYDAY=FR"),
    ("каждое воскресенье в 11:00", "FREQ=WEEKLY;BYDAY=SU;BYHOUR=11;BYMINUTE=0"),
    ("по понедельникам", "FREQ=WEEKLY;BYDAY=MO"),
    ("по понедельникам и четвергам", "FREQ=WEEKLY;BYDAY=MO,TH"),
    ("по пн, ср и пт в 7:05", "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=7;BYMINUTE=5"),
    ("каждую неделю", "FREQ=WEEKLY"),
    ("еженедельно", "FREQ=WEEKLY"),
    ("каждые 2 недели", "FREQ=WEEKLY;INTERVAL=2"),
    ("каждый месяц", "FREQ=MONTHLY"),
    ("ежемесячно", "FREQ=MONTHLY"),
    ("каждый месяц 1-го числа", "FREQ=MONTHLY;BYMONTHDAY=1"),
    ("ежемесячно 15 числа в 10:00", "FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=10;BYMINUTE=0"),
    ("каждые 3 месяца", "FREQ=MONTHLY;INTERVAL=3"),
    ("каждый год", "FREQ=YEARLY"),
    ("ежегодно", "FREQ=YEARLY"),
    ("каждые 2 года", "FREQ=YEARLY;INTERVAL=2"),
]
RRULES = [
    ("FREQ=DAILY", "FREQ=DAILY"),
    ("RRULE:FREQ=MONTHLY;BYMONTHDAY=1", "FREQ=MONTHLY;BYMONTHDAY=1"),
    ("rrule:freq=weekly;byday=th,mo", "FREQ=WEEKLY;BYDAY=MO,TH"),
    (" FREQ=DAILY; INTERVAL=1 ", "FREQ=DAILY"),
    ("FREQ=DAILY;BYHOUR=9", AT_9),
    ("FREQ=DAILY;BYHOUR=9,18;BYMINUTE=0", "FREQ=DAILY;BYHOUR=9,18;BYMINUTE=0"),
    ("FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
    ("FREQ=DAILY;UNTIL=20261231", "FREQ=DAILY;UNTIL=20261231"),
    ("FREQ=DAILY;UNTIL=20261231T090000Z", "FREQ=DAILY;UNTIL=20261231T090000Z"),
    ("FREQ=DAILY;UNTIL=20261231T090000", "FREQ=DAILY;UNTIL=20261231T090000"),
]


@pytest.mark.parametrize(("text", "rule"), FORMS + RRULES)
def test_rules_are_read_and_normalised(text: str, rule: str) -> None:
    assert parse_recurrence(text) == rule


@pytest.mark.parametrize("text", [text for text, _ in FORMS + RRULES])
def test_a_normalised_rule_reads_as_itself(text: str) -> None:
    rule = parse_recurrence(text)
    assert parse_recurrence(rule) == rule


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("FREQ=DAILY;COUNT=3", "give UNTIL with its last date"),
        ("RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=MO", "give UNTIL with its last date"),
        ("DTSTART:20260101T090000\nRRULE:FREQ=DAILY", "takes no DTSTART"),
        ("FREQ=DAILY;DTSTART=20260101", "takes no DTSTART"),
        ("FREQ=HOURLY", "set the task's own reminder cadence"),
        ("FREQ=MINUTELY;INTERVAL=30", "set the task's own reminder cadence"),
        ("freq=secondly", "set the task's own reminder cadence"),
        ("FREQ=DAILY;BYHOUR=9;BYSECOND=30", "leave BYSECOND out"),
        ("FREQ=DAILY;BYMINUTE=30", "Give BYHOUR with BYMINUTE"),
        ("every 0 days", "a whole number from 1 up"),
        ("FREQ=DAILY;INTERVAL=-2", "a whole number from 1 up"),
        ("FREQ=DAILY;UNTIL=2026", "UNTIL is a last date such as 20261231"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never comes round"),
        ("FREQ=DAILY;BYMONTHDAY=40", "never comes round"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=40", "cannot use BYSETPOS"),
        ("FREQ=YEARLY;BYWEEKNO=20;BYYEARDAY=100", "cannot use BYWEEKNO, BYYEARDAY"),
        ("FREQ=DAILY;INTERVAL=7;BYDAY=TU", "cannot also keep only some of them"),
        ("FREQ=MONTHLY;INTERVAL=12;BYMONTH=3", "cannot also keep only some of them"),
        ("", "'' is not a repeat rule; type one such as 'every monday at 9:00'"),
        ("every morning", "'every morning' is not a repeat rule"),
        ("every PR", "is not a repeat rule"),
        ("every fortnight", "is not a repeat rule"),
        ("каждый раз", "is not a repeat rule"),
        ("по телефону", "is not a repeat rule"),
        ("каждые 0 дней", "a whole number from 1 up"),
        ("каждый день в 24:00", "is not a repeat rule"),
        ("every day at 24:00", "is not a repeat rule"),
        ("sometimes", "is not a repeat rule"),
        ("FREQ=FORTNIGHTLY", "is not a repeat rule"),
        ("BYDAY=MO", "is not a repeat rule"),
        ("FREQ=DAILY;;", "is not a repeat rule"),
        ("FREQ=DAILY;X-COLOUR=RED", "is not a repeat rule"),
        ("FREQ=DAILY;UNTIL=20260230", "is not a repeat rule"),
    ],
)
def test_refusals_say_what_to_type(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=r"\.$") as refused:
        parse_recurrence(text)
    assert says in str(refused.value)


def test_a_schema_field_normalises_and_refuses() -> None:
    field = TypeAdapter(RecurrenceRule)
    assert field.validate_python("every monday at 9:00") == (
        "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
    )
    with pytest.raises(ValidationError, match="UNTIL"):
        field.validate_python("FREQ=DAILY;COUNT=2")


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("monday", 0),
        ("mon", 0),
        ("tues", 1),
        ("wed", 2),
        ("thurs", 3),
        ("sunday", 6),
        ("понедельник", 0),
        ("пн", 0),
        ("среду", 2),
        ("пятницы", 4),
        ("пятнице", 4),
        ("субботам", 5),
        ("вс", 6),
        ("пятн", None),
        ("mo", None),
        ("", None),
        ("mondays", None),
        ("weekday", None),
        ("pr", None),
    ],
)
def test_weekday_names(name: str, number: int | None) -> None:
    assert weekday_number(name) == number


@pytest.mark.parametrize(
    ("rule", "has_time"),
    [
        ("FREQ=DAILY", False),
        ("FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231T090000Z", False),
        (AT_9, True),
        ("FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=10;BYMINUTE=0", True),
    ],
)
def test_rules_with_a_time_of_day(rule: str, has_time: bool) -> None:
    assert rule_has_time(rule) is has_time


# Saturday 2026-03-28, 22:30 UTC: Sunday 01:30 in Moscow (UTC+3), Saturday 18:30 in New York
# (UTC-4), Saturday 23:30 in Berlin (UTC+1, the night its clocks move on to UTC+2).
NOW = utc(2026, 3, 28, 22, 30)

FIRSTS = [
    # (what, rule, zone, expected)
    ("daily is today, in Moscow already Sunday", "FREQ=DAILY", MSK, date(2026, 3, 29)),
    ("daily is today, in New York still Saturday", "FREQ=DAILY", NY, date(2026, 3, 28)),
    ("weekly is on today's weekday", "FREQ=WEEKLY", MSK, date(2026, 3, 29)),
    ("every monday is the next Monday", "FREQ=WEEKLY;BYDAY=MO", NY, date(2026, 3, 30)),
    ("every sunday is today where it is Sunday", "FREQ=WEEKLY;BYDAY=SU", MSK, date(2026, 3, 29)),
    (
        "every sunday is tomorrow where it is Saturday",
        "FREQ=WEEKLY;BYDAY=SU",
        NY,
        date(2026, 3, 29),
    ),
    ("every weekday skips the weekend", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", NY, date(2026, 3, 30)),
    ("every month on the 1st", "FREQ=MONTHLY;BYMONTHDAY=1", MSK, date(2026, 4, 1)),
    ("February 29 is two years off", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", MSK, date(2028, 2, 29)),
    ("a time still to come today", AT_9, MSK, utc(2026, 3, 29, 6)),
    ("a time gone by today is tomorrow's", AT_9, NY, utc(2026, 3, 29, 13)),
    ("a time that is now counts", "FREQ=DAILY;BYHOUR=18;BYMINUTE=30", NY, NOW),
    (
        "a time the clocks skip is read with fold=0: 2:30 is 3:30 summer time",
        "FREQ=DAILY;BYHOUR=2;BYMINUTE=30",
        BERLIN,
        utc(2026, 3, 29, 1, 30),
    ),
    ("UNTIL gone by: no occurrence", "FREQ=DAILY;UNTIL=20260301", MSK, None),
    ("UNTIL today in Moscow", "FREQ=DAILY;UNTIL=20260329", MSK, date(2026, 3, 29)),
    (
        "UNTIL keeps this evening",
        "FREQ=DAILY;BYHOUR=20;BYMINUTE=0;UNTIL=20260328",
        NY,
        utc(2026, 3, 29),
    ),
    ("UNTIL ends before tomorrow", "FREQ=DAILY;BYHOUR=18;BYMINUTE=0;UNTIL=20260328", NY, None),
]


@pytest.mark.parametrize(
    ("rule", "zone", "expected"), [c[1:] for c in FIRSTS], ids=[c[0] for c in FIRSTS]
)
def test_first_occurrence(rule: str, zone: str, expected: Occurrence | None) -> None:
    assert first_occurrence(rule, now=NOW, zone=zone) == expected


NEXTS = [
    # (what, rule, current, now, zone, expected)
    # Daylight saving: the wall-clock time stays.
    (
        "New York springs forward",
        AT_9,
        utc(2026, 3, 7, 14),
        utc(2026, 3, 7, 14),
        NY,
        utc(2026, 3, 8, 13),
    ),
    (
        "New York falls back",
        AT_9,
        utc(2026, 10, 31, 13),
        utc(2026, 10, 31, 13),
        NY,
        utc(2026, 11, 1, 14),
    ),
    (
        "Berlin springs forward",
        AT_9,
        utc(2026, 3, 28, 8),
        utc(2026, 3, 28, 8),
        BERLIN,
        utc(2026, 3, 29, 7),
    ),
    (
        "Berlin falls back",
        AT_9,
        utc(2026, 10, 24, 7),
        utc(2026, 10, 24, 7),
        BERLIN,
        utc(2026, 10, 25, 8),
    ),
    (
        "a rule with no time keeps the moment's wall-clock time across the change",
        "FREQ=DAILY",
        utc(2026, 3, 7, 23),
        utc(2026, 3, 7, 23),
        NY,
        utc(2026, 3, 8, 22),
    ),
    (
        "2:30 does not exist on 2026-03-08 in New York: fold=0 reads it as 3:30 summer time",
        "FREQ=DAILY;BYHOUR=2;BYMINUTE=30",
        utc(2026, 3, 7, 7, 30),
        utc(2026, 3, 7, 7, 30),
        NY,
        utc(2026, 3, 8, 7, 30),
    ),
    (
        "the day after, 2:30 is back",
        "FREQ=DAILY;BYHOUR=2;BYMINUTE=30",
        utc(2026, 3, 8, 7, 30),
        utc(2026, 3, 8, 7, 30),
        NY,
        utc(2026, 3, 9, 6, 30),
    ),
    (
        "1:30 happens twice on 2026-11-01 in New York: the first, summer time, counts",
        "FREQ=DAILY;BYHOUR=1;BYMINUTE=30",
        utc(2026, 10, 31, 5, 30),
        utc(2026, 10, 31, 5, 30),
        NY,
        utc(2026, 11, 1, 5, 30),
    ),
    (
        "2:30 happens twice on 2026-10-25 in Berlin: the first, summer time, counts",
        "FREQ=DAILY;BYHOUR=2;BYMINUTE=30",
        utc(2026, 10, 24, 0, 30),
        utc(2026, 10, 24, 0, 30),
        BERLIN,
        utc(2026, 10, 25, 0, 30),
    ),
    # Month ends and leap days: dates that do not exist are skipped (RFC 5545).
    (
        "monthly from Jan 31 skips February",
        "FREQ=MONTHLY",
        date(2026, 1, 31),
        utc(2026, 1, 31),
        MSK,
        date(2026, 3, 31),
    ),
    (
        "monthly from Mar 31 skips April",
        "FREQ=MONTHLY",
        date(2026, 3, 31),
        utc(2026, 3, 31),
        MSK,
        date(2026, 5, 31),
    ),
    (
        "the last day of each month",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        date(2026, 1, 31),
        utc(2026, 1, 31),
        MSK,
        date(2026, 2, 28),
    ),
    (
        "monthly at a time from Jan 31",
        "FREQ=MONTHLY;BYHOUR=10;BYMINUTE=0",
        utc(2026, 1, 31, 7),
        utc(2026, 1, 31, 7),
        MSK,
        utc(2026, 3, 31, 7),
    ),
    (
        "yearly from Feb 29 waits for a leap year",
        "FREQ=YEARLY",
        date(2028, 2, 29),
        utc(2028, 2, 29),
        MSK,
        date(2032, 2, 29),
    ),
    (
        "yearly on Feb 29 by rule",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        date(2024, 2, 29),
        utc(2026, 3, 1),
        MSK,
        date(2028, 2, 29),
    ),
    # Weekdays.
    (
        "every weekday: Friday to Monday",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        date(2026, 3, 27),
        utc(2026, 3, 27),
        MSK,
        date(2026, 3, 30),
    ),
    (
        "every monday and thursday",
        "FREQ=WEEKLY;BYDAY=MO,TH",
        date(2026, 3, 23),
        utc(2026, 3, 23),
        MSK,
        date(2026, 3, 26),
    ),
    (
        "every weekday at 9:00, Friday to Monday",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0",
        utc(2026, 3, 27, 6),
        utc(2026, 3, 27, 6, 5),
        MSK,
        utc(2026, 3, 30, 6),
    ),
    # UNTIL ends the series.
    (
        "the last day of the series is still to come",
        "FREQ=DAILY;UNTIL=20260331",
        date(2026, 3, 30),
        utc(2026, 3, 30),
        MSK,
        date(2026, 3, 31),
    ),
    (
        "after the last day, nothing",
        "FREQ=DAILY;UNTIL=20260331",
        date(2026, 3, 31),
        utc(2026, 3, 31),
        MSK,
        None,
    ),
    (
        "UNTIL as a UTC moment: 9:00 in Moscow is 06:00 UTC, still in",
        "FREQ=DAILY;BYHOUR=9;BYMINUTE=0;UNTIL=20260331T060000Z",
        utc(2026, 3, 30, 6),
        utc(2026, 3, 30, 6),
        MSK,
        utc(2026, 3, 31, 6),
    ),
    (
        "UNTIL as a UTC moment, gone by",
        "FREQ=DAILY;BYHOUR=9;BYMINUTE=0;UNTIL=20260331T055900Z",
        utc(2026, 3, 30, 6),
        utc(2026, 3, 30, 6),
        MSK,
        None,
    ),
    # All-day and moment occurrences.
    (
        "a day stays a day",
        "FREQ=WEEKLY",
        date(2026, 3, 23),
        utc(2026, 3, 23),
        MSK,
        date(2026, 3, 30),
    ),
    (
        "a moment stays a moment, at its time",
        "FREQ=WEEKLY",
        utc(2026, 3, 23, 15, 45),
        utc(2026, 3, 23, 16),
        MSK,
        utc(2026, 3, 30, 15, 45),
    ),
    (
        "a day with a rule's time becomes a moment on a later day",
        AT_9,
        date(2026, 3, 27),
        utc(2026, 3, 27, 5),
        MSK,
        utc(2026, 3, 28, 6),
    ),
    (
        "a moment's seconds give way to the rule's time",
        AT_9,
        datetime(2026, 3, 27, 6, 0, 37, 500, tzinfo=UTC),
        utc(2026, 3, 27, 7),
        MSK,
        utc(2026, 3, 28, 6),
    ),
    # Done late: missed occurrences are skipped; done early: the next after the current.
    (
        "daily done 3 days late is due tomorrow",
        "FREQ=DAILY",
        date(2026, 3, 25),
        utc(2026, 3, 28, 12),
        MSK,
        date(2026, 3, 29),
    ),
    (
        "today is the person's today: Moscow",
        "FREQ=DAILY",
        date(2026, 3, 27),
        NOW,
        MSK,
        date(2026, 3, 30),
    ),
    (
        "today is the person's today: New York",
        "FREQ=DAILY",
        date(2026, 3, 27),
        NOW,
        NY,
        date(2026, 3, 29),
    ),
    (
        "every 3 days keeps its count",
        "FREQ=DAILY;INTERVAL=3",
        date(2026, 3, 20),
        utc(2026, 3, 28, 12),
        MSK,
        date(2026, 3, 29),
    ),
    (
        "every monday, weeks late",
        "FREQ=WEEKLY;BYDAY=MO",
        date(2026, 3, 2),
        utc(2026, 3, 28, 12),
        MSK,
        date(2026, 3, 30),
    ),
    (
        "late at a time still to come today",
        AT_9,
        utc(2026, 3, 25, 6),
        utc(2026, 3, 28, 5),
        MSK,
        utc(2026, 3, 28, 6),
    ),
    (
        "late at a time gone by today",
        AT_9,
        utc(2026, 3, 25, 6),
        utc(2026, 3, 28, 12),
        MSK,
        utc(2026, 3, 29, 6),
    ),
    ("done early", "FREQ=DAILY", date(2026, 3, 30), utc(2026, 3, 28, 12), MSK, date(2026, 3, 31)),
    (
        "done early, at a time",
        AT_9,
        utc(2026, 3, 30, 6),
        utc(2026, 3, 28, 12),
        MSK,
        utc(2026, 3, 31, 6),
    ),
]


@pytest.mark.parametrize(
    ("rule", "current", "now", "zone", "expected"),
    [c[1:] for c in NEXTS],
    ids=[c[0] for c in NEXTS],
)
def test_next_occurrence(
    rule: str, current: Occurrence, now: datetime, zone: str, expected: Occurrence | None
) -> None:
    assert next_occurrence(rule, current=current, now=now, zone=zone) == expected
