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
    """The message of a reminder: the title, why it comes now, and how soon it is due."""
    if reminder.remind_at is not None:
        reasons = ["The reminder you asked for"]
    else:
        reasons = [URGENCY_LABELS[reminder.urgency]]
        if reminder.task_due_at is None:
            reasons.append(f"open for {_duration(now - reminder.created_at)}")
    if reminder.task_due_at is not None:
        reasons.append(_how_soon(reminder.task_due_at, now=now))
    icon = "🔔" if reminder.remind_at is not None else "⏰"
    return f"{icon} {reminder.title}\n{' · '.join(reasons)} · task #{reminder.task_id}"


def _how_soon(due_at: datetime, *, now: datetime) -> str:
    """ "due in 1 hour", or "overdue by 2 days"."""
    if due_at <= now:
        return f"overdue by {_duration(now - due_at)}"
    # To the nearest minute: the reminder an hour before, sent a moment late, is "in 1 hour".
    minutes = round((due_at - now).total_seconds() / 60)
    return f"due in {_duration(timedelta(minutes=minutes))}"


def _duration(span: timedelta) -> str:
    """A span in its largest whole unit: "5 minutes", "1 hour", "3 days"."""
    seconds = max(0, int(span.total_seconds()))
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return "less than a minute"
