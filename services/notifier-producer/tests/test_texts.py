"""What a reminder says, case by case."""

from datetime import UTC, datetime, timedelta

import pytest

from notifier_producer.texts import reminder_text
from todo_shared.enums import Urgency
from todo_shared.schemas import DueReminder

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def due(**fields: object) -> DueReminder:
    defaults = {
        "task_id": 7,
        "user_id": 1,
        "telegram_chat_id": 42,
        "title": "Pay rent",
        "urgency": Urgency.URGENT,
        "created_at": NOW - timedelta(days=3),
        "remind_at": None,
        "due_at": NOW,
    }
    return DueReminder.model_validate(defaults | fields)


@pytest.mark.parametrize(
    ("reminder", "text"),
    [
        (due(), "⏰ Pay rent\nUrgent · open for 3 days · task #7"),
        (
            due(urgency=Urgency.VERY_URGENT, created_at=NOW - timedelta(hours=1, minutes=5)),
            "⏰ Pay rent\nVery urgent · open for 1 hour · task #7",
        ),
        (
            due(urgency=Urgency.NOT_URGENT, created_at=NOW - timedelta(minutes=2)),
            "⏰ Pay rent\nNot urgent · open for 2 minutes · task #7",
        ),
        (
            due(created_at=NOW - timedelta(seconds=30)),
            "⏰ Pay rent\nUrgent · open for less than a minute · task #7",
        ),
        (
            due(created_at=NOW + timedelta(seconds=3)),
            "⏰ Pay rent\nUrgent · open for less than a minute · task #7",
        ),
        (due(remind_at=NOW), "🔔 Pay rent\nThe reminder you asked for · task #7"),
        (
            due(task_due_at=NOW + timedelta(minutes=59, seconds=59)),
            "⏰ Pay rent\nUrgent · due in 1 hour · task #7",
        ),
        (
            due(task_due_at=NOW + timedelta(days=1, seconds=-2)),
            "⏰ Pay rent\nUrgent · due in 1 day · task #7",
        ),
        (
            due(task_due_at=NOW - timedelta(days=2, hours=5)),
            "⏰ Pay rent\nUrgent · overdue by 2 days · task #7",
        ),
        (due(task_due_at=NOW), "⏰ Pay rent\nUrgent · overdue by less than a minute · task #7"),
        (
            due(remind_at=NOW, task_due_at=NOW + timedelta(hours=3)),
            "🔔 Pay rent\nThe reminder you asked for · due in 3 hours · task #7",
        ),
    ],
    ids=[
        "days",
        "one hour",
        "minutes",
        "seconds",
        "clock skew",
        "one-off",
        "an hour before it is due, sent a moment late",
        "a day before",
        "overdue",
        "due this moment",
        "one-off before it is due",
    ],
)
def test_reminder_text(reminder: DueReminder, text: str) -> None:
    assert reminder_text(reminder, now=NOW) == text
