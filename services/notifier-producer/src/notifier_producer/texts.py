"""What a reminder says."""

from datetime import datetime, timedelta

from todo_shared.enums import Urgency
from todo_shared.schemas import DueReminder

URGENCY_LABELS = {
    Urgency.NOT_URGENT: "Not urgent",
    Urgency.URGENT: "Urgent",
    Urgency.VERY_URGENT: "Very urgent",
}


def reminder_text(reminder: DueReminder, *, now: datetime) -> str:
    """The message of a reminder: the title, and why it comes now."""
    if reminder.remind_at is not None:
        second_line = "The reminder you asked for"
    else:
        age = _duration(now - reminder.created_at)
        second_line = f"{URGENCY_LABELS[reminder.urgency]} · open for {age}"
    icon = "🔔" if reminder.remind_at is not None else "⏰"
    return f"{icon} {reminder.title}\n{second_line} · task #{reminder.task_id}"


def _duration(span: timedelta) -> str:
    """A span in its largest whole unit: "5 minutes", "1 hour", "3 days"."""
    seconds = max(0, int(span.total_seconds()))
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return "less than a minute"
