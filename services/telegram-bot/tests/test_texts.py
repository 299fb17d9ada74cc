"""What the bot says: tasks in a sentence and in a list, due dates, repeat rules, moments,
delays, settings, failures; and that the help, the menu and the README say the same."""

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from telegram_bot import keyboards, texts
from telegram_bot.chat_api import FieldRefused, TaskNotFound
from telegram_bot.handlers.errors import explain
from telegram_bot.parsing import View
from todo_shared.api_client import ApiRefused, ApiUnavailable
from todo_shared.enums import TaskStatus, Urgency
from todo_shared.reminder_buttons import MORNING, ReminderButton
from todo_shared.schemas import MAX_ID, QuietHoursSetting, TaskCompletionPublic, TaskPublic
from todo_shared.timezones import end_of_day

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
"""Monday November 23, 2026: 15:00 in Moscow."""
MSK = "Europe/Moscow"
README = Path(__file__).parents[3] / "README.md"


def task(
    task_id: int,
    title: str,
    status: TaskStatus,
    urgency: Urgency,
    *,
    due: datetime | date | None = None,
    recurrence: str | None = None,
) -> TaskPublic:
    """A task as task-api answers it, with only what the texts read set to something; a due
    day is due by its end in Moscow."""
    due_at = end_of_day(due, MSK) if type(due) is date else due
    return TaskPublic.model_validate(
        {
            "id": task_id,
            "title": title,
            "description": None,
            "status": status,
            "completed": status == TaskStatus.DONE,
            "urgency": urgency,
            "user_id": 1,
            "user": {"id": 1, "username": "ann"},
            "assignee_id": None,
            "created_at": NOW,
            "updated_at": NOW,
            "started_at": None,
            "completed_at": None,
            "time_spent_seconds": 0,
            "remind_at": None,
            "snoozed_until": None,
            "last_notification": None,
            "next_notification_at": None,
            "due_at": due_at,
            "due_date": due if type(due) is date else None,
            "recurrence": recurrence,
        }
    )


@pytest.mark.parametrize(
    ("status", "urgency", "line"),
    [
        (TaskStatus.NEW, Urgency.NOT_URGENT, "◻️ #7 Pay rent"),
        (TaskStatus.IN_PROGRESS, Urgency.URGENT, "▶️ #7 Pay rent ❗"),
        (TaskStatus.DONE, Urgency.VERY_URGENT, "✅ #7 Pay rent ‼️"),
    ],
)
def test_a_task_as_a_line_of_a_list(status: TaskStatus, urgency: Urgency, line: str) -> None:
    assert texts.task_line(task(7, "Pay rent", status, urgency), zone=MSK, now=NOW) == line


FRIDAY = date(2026, 11, 27)
MONTHLY = "FREQ=MONTHLY"


@pytest.mark.parametrize(
    ("status", "due", "recurrence", "label"),
    [
        (TaskStatus.NEW, None, None, "#7 Pay rent"),
        (TaskStatus.NEW, FRIDAY, None, "#7 Pay rent · due Fri 27 Nov"),
        (
            TaskStatus.NEW,
            datetime(2026, 11, 27, 15, tzinfo=UTC),
            None,
            "#7 Pay rent · due Fri 27 Nov 18:00",
        ),
        (
            TaskStatus.NEW,
            date(2027, 1, 8),
            MONTHLY,
            "#7 Pay rent · due Fri 8 Jan 2027 · 🔁 every month",
        ),
        (TaskStatus.NEW, None, MONTHLY, "#7 Pay rent · 🔁 every month"),
        (TaskStatus.NEW, date(2026, 11, 20), None, "#7 Pay rent · ⚠️ overdue since Fri 20 Nov"),
        (
            TaskStatus.IN_PROGRESS,
            NOW - timedelta(minutes=1),
            None,
            "#7 Pay rent · ⚠️ overdue since Mon 23 Nov 14:59",
        ),
        (TaskStatus.NEW, date(2026, 11, 23), None, "#7 Pay rent · due Mon 23 Nov"),
        (
            TaskStatus.DONE,
            date(2026, 11, 20),
            MONTHLY,
            "#7 Pay rent · due Fri 20 Nov · 🔁 every month",
        ),
    ],
)
def test_a_task_in_a_sentence_with_its_due_date_and_repeat(
    status: TaskStatus, due: datetime | date | None, recurrence: str | None, label: str
) -> None:
    shown = task(7, "Pay rent", status, Urgency.NOT_URGENT, due=due, recurrence=recurrence)

    assert texts.task_label(shown, zone=MSK, now=NOW) == label


def test_a_due_moment_is_on_the_persons_clock() -> None:
    shown = task(
        7, "Pay rent", TaskStatus.NEW, Urgency.URGENT, due=datetime(2026, 11, 27, 15, tzinfo=UTC)
    )

    assert (
        texts.task_line(shown, zone="America/New_York", now=NOW)
        == "◻️ #7 Pay rent ❗ · due Fri 27 Nov 10:00"
    )


@pytest.mark.parametrize(
    ("due", "said"),
    [
        (NOW + timedelta(minutes=20, seconds=30), "due in 20 minutes"),
        (NOW + timedelta(seconds=10), "due in 1 minute"),
        (NOW + timedelta(hours=3, minutes=59), "due in 3 hours"),
        (NOW + timedelta(hours=23), "due in 23 hours"),
        (NOW + timedelta(days=1, hours=2), "due tomorrow"),
        (NOW + timedelta(days=3), "due in 3 days"),
        (NOW - timedelta(minutes=5), "⚠️ overdue by 5 minutes"),
        (NOW - timedelta(hours=2, minutes=30), "⚠️ overdue by 2 hours"),
        (NOW - timedelta(days=2, hours=1), "⚠️ overdue by 2 days"),
        (date(2026, 11, 23), "due today"),
        (date(2026, 11, 24), "due tomorrow"),
        (date(2026, 12, 23), "due in 30 days"),
        (date(2026, 11, 22), "⚠️ overdue by 1 day"),
        (date(2026, 11, 21), "⚠️ overdue by 2 days"),
    ],
)
def test_how_soon_a_task_is_due(due: datetime | date, said: str) -> None:
    shown = task(7, "Pay rent", TaskStatus.NEW, Urgency.NOT_URGENT, due=due)

    assert texts.due_in_words(shown, zone=MSK, now=NOW) == said
    assert texts.due_line(shown, zone=MSK, now=NOW) == f"◻️ #7 Pay rent · {said}"


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        ("FREQ=DAILY", "every day"),
        ("FREQ=MONTHLY", "every month"),
        ("FREQ=WEEKLY;INTERVAL=2", "every 2 weeks"),
        ("FREQ=WEEKLY;BYDAY=MO", "every Monday"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=10;BYMINUTE=0", "every weekday at 10:00"),
        ("FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0", "every Monday, Thursday at 9:00"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "every 2 weeks on Friday"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "every month on day 1"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=18;BYMINUTE=30", "every month on day 1, 15 at 18:30"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "every month on the last day"),
        ("FREQ=YEARLY;INTERVAL=3", "every 3 years"),
        ("FREQ=WEEKLY;UNTIL=20261231;BYDAY=MO", "every Monday until 2026-12-31"),
        ("FREQ=DAILY;UNTIL=20261231T090000Z", "every day until 2026-12-31"),
        # What words would not say exactly stays a rule.
        (
            "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25",
            "by the rule FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25",
        ),
        ("FREQ=MONTHLY;BYDAY=+1MO", "by the rule FREQ=MONTHLY;BYDAY=+1MO"),
        ("FREQ=MONTHLY;BYMONTHDAY=-2", "by the rule FREQ=MONTHLY;BYMONTHDAY=-2"),
        ("FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0", "by the rule FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0"),
    ],
)
def test_a_repeat_rule_in_words(rule: str, said: str) -> None:
    assert texts.repeat_name(rule) == said


def test_a_page_of_a_list() -> None:
    items = [task(n, f"Task {n}", TaskStatus.NEW, Urgency.NOT_URGENT) for n in (11, 12)]

    page = texts.task_list("open", items, total=12, skip=10, zone=MSK, now=NOW)

    assert page == "Open tasks 11-12 of 12:\n◻️ #11 Task 11\n◻️ #12 Task 12"


def test_a_page_of_what_is_due() -> None:
    items = [
        task(3, "Pay rent", TaskStatus.NEW, Urgency.URGENT, due=date(2026, 11, 20)),
        task(
            1,
            "Call mom",
            TaskStatus.IN_PROGRESS,
            Urgency.NOT_URGENT,
            due=NOW + timedelta(hours=3),
            recurrence="FREQ=WEEKLY",
        ),
    ]

    page = texts.task_list("due", items, total=2, skip=0, zone=MSK, now=NOW)

    assert page.splitlines() == [
        "Due soonest first, 1-2 of 2:",
        "◻️ #3 Pay rent ❗ · ⚠️ overdue by 3 days",
        "▶️ #1 Call mom · due in 3 hours · 🔁 every week",
    ]


@pytest.mark.parametrize(
    ("view", "skip", "said"),
    [
        ("open", 0, texts.NOTHING_OPEN),
        ("done", 0, texts.NOTHING_DONE),
        ("due", 0, texts.NOTHING_DUE),
        ("open", 10, texts.PAGE_GONE),
        ("done", 20, texts.PAGE_GONE),
        ("due", 10, texts.PAGE_GONE),
    ],
)
def test_an_empty_page(view: View, skip: int, said: str) -> None:
    assert texts.task_list(view, [], total=skip, skip=skip, zone=MSK, now=NOW) == said


@pytest.mark.parametrize(
    ("status", "due", "recurrence", "said"),
    [
        (TaskStatus.DONE, None, None, "✅ Done: #7 Pay rent. Well done!"),
        (
            TaskStatus.DONE,
            FRIDAY,
            MONTHLY,
            "✅ Done: #7 Pay rent · due Fri 27 Nov · 🔁 every month. Well done!",
        ),
        (
            TaskStatus.NEW,
            date(2026, 12, 27),
            MONTHLY,
            "✅ Done: #7 Pay rent. Well done! It is next due Sun 27 Dec.",
        ),
    ],
)
def test_done_says_when_a_repeating_task_is_next_due(
    status: TaskStatus, due: date | None, recurrence: str | None, said: str
) -> None:
    shown = task(7, "Pay rent", status, Urgency.NOT_URGENT, due=due, recurrence=recurrence)

    assert texts.marked_done(shown, zone=MSK, now=NOW) == said


def completion(done: datetime, due: datetime | date | None) -> TaskCompletionPublic:
    """One time a task was done, as task-api lists it."""
    return TaskCompletionPublic(
        completed_at=done,
        completed_by=1,
        due_at=end_of_day(due, MSK) if type(due) is date else due,
        due_date=due if type(due) is date else None,
        time_spent_seconds=0,
    )


def test_the_times_a_task_was_done() -> None:
    shown = task(
        7,
        "Pay rent",
        TaskStatus.NEW,
        Urgency.NOT_URGENT,
        due=date(2026, 12, 27),
        recurrence=MONTHLY,
    )
    done = [
        completion(datetime(2026, 11, 23, 9, 5, tzinfo=UTC), date(2026, 11, 27)),
        completion(
            datetime(2025, 10, 30, 20, 0, tzinfo=UTC), datetime(2025, 10, 31, 6, 0, tzinfo=UTC)
        ),
        completion(datetime(2025, 9, 1, 8, 0, tzinfo=UTC), None),
    ]

    said = texts.history(shown, done, total=12, zone=MSK, now=NOW)

    assert said.splitlines() == [
        "When #7 Pay rent · due Sun 27 Dec · 🔁 every month was done, latest first (3 of 12):",
        "✅ Mon 23 Nov 12:05 (was due Fri 27 Nov)",
        "✅ Thu 30 Oct 2025 23:00 (was due Fri 31 Oct 2025 09:00)",
        "✅ Mon 1 Sep 2025 11:00",
    ]
    never = texts.history(shown, [], total=0, zone=MSK, now=NOW)
    assert never == (
        "#7 Pay rent · due Sun 27 Dec · 🔁 every month has not been done yet. "
        "/done 7 marks it done."
    )


@pytest.mark.parametrize(
    ("quiet", "said"),
    [
        (None, texts.QUIET_NONE),
        (
            QuietHoursSetting(start=time(23), end=time(7, 30)),
            "🌙 No reminders from 23:00 to 07:30 (your time, Europe/Moscow). "
            + texts.QUIET_URGENT_HELD,
        ),
        (
            QuietHoursSetting(start=time(22), end=time(8), let_very_urgent_through=True),
            "🌙 No reminders from 22:00 to 08:00 (your time, Europe/Moscow). "
            + texts.QUIET_URGENT_THROUGH,
        ),
    ],
)
def test_quiet_hours_in_words(quiet: QuietHoursSetting | None, said: str) -> None:
    assert texts.quiet_hours_now(quiet, MSK) == said


@pytest.mark.parametrize(
    ("delays", "said"),
    [
        ([], texts.BEFORE_NONE),
        (
            [timedelta(days=1), timedelta(hours=1)],
            "⏳ I remind you of each task 1 day, then 1 hour before it is due.",
        ),
        ([timedelta(minutes=90)], "⏳ I remind you of each task 90 minutes before it is due."),
    ],
)
def test_reminders_before_in_words(delays: list[timedelta], said: str) -> None:
    assert texts.remind_before_now(delays) == said


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Europe/Moscow", "2026-11-23 15:00 (Europe/Moscow)"),
        ("America/New_York", "2026-11-23 07:00 (America/New_York)"),
        ("Asia/Kathmandu", "2026-11-23 17:45 (Asia/Kathmandu)"),
    ],
)
def test_a_moment_on_the_persons_clock(zone: str, shown: str) -> None:
    assert texts.local_moment(NOW, zone) == shown


@pytest.mark.parametrize(
    ("delay", "name"),
    [
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=3), "3 hours"),
        (timedelta(days=1), "1 day"),
        (timedelta(days=2), "2 days"),
        (timedelta(minutes=90), "90 minutes"),
        (timedelta(seconds=45), "45 seconds"),
    ],
)
def test_a_snooze_in_words(delay: timedelta, name: str) -> None:
    assert texts.delay_name(delay) == name


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (
            TaskNotFound(12),
            "There is no task #12 in your list. /list shows your tasks and their ids.",
        ),
        (FieldRefused("title", "too long"), texts.TITLE_REFUSED),
        (FieldRefused("remind_at", "remind_at is in the past"), texts.MOMENT_REFUSED),
        (FieldRefused("code", "unknown"), texts.BAD_LINK_CODE),
        (FieldRefused("recurrence", "the rule has no occurrence left"), texts.RULE_ENDED),
        (FieldRefused("status", "no such status"), texts.REFUSED.format(reason="no such status")),
        (ApiRefused(403, "this chat is not linked to an account yet"), texts.NOT_LINKED),
        (
            ApiRefused(409, "you have 100 open tasks"),
            texts.REFUSED.format(reason="you have 100 open tasks"),
        ),
        (ApiUnavailable("task-api answered 503"), texts.API_DOWN),
        (RuntimeError("a bug"), texts.BROKEN),
    ],
)
def test_failures_in_words(error: Exception, said: str) -> None:
    assert explain(error) == said


@pytest.mark.parametrize(
    ("text", "limit", "clipped"),
    [
        ("Pay rent", 8, "Pay rent"),
        ("Pay rent", 5, "Pay …"),
        ("🔥🔥🔥", 6, "🔥🔥🔥"),
        ("🔥🔥🔥", 5, "🔥🔥…"),
        ("🔥🔥🔥", 4, "🔥…"),
        ("", 1, ""),
    ],
)
def test_clipping_counts_as_telegram_does(text: str, limit: int, clipped: str) -> None:
    assert texts.clipped(text, limit) == clipped
    assert texts.utf16_length(texts.clipped(text, limit)) <= limit


LONGEST_TITLE = "🔥" * 500
LONGEST_INPUT = "🔥" * 4096
# A rule that words cannot say, as long as task-api could keep one.
LONGEST_RULE = (
    "FREQ=YEARLY;BYMONTH="
    + ",".join(map(str, range(1, 13)))
    + ";BYMONTHDAY="
    + ",".join(map(str, range(1, 32)))
)
FAR_OVERDUE = datetime(2000, 12, 27, 15, 0, tzinfo=UTC)


def longest(
    status: TaskStatus = TaskStatus.IN_PROGRESS, due: datetime | date = FAR_OVERDUE
) -> TaskPublic:
    """A task with as much to say as there can be: a long title, id and rule, overdue."""
    return task(
        MAX_ID, LONGEST_TITLE, status, Urgency.VERY_URGENT, due=due, recurrence=LONGEST_RULE
    )


@pytest.mark.parametrize(
    "said",
    [
        texts.task_list(
            "open", [longest()] * 10, total=MAX_ID, skip=MAX_ID - 10, zone=MSK, now=NOW
        ),
        texts.task_list("due", [longest()] * 10, total=MAX_ID, skip=MAX_ID - 10, zone=MSK, now=NOW),
        texts.history(
            longest(),
            [completion(NOW, FAR_OVERDUE)] * 20,
            total=MAX_ID,
            zone="Pacific/Kiritimati",
            now=NOW,
        ),
        texts.marked_done(longest(TaskStatus.NEW), zone=MSK, now=NOW),
        texts.due_changed(longest(), cleared=True, zone=MSK, now=NOW),
        texts.HELP,
        texts.unknown_command("/" + LONGEST_INPUT),
        texts.unknown_zone(LONGEST_INPUT),
        texts.refused(LONGEST_INPUT),
        explain(ApiRefused(422, [{"msg": LONGEST_INPUT}] * 100)),
        texts.MARKED_DONE.format(
            task=texts.task_label(longest(TaskStatus.DONE), zone=MSK, now=NOW)
        ),
    ],
)
def test_every_text_fits_a_message_whatever_the_data(said: str) -> None:
    assert texts.utf16_length(said) <= texts.MESSAGE_LIMIT


@pytest.mark.parametrize(
    "data",
    [
        keyboards.UrgencyChoice(task_id=MAX_ID, urgency=Urgency.VERY_URGENT).pack(),
        keyboards.ListPage(view="done", skip=MAX_ID).pack(),
        keyboards.ListPage(view="due", skip=MAX_ID).pack(),
        keyboards.DeleteChoice(task_id=MAX_ID, sure=False).pack(),
        ReminderButton("snooze", MAX_ID, timedelta(days=1)).pack(),
        ReminderButton("snooze", MAX_ID, MORNING).pack(),
    ],
)
def test_every_button_fits_telegrams_64_bytes(data: str) -> None:
    assert len(data.encode()) <= 64


def test_a_notice_fits_whatever_the_data() -> None:
    due = texts.when_due(FAR_OVERDUE, None, zone=MSK, now=NOW)

    assert texts.utf16_length(texts.REMINDER_DONE_NEXT_ANSWER.format(due=due)) <= texts.NOTICE_LIMIT


@pytest.mark.parametrize(("command", "description"), texts.COMMANDS.items())
def test_every_command_is_in_the_menu_the_help_and_the_readme(
    command: str, description: str
) -> None:
    # Telegram's limits for setMyCommands.
    assert len(command) <= 32
    assert command.islower()
    assert 1 <= len(description) <= 256
    if command != "help":  # the help does not list itself
        assert f"\n/{command} " in texts.HELP
        assert f"\n/{command} " in README.read_text()


def test_the_readme_shows_the_help_as_it_is() -> None:
    readme = README.read_text().splitlines()

    for line in texts.HELP.splitlines()[1:]:
        assert line in readme
