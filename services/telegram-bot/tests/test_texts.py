"""What the bot says: tasks in a sentence and in a list, due dates, repeat rules, moments,
delays, settings, failures, in English and in Russian; and that the help, the menu and the
README say the same. English unless a test speaks another language (conftest's `in_english`)."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from aiogram.utils.i18n import I18n

from telegram_bot import keyboards, texts
from telegram_bot.chat_api import FieldRefused, TaskNotFound
from telegram_bot.handlers.errors import explain
from telegram_bot.parsing import View
from todo_shared.api_client import ApiRefused, ApiUnavailable
from todo_shared.enums import TaskStatus, Urgency
from todo_shared.i18n import languages
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
            "#7 Pay rent · ⚠️ overdue since today 14:59",
        ),
        (TaskStatus.NEW, date(2026, 11, 23), None, "#7 Pay rent · due today"),
        (TaskStatus.NEW, date(2026, 11, 24), None, "#7 Pay rent · due tomorrow"),
        (TaskStatus.NEW, date(2026, 11, 22), None, "#7 Pay rent · ⚠️ overdue since yesterday"),
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
        ("open", 0, "NOTHING_OPEN"),
        ("done", 0, "NOTHING_DONE"),
        ("due", 0, "NOTHING_DUE"),
        ("open", 10, "PAGE_GONE"),
        ("done", 20, "PAGE_GONE"),
        ("due", 10, "PAGE_GONE"),
    ],
)
def test_an_empty_page(view: View, skip: int, said: str) -> None:
    assert texts.task_list(view, [], total=skip, skip=skip, zone=MSK, now=NOW) == str(
        getattr(texts, said)
    )


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
        "✅ today 12:05 (was due Fri 27 Nov)",
        "✅ Thu 30 Oct 2025 23:00 (was due Fri 31 Oct 2025 9:00)",
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
        (None, "QUIET_NONE"),
        (
            QuietHoursSetting(start=time(23), end=time(7, 30)),
            "🌙 No reminders from 23:00 to 07:30 (your time, Europe/Moscow). "
            "Very urgent tasks wait too; /quiet urgent on lets them through.",
        ),
        (
            QuietHoursSetting(start=time(22), end=time(8), let_very_urgent_through=True),
            "🌙 No reminders from 22:00 to 08:00 (your time, Europe/Moscow). "
            "Very urgent tasks come through all the same; /quiet urgent off holds them.",
        ),
    ],
)
def test_quiet_hours_in_words(quiet: QuietHoursSetting | None, said: str) -> None:
    assert texts.quiet_hours_now(quiet, MSK) == str(getattr(texts, said, said))


@pytest.mark.parametrize(
    ("delays", "said"),
    [
        ([], "BEFORE_NONE"),
        (
            [timedelta(days=1), timedelta(hours=1)],
            "⏳ I remind you of each task 1 day, then 1 hour before it is due.",
        ),
        ([timedelta(minutes=90)], "⏳ I remind you of each task 90 minutes before it is due."),
    ],
)
def test_reminders_before_in_words(delays: list[timedelta], said: str) -> None:
    assert texts.remind_before_now(delays) == str(getattr(texts, said, said))


@pytest.mark.parametrize(
    ("moment", "zone", "shown"),
    [
        (NOW, "Europe/Moscow", "today 15:00 (Europe/Moscow)"),
        (NOW, "America/New_York", "today 7:00 (America/New_York)"),
        (NOW, "Asia/Kathmandu", "today 17:45 (Asia/Kathmandu)"),
        (NOW + timedelta(hours=10), "Europe/Moscow", "tomorrow 1:00 (Europe/Moscow)"),
        (NOW + timedelta(hours=10), "America/New_York", "today 17:00 (America/New_York)"),
    ],
)
def test_a_moment_on_the_persons_clock(moment: datetime, zone: str, shown: str) -> None:
    assert texts.local_moment(moment, zone=zone, now=NOW) == shown


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
        (FieldRefused("title", "too long"), "TITLE_REFUSED"),
        (FieldRefused("remind_at", "remind_at is in the past"), "MOMENT_REFUSED"),
        (FieldRefused("code", "unknown"), "BAD_LINK_CODE"),
        (FieldRefused("recurrence", "the rule has no occurrence left"), "RULE_ENDED"),
        (
            FieldRefused("status", "no such status"),
            "That did not work: no such status. /help shows what I understand.",
        ),
        (ApiRefused(403, "this chat is not linked to an account yet"), "NOT_LINKED"),
        (
            ApiRefused(409, "you have 100 open tasks"),
            "That did not work: you have 100 open tasks. /help shows what I understand.",
        ),
        (ApiUnavailable("task-api answered 503"), "API_DOWN"),
        (RuntimeError("a bug"), "BROKEN"),
    ],
)
def test_failures_in_words(error: Exception, said: str) -> None:
    # A text of `texts` by its name, or the words themselves.
    assert explain(error) == str(getattr(texts, said, said))


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
        lambda: texts.task_list(
            "open", [longest()] * 10, total=MAX_ID, skip=MAX_ID - 10, zone=MSK, now=NOW
        ),
        lambda: texts.task_list(
            "due", [longest()] * 10, total=MAX_ID, skip=MAX_ID - 10, zone=MSK, now=NOW
        ),
        lambda: texts.history(
            longest(),
            [completion(NOW, FAR_OVERDUE)] * 20,
            total=MAX_ID,
            zone="Pacific/Kiritimati",
            now=NOW,
        ),
        lambda: texts.marked_done(longest(TaskStatus.NEW), zone=MSK, now=NOW),
        lambda: texts.due_changed(longest(), cleared=True, zone=MSK, now=NOW),
        texts.help_text,
        lambda: texts.unknown_command("/" + LONGEST_INPUT),
        lambda: texts.unknown_zone(LONGEST_INPUT),
        lambda: texts.refused(LONGEST_INPUT),
        lambda: explain(ApiRefused(422, [{"msg": LONGEST_INPUT}] * 100)),
        lambda: texts.MARKED_DONE.format(
            task=texts.task_label(longest(TaskStatus.DONE), zone=MSK, now=NOW)
        ),
        lambda: texts.cadence_set(longest(), zone=MSK, now=NOW),
        lambda: texts.language_usage(),
    ],
)
@pytest.mark.parametrize("language", languages())
def test_every_text_fits_a_message_whatever_the_data(
    i18n: I18n, language: str, said: Callable[[], str]
) -> None:
    with i18n.use_locale(language):
        assert texts.utf16_length(said()) <= texts.MESSAGE_LIMIT


@pytest.mark.parametrize(
    "data",
    [
        keyboards.UrgencyChoice(task_id=MAX_ID, urgency=Urgency.VERY_URGENT).pack(),
        keyboards.ListPage(view="done", skip=MAX_ID).pack(),
        keyboards.ListPage(view="due", skip=MAX_ID).pack(),
        keyboards.DeleteChoice(task_id=MAX_ID, sure=False).pack(),
        ReminderButton("snooze", MAX_ID, timedelta(days=1)).pack(),
        ReminderButton("snooze", MAX_ID, MORNING).pack(),
        *(keyboards.LanguageChoice(language=language).pack() for language in languages()),
    ],
)
def test_every_button_fits_telegrams_64_bytes(data: str) -> None:
    assert len(data.encode()) <= 64


@pytest.mark.parametrize("language", languages())
def test_a_notice_fits_whatever_the_data(i18n: I18n, language: str) -> None:
    with i18n.use_locale(language):
        due = texts.when_due(FAR_OVERDUE, None, zone=MSK, now=NOW)
        notices = [
            texts.REMINDER_DONE_NEXT_ANSWER.format(due=due),
            texts.REMINDER_SNOOZED_ANSWER.format(
                moment=texts.local_moment(
                    FAR_OVERDUE, zone="America/Argentina/ComodRivadavia", now=NOW
                )
            ),
        ]

    assert all(texts.utf16_length(notice) <= texts.NOTICE_LIMIT for notice in notices)


@pytest.mark.parametrize("language", languages())
@pytest.mark.parametrize("command", texts.COMMANDS.keys())
def test_every_command_is_in_the_menu_and_the_help(i18n: I18n, language: str, command: str) -> None:
    with i18n.use_locale(language):
        description, help_text = str(texts.COMMANDS[command]), texts.help_text()
    # Telegram's limits for setMyCommands.
    assert len(command) <= 32
    assert command.islower()
    assert 1 <= len(description) <= 256
    if command != "help":  # the help does not list itself
        assert f"\n/{command} " in help_text


@pytest.mark.parametrize("command", sorted(texts.COMMANDS.keys() - {"help"}))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"\n/{command} " in README.read_text()


def test_the_readme_shows_the_help_as_it_is() -> None:
    readme = README.read_text().splitlines()

    for line in texts.help_text().splitlines()[1:]:
        assert line in readme


PLURAL_CASES = (0, 1, 2, 5, 11, 21, 22, 25, 101, 111)
# Russian has three forms: 1, 21, 101 ("one"); 2, 22 ("few"); 0, 5, 11, 25, 111 ("many").
RUSSIAN_HOURS = (
    "0 часов",
    "1 час",
    "2 часа",
    "5 часов",
    "11 часов",
    "21 час",
    "22 часа",
    "25 часов",
    "101 час",
    "111 часов",
)
RUSSIAN_DAYS = (
    "0 дней",
    "1 день",
    "2 дня",
    "5 дней",
    "11 дней",
    "21 день",
    "22 дня",
    "25 дней",
    "101 день",
    "111 дней",
)
# In the accusative, as every sentence reads a length of time: за 1 минуту, через 21 минуту.
RUSSIAN_MINUTES = (
    "0 минут",
    "1 минуту",
    "2 минуты",
    "5 минут",
    "11 минут",
    "21 минуту",
    "22 минуты",
    "25 минут",
    "101 минуту",
    "111 минут",
)
RUSSIAN_TASKS = (
    "0 задач",
    "1 задача",
    "2 задачи",
    "5 задач",
    "11 задач",
    "21 задача",
    "22 задачи",
    "25 задач",
    "101 задача",
    "111 задач",
)


@pytest.mark.parametrize(
    ("count", "hours", "days", "minutes", "tasks"),
    list(
        zip(PLURAL_CASES, RUSSIAN_HOURS, RUSSIAN_DAYS, RUSSIAN_MINUTES, RUSSIAN_TASKS, strict=True)
    ),
)
def test_counts_take_the_russian_plural_forms(
    i18n: I18n, count: int, hours: str, days: str, minutes: str, tasks: str
) -> None:
    with i18n.use_locale("ru"):
        assert texts.delay_name(timedelta(hours=count)) == (days if count == 0 else hours)
        assert texts.delay_name(timedelta(days=count)) == days
        if count:
            assert texts.delay_name(timedelta(minutes=count)) == minutes
        header = texts.page_header("open", first=1, last=min(count, 10), total=count)
        assert header.endswith(f"всего {tasks}:")
        assert texts.DUE_IN.format(span=texts.delay_name(timedelta(hours=count or 24))) == (
            f"срок через {hours if count else '1 день'}"
        )


@pytest.mark.parametrize("count", PLURAL_CASES)
def test_counts_take_the_english_plural_forms(count: int) -> None:
    unit = "" if count == 1 else "s"

    assert texts.delay_name(timedelta(hours=count)) == (
        "0 days" if count == 0 else f"{count} hour{unit}"
    )
    assert texts.delay_name(timedelta(days=count)) == f"{count} day{unit}"
    assert texts.delay_name(timedelta(seconds=count)) == (
        "0 days" if count == 0 else f"{count} second{unit}"
    )
    assert texts.page_header("done", first=1, last=1, total=count) == f"Done tasks 1-1 of {count}:"


@pytest.mark.parametrize(
    ("rule", "russian"),
    [
        ("FREQ=DAILY", "каждый день"),
        ("FREQ=WEEKLY", "каждую неделю"),
        ("FREQ=DAILY;INTERVAL=21", "каждый 21 день"),
        ("FREQ=WEEKLY;INTERVAL=2", "каждые 2 недели"),
        ("FREQ=MONTHLY;INTERVAL=5", "каждые 5 месяцев"),
        ("FREQ=YEARLY;INTERVAL=22", "каждые 22 года"),
        ("FREQ=WEEKLY;BYDAY=MO", "по понедельникам"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=10;BYMINUTE=0", "по будням в 10:00"),
        ("FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0", "по понедельникам, четвергам в 9:00"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "каждые 2 недели по пятницам"),
        (
            "FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=18;BYMINUTE=30",
            "каждый месяц 1, 15-го числа в 18:30",
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "каждый месяц в последний день"),
        ("FREQ=WEEKLY;UNTIL=20261231;BYDAY=SU", "по воскресеньям до 2026-12-31"),
        ("FREQ=MONTHLY;BYDAY=+1MO", "по правилу FREQ=MONTHLY;BYDAY=+1MO"),
    ],
)
def test_a_repeat_rule_in_russian(i18n: I18n, rule: str, russian: str) -> None:
    with i18n.use_locale("ru"):
        assert texts.repeat_name(rule) == russian


# NOW is Monday 23 November 2026, 15:00 in Moscow.
@pytest.mark.parametrize(
    ("moment", "zone", "english", "russian"),
    [
        (NOW, MSK, "today 15:00", "сегодня в 15:00"),
        (datetime(2026, 11, 24, 6, tzinfo=UTC), MSK, "tomorrow 9:00", "завтра в 9:00"),
        (datetime(2026, 11, 22, 20, 59, tzinfo=UTC), MSK, "yesterday 23:59", "вчера в 23:59"),
        (datetime(2026, 11, 22, 21, 0, tzinfo=UTC), MSK, "today 0:00", "сегодня в 0:00"),
        (datetime(2026, 12, 11, 15, tzinfo=UTC), MSK, "Fri 11 Dec 18:00", "пт 11 дек. в 18:00"),
        (datetime(2027, 5, 1, 7, tzinfo=UTC), MSK, "Sat 1 May 2027 10:00", "сб 1 мая 2027 в 10:00"),
        # The person's day, not UTC's: 23:00 UTC is tomorrow in Moscow, today in New York.
        (datetime(2026, 11, 23, 23, tzinfo=UTC), MSK, "tomorrow 2:00", "завтра в 2:00"),
        (
            datetime(2026, 11, 23, 23, tzinfo=UTC),
            "America/New_York",
            "today 18:00",
            "сегодня в 18:00",
        ),
    ],
)
def test_a_moment_in_each_language(
    i18n: I18n, moment: datetime, zone: str, english: str, russian: str
) -> None:
    assert texts.moment_name(moment, zone=zone, now=NOW) == english
    with i18n.use_locale("ru"):
        assert texts.moment_name(moment, zone=zone, now=NOW) == russian


@pytest.mark.parametrize(
    ("due", "english", "russian"),
    [
        (NOW + timedelta(hours=2), "due in 2 hours", "срок через 2 часа"),
        (NOW + timedelta(hours=21), "due in 21 hours", "срок через 21 час"),
        (NOW + timedelta(minutes=1), "due in 1 minute", "срок через 1 минуту"),
        (date(2026, 11, 23), "due today", "срок сегодня"),
        (date(2026, 11, 24), "due tomorrow", "срок завтра"),
        (date(2026, 11, 28), "due in 5 days", "срок через 5 дней"),
        (date(2026, 11, 21), "⚠️ overdue by 2 days", "⚠️ просрочена на 2 дня"),
        (NOW - timedelta(minutes=21), "⚠️ overdue by 21 minutes", "⚠️ просрочена на 21 минуту"),
    ],
)
def test_how_soon_a_task_is_due_in_each_language(
    i18n: I18n, due: datetime | date, english: str, russian: str
) -> None:
    shown = task(7, "Pay rent", TaskStatus.NEW, Urgency.NOT_URGENT, due=due)

    assert texts.due_in_words(shown, zone=MSK, now=NOW) == english
    with i18n.use_locale("ru"):
        assert texts.due_in_words(shown, zone=MSK, now=NOW) == russian


def test_a_task_in_russian(i18n: I18n) -> None:
    weekly = task(
        7,
        "Оплатить аренду",
        TaskStatus.NEW,
        Urgency.URGENT,
        due=datetime(2026, 12, 11, 15, tzinfo=UTC),
        recurrence="FREQ=WEEKLY;BYDAY=FR",
    )
    late = task(8, "Позвонить маме", TaskStatus.IN_PROGRESS, Urgency.NOT_URGENT, due=FRIDAY)

    with i18n.use_locale("ru"):
        assert texts.task_label(weekly, zone=MSK, now=NOW) == (
            "#7 Оплатить аренду · срок: пт 11 дек. в 18:00 · 🔁 по пятницам"
        )
        assert texts.task_line(late, zone=MSK, now=datetime(2026, 11, 30, tzinfo=UTC)) == (
            "▶️ #8 Позвонить маме · ⚠️ просрочена, срок был пт 27 нояб."
        )
        assert texts.marked_done(weekly, zone=MSK, now=NOW) == (
            "✅ Выполнено: #7 Оплатить аренду. Отлично! Следующий срок — пт 11 дек. в 18:00."
        )
        assert texts.remind_before_now([timedelta(days=1), timedelta(hours=1)]) == (
            "⏳ Напоминаю о каждой задаче за 1 день, затем за 1 час до срока."
        )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "I speak English with you. Choose one: English (en), Русский (ru)."),
        ("ru", "Язык общения: Русский. Можно выбрать: English (en), Русский (ru)."),
    ],
)
def test_the_language_in_its_own_words(i18n: I18n, language: str, said: str) -> None:
    with i18n.use_locale(language):
        assert texts.language_now(language) == said
