"""The reminder policy: when a task's owner is to be nudged next."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from todo_shared.enums import TaskStatus, Urgency


@dataclass(frozen=True)
class Cadence:
    """The first reminder comes `first` after creation, then one every `every`."""

    first: timedelta
    every: timedelta


ReminderSchedule = Mapping[Urgency, Cadence]

DEFAULT_SCHEDULE: ReminderSchedule = {
    Urgency.NOT_URGENT: Cadence(first=timedelta(hours=24), every=timedelta(hours=24)),
    Urgency.URGENT: Cadence(first=timedelta(hours=12), every=timedelta(hours=10)),
    Urgency.VERY_URGENT: Cadence(first=timedelta(hours=3), every=timedelta(hours=5)),
}
"""Each urgency's cadence unless told otherwise: the defaults of task-api's REMIND_* settings."""


class Remindable(Protocol):
    """What the policy reads of a task; an ORM row and a plain dataclass both fit."""

    @property
    def status(self) -> TaskStatus: ...
    @property
    def urgency(self) -> Urgency: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def last_notification(self) -> datetime | None: ...
    @property
    def remind_at(self) -> datetime | None: ...
    @property
    def snoozed_until(self) -> datetime | None: ...
    @property
    def reminder_given_up_at(self) -> datetime | None: ...
    @property
    def remind_every(self) -> timedelta | None: ...
    @property
    def cadence_off(self) -> bool: ...


def last_reminder(task: Remindable) -> datetime | None:
    """When the task was last reminded: its last reminder sent, or the due moment of the last
    one the notifier gave up on (Telegram refused it), whichever is later; None if neither."""
    moments = [m for m in (task.last_notification, task.reminder_given_up_at) if m is not None]
    return max(moments, default=None)


def pending_remind_at(task: Remindable) -> datetime | None:
    """The task's one-off `remind_at` while it has not been delivered (or given up on), else
    None."""
    return _not_reminded_since(task.remind_at, task)


def pending_snooze(task: Remindable) -> datetime | None:
    """The task's `snoozed_until` while no reminder has come (or been given up on) since it
    ended, else None."""
    return _not_reminded_since(task.snoozed_until, task)


def _not_reminded_since(moment: datetime | None, task: Remindable) -> datetime | None:
    last = last_reminder(task)
    if moment is None or (last is not None and last >= moment):
        return None
    return moment


def cadence_of(task: Remindable, schedule: ReminderSchedule) -> Cadence | None:
    """The task's cadence: its own `remind_every`, else its urgency's; None when it is off."""
    if task.cadence_off:
        return None
    if task.remind_every is not None:
        return Cadence(first=task.remind_every, every=task.remind_every)
    return schedule[task.urgency]


def next_notification_at(task: Remindable, schedule: ReminderSchedule) -> datetime | None:
    """The moment the next reminder is due, or None once the task is done.

    The cadence (the task's own `remind_every`, else its urgency's; none with `cadence_off`)
    counts from creation until the first reminder, then from the last one (sent,
    or given up on), so a task overdue by many periods is due once, not once per missed
    period, and a reminder given up on is not due again. A pending `remind_at` can bring the
    reminder forward. A pending snooze is the next reminder, earlier or later than the cadence
    would have it ("Snooze 1h" reminds in an hour, and nothing comes before), and the cadence
    goes on from that reminder.
    """
    if task.status == TaskStatus.DONE:
        return None
    if (snooze := pending_snooze(task)) is not None:
        return snooze
    cadence = cadence_of(task, schedule)
    last = last_reminder(task)
    due = None
    if cadence is not None:
        due = task.created_at + cadence.first if last is None else last + cadence.every
    moments = [moment for moment in (due, pending_remind_at(task)) if moment is not None]
    return min(moments, default=None)
