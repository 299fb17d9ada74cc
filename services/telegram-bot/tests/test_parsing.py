"""Reading command arguments: ids, titles with their urgency marks, urgencies, moments."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from telegram_bot.parsing import (
    CadenceChoice,
    NewTask,
    QuietChoice,
    QuietHours,
    UrgentThrough,
    parse_cadence,
    parse_due,
    parse_due_change,
    parse_new_task,
    parse_quiet,
    parse_quiet_hours,
    parse_remind_before,
    parse_repeat,
    parse_task_id,
    parse_title,
    parse_urgency,
    parse_view,
    parse_when,
    snooze_end,
    split_first,
)
from todo_shared.enums import Urgency
from todo_shared.reminder_buttons import MORNING, Snooze

U = Urgency


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 in 2h", ("12", "in 2h")),
        ("  12   tomorrow  9:00 ", ("12", "tomorrow  9:00")),
        ("12", ("12", "")),
        ("", ("", "")),
        (None, ("", "")),
    ],
)
def test_split_first(text: str | None, expected: tuple[str, str]) -> None:
    assert split_first(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("12", 12), (" 7 ", 7), ("#12", 12), (str(2**63 - 1), 2**63 - 1)]
)
def test_task_ids(text: str, expected: int) -> None:
    assert parse_task_id(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "0", "-3", "1.5", "12 13", str(2**63), "١٢", "#"])
def test_not_task_ids(text: str) -> None:
    with pytest.raises(ValueError, match="not a task id"):
        parse_task_id(text)


@pytest.mark.parametrize(
    ("text", "title", "urgency"),
    [
        ("Pay rent", "Pay rent", None),
        ("Pay rent !", "Pay rent", U.URGENT),
        ("Pay rent !!", "Pay rent", U.VERY_URGENT),
        ("Pay rent!!", "Pay rent", U.VERY_URGENT),
        ("Call mom!", "Call mom", U.URGENT),
        ("Wow!!!", "Wow", U.VERY_URGENT),
        ("  Pay rent  ", "Pay rent", None),
        ("Is it done? Check !", "Is it done? Check", U.URGENT),
        ("Read ! chapter", "Read ! chapter", None),
    ],
)
def test_titles_and_their_urgency_marks(text: str, title: str, urgency: Urgency | None) -> None:
    assert parse_title(text) == (title, urgency)


@pytest.mark.parametrize("text", [None, "", "   ", "!", "!!", " !! "])
def test_a_title_is_needed(text: str | None) -> None:
    with pytest.raises(ValueError, match="needs a title"):
        parse_title(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not_urgent", U.NOT_URGENT),
        ("not-urgent", U.NOT_URGENT),
        ("Not Urgent", U.NOT_URGENT),
        ("urgent", U.URGENT),
        ("URGENT", U.URGENT),
        ("very_urgent", U.VERY_URGENT),
        ("very urgent", U.VERY_URGENT),
        ("!", U.URGENT),
        ("!!", U.VERY_URGENT),
    ],
)
def test_urgencies(text: str, expected: Urgency) -> None:
    assert parse_urgency(text) == expected


@pytest.mark.parametrize("text", ["", "high", "urgentish", "!!!", "very"])
def test_not_urgencies(text: str) -> None:
    with pytest.raises(ValueError, match="not an urgency"):
        parse_urgency(text)


@pytest.mark.parametrize(
    ("text", "expected"), [(None, "open"), ("", "open"), ("open", "open"), (" Done ", "done")]
)
def test_list_views(text: str | None, expected: str) -> None:
    assert parse_view(text) == expected


def test_an_unknown_list_view() -> None:
    with pytest.raises(ValueError, match="not a list"):
        parse_view("everything")


# Saturday 2026-03-28, 22:30 UTC: already Sunday 01:30 in Moscow (UTC+3), still Saturday 18:30
# in New York (UTC-4), and the night before Berlin moves its clocks to summer time.
NOW = datetime(2026, 3, 28, 22, 30, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A moment in UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("in 2h", "Europe/Moscow", NOW + timedelta(hours=2)),
        ("in 90 min", "Europe/Moscow", NOW + timedelta(minutes=90)),
        ("in 1h30m", "Europe/Moscow", NOW + timedelta(hours=1, minutes=30)),
        ("in 1h 30m", "Europe/Moscow", NOW + timedelta(hours=1, minutes=30)),
        ("in 2 hours", "Europe/Moscow", NOW + timedelta(hours=2)),
        ("in 1 day", "Europe/Moscow", NOW + timedelta(days=1)),
        ("IN 3D", "Europe/Moscow", NOW + timedelta(days=3)),
        ("in 1 week", "Europe/Moscow", NOW + timedelta(weeks=1)),
        # "tomorrow" is the day after the person's today, not the server's.
        ("tomorrow 9:00", "Europe/Moscow", utc(2026, 3, 30, 6, 0)),
        ("tomorrow 9:00", "America/New_York", utc(2026, 3, 29, 13, 0)),
        ("tomorrow 09.30", "America/New_York", utc(2026, 3, 29, 13, 30)),
        ("tomorrow 9", "America/New_York", utc(2026, 3, 29, 13, 0)),
        ("today 20:00", "America/New_York", utc(2026, 3, 29, 0, 0)),
        ("2026-12-01 09:00", "Europe/Moscow", utc(2026, 12, 1, 6, 0)),
        ("2026-12-01T09:00", "Europe/Moscow", utc(2026, 12, 1, 6, 0)),
        ("2026-12-01 9:00", "Asia/Tokyo", utc(2026, 12, 1, 0, 0)),
        # Berlin is UTC+1 on the 28th and UTC+2 from the 29th.
        ("2026-03-28 23:45", "Europe/Berlin", utc(2026, 3, 28, 22, 45)),
        ("tomorrow 12:00", "Europe/Berlin", utc(2026, 3, 29, 10, 0)),
        # A bare time is its next occurrence: at 23:30 in Berlin, 23:45 is tonight (UTC+1) and
        # 23:00 tomorrow night (UTC+2).
        ("23:45", "Europe/Berlin", utc(2026, 3, 28, 22, 45)),
        ("23:00", "Europe/Berlin", utc(2026, 3, 29, 21, 0)),
        ("01:00", "Europe/Moscow", utc(2026, 3, 29, 22, 0)),
    ],
)
def test_moments(text: str, zone: str, expected: datetime) -> None:
    assert parse_when(text, now=NOW, zone=zone) == expected


# Russian reads whatever language the person reads. In Moscow NOW is Sunday March 29, 01:30.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("через 2 часа", NOW + timedelta(hours=2)),
        ("Через 30 минут", NOW + timedelta(minutes=30)),
        ("через 1 минуту", NOW + timedelta(minutes=1)),
        ("через 5 минут", NOW + timedelta(minutes=5)),
        ("через 1 ч 30 мин", NOW + timedelta(hours=1, minutes=30)),
        ("через 1ч30мин", NOW + timedelta(hours=1, minutes=30)),
        ("через 5 часов", NOW + timedelta(hours=5)),
        ("через час", NOW + timedelta(hours=1)),
        ("через 3 дня", NOW + timedelta(days=3)),
        ("через 1 день", NOW + timedelta(days=1)),
        ("через 5 дней", NOW + timedelta(days=5)),
        ("через 2 д", NOW + timedelta(days=2)),
        ("через неделю", NOW + timedelta(weeks=1)),
        ("через 2 недели", NOW + timedelta(weeks=2)),
        ("через 5 недель", NOW + timedelta(weeks=5)),
        ("через 1 нед", NOW + timedelta(weeks=1)),
        ("сегодня 20:00", utc(2026, 3, 29, 17, 0)),
        ("завтра 9:00", utc(2026, 3, 30, 6, 0)),
        ("Завтра в 9:00", utc(2026, 3, 30, 6, 0)),
        ("послезавтра 9", utc(2026, 3, 31, 6, 0)),
        ("в 18:30", utc(2026, 3, 29, 15, 30)),
    ],
)
def test_russian_moments(text: str, expected: datetime) -> None:
    assert parse_when(text, now=NOW, zone="Europe/Moscow") == expected


@pytest.mark.parametrize(
    "text",
    ["через", "через 2", "через 2 века", "через 0 часов", "через часа", "завтра", "завтра в"],
)
def test_not_russian_moments(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each shape has its own reason
        parse_when(text, now=NOW, zone="Europe/Moscow")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "someday",
        "in",
        "in 2",
        "in 2 fortnights",
        "in 0h",
        "in h",
        "in 2h and a bit",
        "in 999999w",
        "tomorrow",
        "tomorrow 25:00",
        "tomorrow 9:60",
        "today noon",
        "2026-02-30 09:00",
        "2026-12-01",
        "0000-01-01 00:00",
        "24:00",
        "9am",
    ],
)
def test_not_moments(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each shape has its own reason
        parse_when(text, now=NOW, zone="Europe/Moscow")


NINE = time(9, 0)


@pytest.mark.parametrize(
    ("now", "zone", "snooze", "morning", "expected"),
    [
        (NOW, "Europe/Moscow", timedelta(minutes=15), NINE, NOW + timedelta(minutes=15)),
        (NOW, "Europe/Moscow", timedelta(hours=3), NINE, NOW + timedelta(hours=3)),
        # What an old "Snooze 1d" button still says.
        (NOW, "Europe/Moscow", timedelta(days=1), NINE, NOW + timedelta(days=1)),
        # The morning of the day after the person's today: Sunday 01:30 in Moscow gives Monday,
        # Saturday 18:30 in New York gives Sunday, whatever the date in UTC.
        (NOW, "Europe/Moscow", MORNING, NINE, utc(2026, 3, 30, 6, 0)),
        (NOW, "America/New_York", MORNING, NINE, utc(2026, 3, 29, 13, 0)),
        (NOW, "Asia/Tokyo", MORNING, NINE, utc(2026, 3, 30, 0, 0)),
        (NOW, "Pacific/Kiritimati", MORNING, NINE, utc(2026, 3, 29, 19, 0)),
        (NOW, "Pacific/Pago_Pago", MORNING, NINE, utc(2026, 3, 29, 20, 0)),
        (NOW, "Europe/Moscow", MORNING, time(7, 30), utc(2026, 3, 30, 4, 30)),
        # Berlin's clocks go forward in the night: its morning is 09:00 summer time (UTC+2).
        (NOW, "Europe/Berlin", MORNING, NINE, utc(2026, 3, 29, 7, 0)),
        # Just after midnight, tomorrow is still the next calendar day, not this morning.
        (utc(2026, 3, 28, 21, 30), "Europe/Moscow", MORNING, NINE, utc(2026, 3, 30, 6, 0)),
        # Just before midnight it is nine hours away.
        (utc(2026, 3, 28, 20, 59), "Europe/Moscow", MORNING, NINE, utc(2026, 3, 29, 6, 0)),
    ],
)
def test_snooze_ends(
    now: datetime, zone: str, snooze: Snooze, morning: time, expected: datetime
) -> None:
    assert snooze_end(snooze, now=now, zone=zone, morning=morning) == expected


@pytest.mark.parametrize(
    ("text", "cadence"),
    [
        ("2h", timedelta(hours=2)),
        ("1 day", timedelta(days=1)),
        ("1h 30m", timedelta(minutes=90)),
        ("2 часа", timedelta(hours=2)),
        ("1 ч 30 мин", timedelta(minutes=90)),
        ("OFF", "off"),
        (" urgency ", "urgency"),
    ],
)
def test_a_cadence(text: str, cadence: CadenceChoice) -> None:
    assert parse_cadence(text) == cadence


@pytest.mark.parametrize("text", ["", "often", "0m", "2", "never ever"])
def test_not_a_cadence(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_cadence(text)


MSK, NY = "Europe/Moscow", "America/New_York"
FRIDAY = date(2026, 4, 3)


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        # All-day: NOW is Sunday March 29 in Moscow, still Saturday March 28 in New York.
        ("friday", MSK, date(2026, 4, 3)),
        ("Friday", NY, date(2026, 4, 3)),
        ("fri", MSK, date(2026, 4, 3)),
        ("sunday", MSK, date(2026, 3, 29)),
        ("sunday", NY, date(2026, 3, 29)),
        ("saturday", NY, date(2026, 3, 28)),
        ("saturday", MSK, date(2026, 4, 4)),
        ("today", MSK, date(2026, 3, 29)),
        ("today", NY, date(2026, 3, 28)),
        ("tomorrow", MSK, date(2026, 3, 30)),
        ("tomorrow", NY, date(2026, 3, 29)),
        ("2026-12-20", MSK, date(2026, 12, 20)),
        ("20.12", MSK, date(2026, 12, 20)),
        ("1.4", MSK, date(2026, 4, 1)),
        ("28.03", MSK, date(2027, 3, 28)),
        ("28.03", NY, date(2026, 3, 28)),
        ("29.02", MSK, date(2028, 2, 29)),
        ("dec 20", MSK, date(2026, 12, 20)),
        ("20 dec", MSK, date(2026, 12, 20)),
        ("December 20", NY, date(2026, 12, 20)),
        ("20  sept", NY, date(2026, 9, 20)),
        ("jan 5", MSK, date(2027, 1, 5)),
        # Moments.
        ("friday 18:00", MSK, utc(2026, 4, 3, 15, 0)),
        ("friday 18:00", NY, utc(2026, 4, 3, 22, 0)),
        ("sat 9", NY, utc(2026, 3, 28, 13, 0)),
        ("tomorrow 9:00", MSK, utc(2026, 3, 30, 6, 0)),
        ("2026-12-20 18:00", MSK, utc(2026, 12, 20, 15, 0)),
        ("20.12 18:00", MSK, utc(2026, 12, 20, 15, 0)),
        ("dec 20 9:30", NY, utc(2026, 12, 20, 14, 30)),
        ("20 dec 9:30", NY, utc(2026, 12, 20, 14, 30)),
        ("18:00", MSK, utc(2026, 3, 29, 15, 0)),
        ("18:00", NY, utc(2026, 3, 29, 22, 0)),
        # A second number above 12 is no month: a time.
        ("18.30", MSK, utc(2026, 3, 29, 15, 30)),
        ("12.00", MSK, utc(2026, 3, 29, 9, 0)),
        ("in 3 days", MSK, NOW + timedelta(days=3)),
        ("in 2h", NY, NOW + timedelta(hours=2)),
    ],
)
def test_due_dates(text: str, zone: str, expected: datetime | date) -> None:
    due = parse_due(text, now=NOW, zone=zone)
    assert due == expected
    assert type(due) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("сегодня", date(2026, 3, 29)),
        ("завтра", date(2026, 3, 30)),
        ("послезавтра", date(2026, 3, 31)),
        ("понедельник", date(2026, 3, 30)),
        ("пн", date(2026, 3, 30)),
        ("во вторник", date(2026, 3, 31)),
        ("вт", date(2026, 3, 31)),
        ("среда", date(2026, 4, 1)),
        ("в среду", date(2026, 4, 1)),
        ("ср", date(2026, 4, 1)),
        ("четверг", date(2026, 4, 2)),
        ("чт", date(2026, 4, 2)),
        ("пятница", FRIDAY),
        ("В пятницу", FRIDAY),
        ("ПТ", FRIDAY),
        ("суббота", date(2026, 4, 4)),
        ("в субботу", date(2026, 4, 4)),
        ("сб", date(2026, 4, 4)),
        ("воскресенье", date(2026, 3, 29)),
        ("в воскресенье", date(2026, 3, 29)),
        ("вс", date(2026, 3, 29)),
        # The genitive, as after "до".
        ("пятницы", FRIDAY),
        ("понедельника", date(2026, 3, 30)),
        ("пятница 18:00", utc(2026, 4, 3, 15, 0)),
        ("в пятницу в 18:00", utc(2026, 4, 3, 15, 0)),
        ("пт 9", utc(2026, 4, 3, 6, 0)),
        ("завтра в 9:00", utc(2026, 3, 30, 6, 0)),
        ("через 3 дня", NOW + timedelta(days=3)),
    ],
)
def test_russian_due_dates(text: str, expected: datetime | date) -> None:
    due = parse_due(text, now=NOW, zone=MSK)
    assert due == expected
    assert type(due) is type(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "someday",
        "dec",
        "friday noon",
        "fr",
        "31.02",
        "32 dec",
        "feb 30",
        "2026-02-30",
        "20 dec 2026",
        "tomorrow 25:00",
        "in 2 fortnights",
        "пятн",
        "в",
        "пятница полдень",
        "празднику",
        "через 2 века",
    ],
)
def test_not_due_dates(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a due date\. Type a day such as friday"):
        parse_due(text, now=NOW, zone=MSK)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23:00-07:30", (time(23, 0), time(7, 30))),
        ("23-7", (time(23, 0), time(7, 0))),
        ("22:00 - 08:00", (time(22, 0), time(8, 0))),
        ("23.30-7", (time(23, 30), time(7, 0))),
        ("13-14", (time(13, 0), time(14, 0))),
        ("off", "off"),
        (" OFF ", "off"),
    ],
)
def test_quiet_hours(text: str, expected: QuietHours) -> None:
    assert parse_quiet_hours(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Type quiet hours as a range"),
        ("on", "Type quiet hours as a range"),
        ("23:00", "Type quiet hours as a range"),
        ("25-7", "Type quiet hours as a range"),
        ("23:00-07:30-09:00", "Type quiet hours as a range"),
        ("night", "Type quiet hours as a range"),
        ("23-23", "end at another time than they start"),
        ("7:00-07:00", "end at another time than they start"),
    ],
)
def test_not_quiet_hours(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_quiet_hours(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23:00-07:30", (time(23, 0), time(7, 30))),
        ("off", "off"),
        ("urgent on", UrgentThrough(let=True)),
        (" Urgent  OFF ", UrgentThrough(let=False)),
    ],
)
def test_quiet_choices(text: str, expected: QuietChoice) -> None:
    assert parse_quiet(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("urgent", "Type urgent on or urgent off"),
        ("urgent yes", "Type urgent on or urgent off"),
        ("urgent on please", "Type urgent on or urgent off"),
        ("on", "Type quiet hours as a range"),
        ("23-23", "end at another time than they start"),
    ],
)
def test_not_quiet_choices(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_quiet(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("friday", date(2026, 4, 3)),
        ("2026-12-20 18:00", utc(2026, 12, 20, 15, 0)),
        ("off", None),
        (" Off ", None),
    ],
)
def test_due_changes(text: str, expected: datetime | date | None) -> None:
    assert parse_due_change(text, now=NOW, zone=MSK) == expected


@pytest.mark.parametrize("text", ["", "offf", "someday", "off friday"])
def test_not_due_changes(text: str) -> None:
    with pytest.raises(ValueError, match="is not a due date"):
        parse_due_change(text, now=NOW, zone=MSK)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every monday", "FREQ=WEEKLY;BYDAY=MO"),
        ("Every Month on the 1st", "FREQ=MONTHLY;BYMONTHDAY=1"),
        ("weekly", "FREQ=WEEKLY"),
        ("каждый понедельник", "FREQ=WEEKLY;BYDAY=MO"),
        ("по пятницам в 18:00", "FREQ=WEEKLY;BYDAY=FR;BYHOUR=18;BYMINUTE=0"),
        ("FREQ=DAILY;INTERVAL=2", "FREQ=DAILY;INTERVAL=2"),
        ("off", None),
        ("OFF", None),
    ],
)
def test_repeats(text: str, expected: str | None) -> None:
    assert parse_repeat(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "is not a repeat rule"),
        ("monday", "is not a repeat rule"),
        ("every blue moon", "is not a repeat rule"),
        ("FREQ=HOURLY", "at most daily"),
        ("FREQ=DAILY;COUNT=3", "cannot stop after a number of times"),
    ],
)
def test_not_repeats(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_repeat(text)


D, H, M = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1d 1h", [D, H]),
        ("1h 1d", [D, H]),
        ("1d1h", [D, H]),
        ("2 days, 3 hours", [2 * D, 3 * H]),
        ("30m", [30 * M]),
        ("1w 1d 1d", [7 * D, D]),
        ("366d", [366 * D]),
        ("1d 2d 3d 4d 5d 6d 7d 8d 9d 10d", [n * D for n in range(10, 0, -1)]),
        ("1 д 2 ч", [D, 2 * H]),
        ("off", []),
        (" OFF ", []),
    ],
)
def test_reminders_before(text: str, expected: list[timedelta]) -> None:
    assert parse_remind_before(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "soon",
        "1",
        "0m",
        "1 fortnight",
        "1d - 1h",
        "367d",
        "53w",
        "1d 2d 3d 4d 5d 6d 7d 8d 9d 10d 11d",
    ],
)
def test_not_reminders_before(text: str) -> None:
    with pytest.raises(
        ValueError, match=r"not a list of durations|not a unit|longer than nothing|validation error"
    ):
        parse_remind_before(text)


MONTHLY, SUNDAYS_AT_11 = "FREQ=MONTHLY", "FREQ=WEEKLY;BYDAY=SU;BYHOUR=11;BYMINUTE=0"
WEEKDAYS_AT_930 = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=30"


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("Buy milk", MSK, NewTask("Buy milk", None, None, None)),
        ("  Buy   milk  ", MSK, NewTask("Buy milk", None, None, None)),
        (
            "Pay rent due friday 18:00 every month",
            MSK,
            NewTask("Pay rent", None, utc(2026, 4, 3, 15, 0), MONTHLY),
        ),
        ("Pay rent every month due friday", MSK, NewTask("Pay rent", None, FRIDAY, MONTHLY)),
        ("Pay rent DUE Friday EVERY Month", NY, NewTask("Pay rent", None, FRIDAY, MONTHLY)),
        ("Call mom every sunday at 11:00", MSK, NewTask("Call mom", None, None, SUNDAYS_AT_11)),
        ("Report due 2026-12-20", MSK, NewTask("Report", None, date(2026, 12, 20), None)),
        ("Report due in 3 days", NY, NewTask("Report", None, NOW + timedelta(days=3), None)),
        ("Call every day", NY, NewTask("Call", None, None, "FREQ=DAILY")),
        (
            "Stand-up every weekday at 9:30 due tomorrow 9:30",
            NY,
            NewTask("Stand-up", None, utc(2026, 3, 29, 13, 30), WEEKDAYS_AT_930),
        ),
        # Urgency marks end the title or the whole text.
        ("Pay rent!! due friday", MSK, NewTask("Pay rent", U.VERY_URGENT, FRIDAY, None)),
        ("Pay rent ! due friday", MSK, NewTask("Pay rent", U.URGENT, FRIDAY, None)),
        ("Pay rent due friday !!", MSK, NewTask("Pay rent", U.VERY_URGENT, FRIDAY, None)),
        ("Pay rent every month!", MSK, NewTask("Pay rent", U.URGENT, None, MONTHLY)),
        # A phrase counts only when what follows it reads.
        ("Review every PR", MSK, NewTask("Review every PR", None, None, None)),
        ("Overdue invoices", MSK, NewTask("Overdue invoices", None, None, None)),
        (
            "Overdue invoices due tomorrow",
            NY,
            NewTask("Overdue invoices", None, date(2026, 3, 29), None),
        ),
        ("Review every PR due fri!", MSK, NewTask("Review every PR", U.URGENT, FRIDAY, None)),
        ("Pay due bills every month", MSK, NewTask("Pay due bills", None, None, MONTHLY)),
        ("Pay rent due someday", MSK, NewTask("Pay rent due someday", None, None, None)),
        ("Every day counts", MSK, NewTask("Every day counts", None, None, None)),
        # One of each: an earlier phrase of the same kind stays in the title.
        (
            "Pay rent due friday due monday",
            MSK,
            NewTask("Pay rent due friday", None, date(2026, 3, 30), None),
        ),
    ],
)
def test_new_tasks(text: str, zone: str, expected: NewTask) -> None:
    assert parse_new_task(text, now=NOW, zone=zone) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Оплатить аренду до пятницы 18:00 каждый месяц",
            NewTask("Оплатить аренду", None, utc(2026, 4, 3, 15, 0), MONTHLY),
        ),
        (
            "Оплатить аренду каждый месяц до пятницы",
            NewTask("Оплатить аренду", None, FRIDAY, MONTHLY),
        ),
        ("Оплатить аренду ДО Пятницы", NewTask("Оплатить аренду", None, FRIDAY, None)),
        ("Сдать отчёт к пятнице!", NewTask("Сдать отчёт", U.URGENT, FRIDAY, None)),
        ("Сдать отчёт до завтра", NewTask("Сдать отчёт", None, date(2026, 3, 30), None)),
        (
            "Позвонить маме до завтра в 9:00",
            NewTask("Позвонить маме", None, utc(2026, 3, 30, 6, 0), None),
        ),
        ("Отчёт до через 3 дня", NewTask("Отчёт", None, NOW + timedelta(days=3), None)),
        (
            "Позвонить маме каждое воскресенье в 11:00",
            NewTask("Позвонить маме", None, None, SUNDAYS_AT_11),
        ),
        ("Полить цветы по средам", NewTask("Полить цветы", None, None, "FREQ=WEEKLY;BYDAY=WE")),
        ("Зарядка ежедневно!!", NewTask("Зарядка", U.VERY_URGENT, None, "FREQ=DAILY")),
        (
            "Оплатить аренду due friday ежемесячно",
            NewTask("Оплатить аренду", None, FRIDAY, MONTHLY),
        ),
        ("Pay rent до пятницы every month", NewTask("Pay rent", None, FRIDAY, MONTHLY)),
        # A phrase counts only when what follows it reads.
        ("Купить подарок к празднику", NewTask("Купить подарок к празднику", None, None, None)),
        ("Позвонить по телефону", NewTask("Позвонить по телефону", None, None, None)),
        ("Каждый охотник желает знать", NewTask("Каждый охотник желает знать", None, None, None)),
        ("Дочитать до конца", NewTask("Дочитать до конца", None, None, None)),
        (
            "Дочитать до конца до пятницы",
            NewTask("Дочитать до конца", None, FRIDAY, None),
        ),
    ],
)
def test_russian_new_tasks(text: str, expected: NewTask) -> None:
    assert parse_new_task(text, now=NOW, zone=MSK) == expected


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "  ",
        "!!",
        "due friday",
        "every day",
        "due friday every month !!",
        "до пятницы",
        "каждый день",
        "ежедневно",
    ],
)
def test_a_new_task_needs_a_title(text: str | None) -> None:
    with pytest.raises(ValueError, match="needs a title"):
        parse_new_task(text, now=NOW, zone=MSK)
