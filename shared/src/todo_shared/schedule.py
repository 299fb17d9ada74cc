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


def pending_remind_at(task: Remindable) -> datetime | None:
    """The task's one-off `remind_at` while it has not been delivered yet, else None."""
    if task.remind_at is None:
        return None
    if task.last_notification is not None and task.last_notification >= task.remind_at:
        return None
    return task.remind_at


def pending_snooze(task: Remindable) -> datetime | None:
    """The task's `snoozed_until` while no reminder has come since it ended, else None."""
    if task.snoozed_until is None:
        return None
    if task.last_notification is not None and task.last_notification >= task.snoozed_until:
        return None
    return task.snoozed_until


def next_notification_at(task: Remindable, schedule: ReminderSchedule) -> datetime | None:
    """The moment the next reminder is due, or None once the task is done.

    The cadence counts from creation until the first reminder, then from the last one, so a
    task overdue by many periods is due once, not once per missed period. A pending
    `remind_at` can bring the reminder forward. A pending snooze is the next reminder, earlier
    or later than the cadence would have it ("Snooze 1h" reminds in an hour, and nothing comes
    before), and the cadence goes on from that reminder.
    """
    if task.status == TaskStatus.DONE:
        return None
    if (snooze := pending_snooze(task)) is not None:
        return snooze
    cadence = schedule[task.urgency]
    if task.last_notification is None:
        due = task.created_at + cadence.first
    else:
        due = task.last_notification + cadence.every
    remind_at = pending_remind_at(task)
    if remind_at is not None:
        due = min(due, remind_at)
    return due
