"""What a reminder says, in its person's language (the `reminders` catalog).

Each span is a whole phrase of its own for each unit ("open for 3 days", "due in 1 hour"):
Russian declines the unit within the phrase ("открыта 1 минуту", "через 1 минуту"), while
Babel's `format_timedelta` says a span alone ("1 минута"), with its own rounding, and only
"in" and "ago" around it.
"""

from datetime import datetime, timedelta
from gettext import NullTranslations
from typing import Literal

from todo_shared.enums import Urgency
from todo_shared.i18n import translations
from todo_shared.schemas import DueReminder

Unit = Literal["day", "hour", "minute"]
UNITS: tuple[tuple[Unit, int], ...] = (("day", 86_400), ("hour", 3_600), ("minute", 60))


def reminder_text(reminder: DueReminder, *, now: datetime) -> str:
    """The message of a reminder: the title, why it comes now, and how soon it is due."""
    t = translations(reminder.language, "reminders")
    if reminder.remind_at is not None:
        reasons = [t.gettext("The reminder you asked for")]
    else:
        reasons = [_urgency(t, reminder.urgency)]
        if reminder.task_due_at is None:
            reasons.append(_open_for(t, now - reminder.created_at))
    if reminder.task_due_at is not None:
        reasons.append(_how_soon(t, reminder.task_due_at, now=now))
    reasons.append(t.gettext("task #{task_id}").format(task_id=reminder.task_id))
    icon = "🔔" if reminder.remind_at is not None else "⏰"
    return f"{icon} {reminder.title}\n{' · '.join(reasons)}"


def _urgency(t: NullTranslations, urgency: Urgency) -> str:
    """The urgency's name: "Urgent"."""
    names = {
        Urgency.NOT_URGENT: t.gettext("Not urgent"),
        Urgency.URGENT: t.gettext("Urgent"),
        Urgency.VERY_URGENT: t.gettext("Very urgent"),
    }
    return names[urgency]


def _open_for(t: NullTranslations, span: timedelta) -> str:
    """How long the task has been open: "open for 3 days"."""
    count, unit = _in_units(span)
    match unit:
        case "day":
            text = t.ngettext("open for {count} day", "open for {count} days", count)
        case "hour":
            text = t.ngettext("open for {count} hour", "open for {count} hours", count)
        case "minute":
            text = t.ngettext("open for {count} minute", "open for {count} minutes", count)
        case None:
            text = t.gettext("open for less than a minute")
    return text.format(count=count)


def _how_soon(t: NullTranslations, due_at: datetime, *, now: datetime) -> str:
    """When the task is due: "due in 1 hour", or "overdue by 2 days"."""
    if due_at <= now:
        return _overdue_by(t, now - due_at)
    # To the nearest minute: the reminder an hour before, sent a moment late, is "in 1 hour".
    minutes = round((due_at - now).total_seconds() / 60)
    count, unit = _in_units(timedelta(minutes=minutes))
    match unit:
        case "day":
            text = t.ngettext("due in {count} day", "due in {count} days", count)
        case "hour":
            text = t.ngettext("due in {count} hour", "due in {count} hours", count)
        case "minute":
            text = t.ngettext("due in {count} minute", "due in {count} minutes", count)
        case None:
            text = t.gettext("due in less than a minute")
    return text.format(count=count)


def _overdue_by(t: NullTranslations, span: timedelta) -> str:
    """How late the task is: "overdue by 2 days"."""
    count, unit = _in_units(span)
    match unit:
        case "day":
            text = t.ngettext("overdue by {count} day", "overdue by {count} days", count)
        case "hour":
            text = t.ngettext("overdue by {count} hour", "overdue by {count} hours", count)
        case "minute":
            text = t.ngettext("overdue by {count} minute", "overdue by {count} minutes", count)
        case None:
            text = t.gettext("overdue by less than a minute")
    return text.format(count=count)


def _in_units(span: timedelta) -> tuple[int, Unit | None]:
    """A span in its largest whole unit, (3, "day"); (0, None) for less than a minute."""
    seconds = max(0, int(span.total_seconds()))
    for unit, size in UNITS:
        if seconds >= size:
            return seconds // size, unit
    return 0, None
