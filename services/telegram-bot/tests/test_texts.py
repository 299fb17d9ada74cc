"""What the bot says: tasks in a sentence and in a list, moments, delays, failures."""

from datetime import UTC, datetime, timedelta

import pytest

from telegram_bot import keyboards, texts
from telegram_bot.chat_api import FieldRefused, TaskNotFound
from telegram_bot.handlers.errors import explain
from todo_shared.api_client import ApiRefused, ApiUnavailable
from todo_shared.enums import TaskStatus, Urgency
from todo_shared.reminder_buttons import MORNING, ReminderButton
from todo_shared.schemas import MAX_ID, TaskPublic

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def task(task_id: int, title: str, status: TaskStatus, urgency: Urgency) -> TaskPublic:
    """A task as task-api answers it, with only what the texts read set to something."""
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
    assert texts.task_line(task(7, "Pay rent", status, urgency)) == line


def test_a_page_of_a_list() -> None:
    items = [task(n, f"Task {n}", TaskStatus.NEW, Urgency.NOT_URGENT) for n in (11, 12)]

    page = texts.task_list("open", items, total=12, skip=10)

    assert page == "Open tasks 11-12 of 12:\n◻️ #11 Task 11\n◻️ #12 Task 12"


@pytest.mark.parametrize(
    ("view", "skip", "said"),
    [
        ("open", 0, texts.NOTHING_OPEN),
        ("done", 0, texts.NOTHING_DONE),
        ("open", 10, texts.PAGE_GONE),
        ("done", 20, texts.PAGE_GONE),
    ],
)
def test_an_empty_page(view: str, skip: int, said: str) -> None:
    assert texts.task_list(view, [], total=skip, skip=skip) == said


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


@pytest.mark.parametrize(
    "said",
    [
        texts.task_list(
            "open",
            [task(MAX_ID, LONGEST_TITLE, TaskStatus.IN_PROGRESS, Urgency.VERY_URGENT)] * 10,
            total=MAX_ID,
            skip=MAX_ID - 10,
        ),
        texts.unknown_command("/" + LONGEST_INPUT),
        texts.unknown_zone(LONGEST_INPUT),
        texts.refused(LONGEST_INPUT),
        explain(ApiRefused(422, [{"msg": LONGEST_INPUT}] * 100)),
        texts.MARKED_DONE.format(
            task=texts.task_name(task(MAX_ID, LONGEST_TITLE, TaskStatus.DONE, Urgency.URGENT))
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
        keyboards.DeleteChoice(task_id=MAX_ID, sure=False).pack(),
        ReminderButton("snooze", MAX_ID, timedelta(days=1)).pack(),
        ReminderButton("snooze", MAX_ID, MORNING).pack(),
    ],
)
def test_every_button_fits_telegrams_64_bytes(data: str) -> None:
    assert len(data.encode()) <= 64
