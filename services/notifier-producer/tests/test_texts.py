"""What a reminder says, case by case, in each language."""

# Russian, whose Cyrillic letters ruff takes for look-alikes of Latin ones.

from datetime import UTC, datetime, timedelta

import pytest

from notifier_producer.texts import reminder_text
from todo_shared.enums import Urgency
from todo_shared.schemas import DueReminder

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
DAY, HOUR, MINUTE = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)


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


KINDS = [
    (
        "days",
        {},
        "⏰ Pay rent\nUrgent · open for 3 days · task #7",
        "⏰ Pay rent\nСрочно · открыта 3 дня · задача #7",
    ),
    (
        "one hour",
        {"urgency": Urgency.VERY_URGENT, "created_at": NOW - timedelta(hours=1, minutes=5)},
        "⏰ Pay rent\nVery urgent · open for 1 hour · task #7",
        "⏰ Pay rent\nОчень срочно · открыта 1 час · задача #7",
    ),
    (
        "minutes",
        {"urgency": Urgency.NOT_URGENT, "created_at": NOW - 2 * MINUTE},
        "⏰ Pay rent\nNot urgent · open for 2 minutes · task #7",
        "⏰ Pay rent\nНе срочно · открыта 2 минуты · задача #7",
    ),
    (
        "seconds",
        {"created_at": NOW - timedelta(seconds=30)},
        "⏰ Pay rent\nUrgent · open for less than a minute · task #7",
        "⏰ Pay rent\nСрочно · открыта меньше минуты · задача #7",
    ),
    (
        "clock skew",
        {"created_at": NOW + timedelta(seconds=3)},
        "⏰ Pay rent\nUrgent · open for less than a minute · task #7",
        "⏰ Pay rent\nСрочно · открыта меньше минуты · задача #7",
    ),
    (
        "one-off",
        {"remind_at": NOW},
        "🔔 Pay rent\nThe reminder you asked for · task #7",
        "🔔 Pay rent\nНапоминание, о котором вы просили · задача #7",
    ),
    (
        "an hour before it is due, sent a moment late",
        {"task_due_at": NOW + timedelta(minutes=59, seconds=59)},
        "⏰ Pay rent\nUrgent · due in 1 hour · task #7",
        "⏰ Pay rent\nСрочно · через 1 час · задача #7",
    ),
    (
        "a day before",
        {"task_due_at": NOW + timedelta(days=1, seconds=-2)},
        "⏰ Pay rent\nUrgent · due in 1 day · task #7",
        "⏰ Pay rent\nСрочно · через 1 день · задача #7",
    ),
    (
        "due within the minute",
        {"task_due_at": NOW + timedelta(seconds=20)},
        "⏰ Pay rent\nUrgent · due in less than a minute · task #7",
        "⏰ Pay rent\nСрочно · меньше чем через минуту · задача #7",
    ),
    (
        "overdue",
        {"task_due_at": NOW - timedelta(days=2, hours=5)},
        "⏰ Pay rent\nUrgent · overdue by 2 days · task #7",
        "⏰ Pay rent\nСрочно · просрочена на 2 дня · задача #7",
    ),
    (
        "due this moment",
        {"task_due_at": NOW},
        "⏰ Pay rent\nUrgent · overdue by less than a minute · task #7",
        "⏰ Pay rent\nСрочно · просрочена меньше чем на минуту · задача #7",
    ),
    (
        "one-off before it is due",
        {"remind_at": NOW, "task_due_at": NOW + 3 * HOUR},
        "🔔 Pay rent\nThe reminder you asked for · due in 3 hours · task #7",
        "🔔 Pay rent\nНапоминание, о котором вы просили · через 3 часа · задача #7",
    ),
]


@pytest.mark.parametrize(
    ("fields", "language", "text"),
    [(fields, "en", en) for _, fields, en, _ in KINDS]
    + [(fields, "ru", ru) for _, fields, _, ru in KINDS],
    ids=[f"en: {kind}" for kind, *_ in KINDS] + [f"ru: {kind}" for kind, *_ in KINDS],
)
def test_reminder_text(fields: dict[str, object], language: str, text: str) -> None:
    assert reminder_text(due(language=language, **fields), now=NOW) == text


# (language, how long, open for it, overdue by it, due in it): each plural form of each unit.
SPANS = [
    ("en", 1 * DAY, "open for 1 day", "overdue by 1 day", "due in 1 day"),
    ("en", 2 * DAY, "open for 2 days", "overdue by 2 days", "due in 2 days"),
    ("en", 5 * DAY, "open for 5 days", "overdue by 5 days", "due in 5 days"),
    ("en", 11 * DAY, "open for 11 days", "overdue by 11 days", "due in 11 days"),
    ("en", 21 * DAY, "open for 21 days", "overdue by 21 days", "due in 21 days"),
    ("en", 22 * DAY, "open for 22 days", "overdue by 22 days", "due in 22 days"),
    ("en", 25 * DAY, "open for 25 days", "overdue by 25 days", "due in 25 days"),
    ("en", 101 * DAY, "open for 101 days", "overdue by 101 days", "due in 101 days"),
    ("en", 111 * DAY, "open for 111 days", "overdue by 111 days", "due in 111 days"),
    ("en", 1 * HOUR, "open for 1 hour", "overdue by 1 hour", "due in 1 hour"),
    ("en", 2 * HOUR, "open for 2 hours", "overdue by 2 hours", "due in 2 hours"),
    ("en", 21 * HOUR, "open for 21 hours", "overdue by 21 hours", "due in 21 hours"),
    ("en", 1 * MINUTE, "open for 1 minute", "overdue by 1 minute", "due in 1 minute"),
    ("en", 2 * MINUTE, "open for 2 minutes", "overdue by 2 minutes", "due in 2 minutes"),
    ("en", 21 * MINUTE, "open for 21 minutes", "overdue by 21 minutes", "due in 21 minutes"),
    ("ru", 1 * DAY, "открыта 1 день", "просрочена на 1 день", "через 1 день"),
    ("ru", 2 * DAY, "открыта 2 дня", "просрочена на 2 дня", "через 2 дня"),
    ("ru", 5 * DAY, "открыта 5 дней", "просрочена на 5 дней", "через 5 дней"),
    ("ru", 11 * DAY, "открыта 11 дней", "просрочена на 11 дней", "через 11 дней"),
    ("ru", 21 * DAY, "открыта 21 день", "просрочена на 21 день", "через 21 день"),
    ("ru", 22 * DAY, "открыта 22 дня", "просрочена на 22 дня", "через 22 дня"),
    ("ru", 25 * DAY, "открыта 25 дней", "просрочена на 25 дней", "через 25 дней"),
    ("ru", 101 * DAY, "открыта 101 день", "просрочена на 101 день", "через 101 день"),
    ("ru", 111 * DAY, "открыта 111 дней", "просрочена на 111 дней", "через 111 дней"),
    ("ru", 1 * HOUR, "открыта 1 час", "просрочена на 1 час", "через 1 час"),
    ("ru", 2 * HOUR, "открыта 2 часа", "просрочена на 2 часа", "через 2 часа"),
    ("ru", 5 * HOUR, "открыта 5 часов", "просрочена на 5 часов", "через 5 часов"),
    ("ru", 11 * HOUR, "открыта 11 часов", "просрочена на 11 часов", "через 11 часов"),
    ("ru", 21 * HOUR, "открыта 21 час", "просрочена на 21 час", "через 21 час"),
    ("ru", 22 * HOUR, "открыта 22 часа", "просрочена на 22 часа", "через 22 часа"),
    ("ru", 1 * MINUTE, "открыта 1 минуту", "просрочена на 1 минуту", "через 1 минуту"),
    ("ru", 2 * MINUTE, "открыта 2 минуты", "просрочена на 2 минуты", "через 2 минуты"),
    ("ru", 5 * MINUTE, "открыта 5 минут", "просрочена на 5 минут", "через 5 минут"),
    ("ru", 11 * MINUTE, "открыта 11 минут", "просрочена на 11 минут", "через 11 минут"),
    ("ru", 21 * MINUTE, "открыта 21 минуту", "просрочена на 21 минуту", "через 21 минуту"),
    ("ru", 22 * MINUTE, "открыта 22 минуты", "просрочена на 22 минуты", "через 22 минуты"),
    ("ru", 25 * MINUTE, "открыта 25 минут", "просрочена на 25 минут", "через 25 минут"),
]


@pytest.mark.parametrize(
    ("language", "span", "open_for", "overdue_by", "due_in"),
    SPANS,
    ids=[f"{language}: {span}" for language, span, *_ in SPANS],
)
def test_each_span_reads_in_its_plural_form(
    language: str, span: timedelta, open_for: str, overdue_by: str, due_in: str
) -> None:
    def why(**fields: object) -> str:
        """The reminder's reason that tells the span, between the urgency and the task."""
        return reminder_text(due(language=language, **fields), now=NOW).split(" · ")[1]

    assert why(created_at=NOW - span) == open_for
    assert why(task_due_at=NOW - span) == overdue_by
    assert why(task_due_at=NOW + span) == due_in
