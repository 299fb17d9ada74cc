"""The rules of a task's life: what a change of status records, and when to remind next."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from task_api.tasks.record import TaskRecord
from todo_shared.enums import TaskStatus
from todo_shared.recurrence import Occurrence, next_occurrence
from todo_shared.schedule import Recipient, Remindable, ReminderSchedule, next_notification_at
from todo_shared.timezones import end_of_day, to_utc


class Trackable(Protocol):
    """The fields a change of status reads and records."""

    status: TaskStatus
    assignee_id: int | None
    started_at: datetime | None
    completed_at: datetime | None
    time_spent_seconds: int


class Schedulable(Remindable, Protocol):
    """A task whose next reminder can be recomputed and recorded."""

    next_notification_at: datetime | None


def change_status(task: Trackable, new_status: TaskStatus, *, actor_id: int, now: datetime) -> None:
    """Move `task` to `new_status`, recording who started it, when, and how long it took.

    Leaving `new` sets `started_at` and, when nobody is assigned yet, makes the acting user the
    assignee. Reaching `done` sets `completed_at` and the time spent since the start; leaving
    `done` clears `completed_at`.
    """
    if new_status == task.status:
        return
    if new_status != TaskStatus.NEW and task.started_at is None:
        task.started_at = now
    if new_status != TaskStatus.NEW and task.assignee_id is None:
        task.assignee_id = actor_id
    if new_status == TaskStatus.DONE:
        task.completed_at = now
        started = task.started_at or now
        task.time_spent_seconds = max(0, int((now - started).total_seconds()))
    elif task.status == TaskStatus.DONE:
        task.completed_at = None
    task.status = new_status


def reschedule(
    task: Schedulable,
    recipient: Recipient | None,
    *,
    schedule: ReminderSchedule,
    now: datetime,
) -> bool:
    """Recompute when `task` is next reminded, never while its owner cannot be reached (no
    `recipient`); True when that moved it."""
    before = task.next_notification_at
    task.next_notification_at = (
        None if recipient is None else next_notification_at(task, schedule, recipient, now=now)
    )
    return task.next_notification_at != before


@dataclass(frozen=True)
class Completion:
    """One time a task was done: by whom, when, and which occurrence it was."""

    completed_at: datetime
    completed_by: int
    due_at: datetime | None
    due_date: date | None
    time_spent_seconds: int


def set_due(task: TaskRecord, due: Occurrence | None, *, zone: str) -> None:
    """Make `task` due at a moment, or by the end of a day in `zone`, or never (None)."""
    if isinstance(due, datetime):
        task.due_at, task.due_date = to_utc(due, zone), None
    elif due is not None:
        task.due_at, task.due_date = end_of_day(due, zone), due
    else:
        task.due_at, task.due_date = None, None


def complete(task: TaskRecord, *, actor_id: int, now: datetime, zone: str) -> Completion:
    """Mark `task` done, noting the completion; a repeating task comes back open at once, due
    at its next occurrence (done for good once its rule has none left)."""
    change_status(task, TaskStatus.DONE, actor_id=actor_id, now=now)
    completion = Completion(now, actor_id, task.due_at, task.due_date, task.time_spent_seconds)
    if task.recurrence is not None:
        current: Occurrence = task.due_date or task.due_at or now
        upcoming = next_occurrence(task.recurrence, current=current, now=now, zone=zone)
        if upcoming is not None:
            set_due(task, upcoming, zone=zone)
            task.status, task.started_at, task.completed_at = TaskStatus.NEW, None, None
            task.time_spent_seconds, task.snoozed_until = 0, None
    return completion
