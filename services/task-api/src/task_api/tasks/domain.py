"""The rules of a task's life: what a change of status records, and when to remind next."""

from datetime import datetime
from typing import Protocol

from todo_shared.enums import TaskStatus
from todo_shared.schedule import Remindable, ReminderSchedule, next_notification_at


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


def reschedule(task: Schedulable, *, reachable: bool, schedule: ReminderSchedule) -> bool:
    """Recompute when `task` is next reminded, never while its owner cannot be reached; True
    when that moved it."""
    before = task.next_notification_at
    task.next_notification_at = next_notification_at(task, schedule) if reachable else None
    return task.next_notification_at != before
