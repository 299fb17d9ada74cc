"""The reminder policy: when a task's owner is to be nudged next."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from todo_shared.enums import TaskStatus, Urgency
from todo_shared.quiet_hours import QuietHours, after_quiet_hours


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

TIGHTER = {
    Urgency.NOT_URGENT: Urgency.URGENT,
    Urgency.URGENT: Urgency.VERY_URGENT,
    Urgency.VERY_URGENT: Urgency.VERY_URGENT,
}
"""Whose cadence an overdue task of each urgency is reminded at."""

DEFAULT_REMIND_BEFORE = (timedelta(days=1), timedelta(hours=1))
"""How long before a task is due its owner is reminded, unless they or the task say otherwise."""


@dataclass(frozen=True)
class Recipient:
    """What the policy reads of a task's owner: their clock, their nights, their habits."""

    timezone: str
    quiet_hours: QuietHours | None = None
    remind_before: Sequence[timedelta] = DEFAULT_REMIND_BEFORE


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
    @property
    def due_at(self) -> datetime | None: ...
    @property
    def remind_before(self) -> Sequence[timedelta] | None: ...
    @property
    def recurrence(self) -> str | None: ...


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


def next_notification_at(
    task: Remindable, schedule: ReminderSchedule, recipient: Recipient, *, now: datetime
) -> datetime | None:
    """The moment the next reminder is due, or None once the task is done.

    The candidates, the earliest of which is the next reminder:
    - the cadence (the task's own `remind_every`, else its urgency's; none with `cadence_off`),
      counted from creation until the first reminder, then from the last one (sent, or given
      up on), so a task overdue by many periods is due once, not once per missed period, and
      a reminder given up on is not due again. Once the task is past due it tightens to the
      next urgency's interval; a repeating task has it only once its occurrence is past due;
    - a pending `remind_at`;
    - the reminders before the due moment (the task's `remind_before`, else its owner's) not
      yet past when the task was last changed (`now`) nor reminded since.
    A pending snooze is the next reminder instead, earlier or later than these ("Snooze 1h"
    reminds in an hour, and nothing comes before), and the cadence goes on from that reminder.
    A moment within the owner's quiet hours moves to their end: a task overdue all night is
    reminded once in the morning.
    """
    if task.status == TaskStatus.DONE:
        return None
    due = pending_snooze(task)
    if due is None:
        moments = (_cadence_due(task, schedule), pending_remind_at(task))
        moments += (_before_due(task, recipient, now),)
        due = min((moment for moment in moments if moment is not None), default=None)
    return _outside_quiet_hours(due, task, recipient)


def _cadence_due(task: Remindable, schedule: ReminderSchedule) -> datetime | None:
    """When the cadence has the next reminder, tightened once the task is past due."""
    cadence = cadence_of(task, schedule)
    if cadence is None:
        return None
    last = last_reminder(task)
    since = task.created_at if last is None else last
    regular = since + (cadence.first if last is None else cadence.every)
    if task.due_at is None:
        return regular
    overdue_every = min(cadence.every, schedule[TIGHTER[task.urgency]].every)
    overdue = max(since, task.due_at) + overdue_every
    return overdue if task.recurrence is not None else min(regular, overdue)


def _before_due(task: Remindable, recipient: Recipient, now: datetime) -> datetime | None:
    """The earliest reminder before the due moment still to come."""
    if task.due_at is None:
        return None
    offsets = recipient.remind_before if task.remind_before is None else task.remind_before
    floor = max(m for m in (task.created_at, last_reminder(task), now) if m is not None)
    moments = [task.due_at - offset for offset in offsets if task.due_at - offset > floor]
    return min(moments, default=None)


def _outside_quiet_hours(
    moment: datetime | None, task: Remindable, recipient: Recipient
) -> datetime | None:
    quiet = recipient.quiet_hours
    if moment is None or quiet is None:
        return moment
    if quiet.let_very_urgent_through and task.urgency == Urgency.VERY_URGENT:
        return moment
    return after_quiet_hours(moment, quiet, recipient.timezone)
