"""The task table; the code that changes a task works on `tasks.record.TaskRecord`."""

from datetime import date, datetime, timedelta

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Interval,
    String,
    Text,
    false,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from task_api.db import Base, checked_strings, utcnow
from todo_shared.enums import TaskStatus, Urgency


class Task(Base):
    """Something a user has to do, with the schedule of its reminders."""

    __tablename__ = "task"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[TaskStatus] = mapped_column(checked_strings(TaskStatus), default=TaskStatus.NEW)
    urgency: Mapped[Urgency] = mapped_column(checked_strings(Urgency), default=Urgency.NOT_URGENT)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set by the service on each change a person or program makes, not by a claim's lease.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    time_spent_seconds: Mapped[int] = mapped_column(BigInteger, default=0)
    remind_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    snoozed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_notification: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_notification_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The due moment of the last reminder the notifier gave up on: the cadence goes on from it.
    reminder_given_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The task's own cadence in place of its urgency's, or none at all (cadence_off).
    remind_every: Mapped[timedelta | None] = mapped_column(Interval(native=True))
    cadence_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # When it is due; `due_date` keeps the day when it was given as one (due by that day's end).
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    due_date: Mapped[date | None] = mapped_column(Date)
    # The reminders before it is due; null: its owner's.
    remind_before: Mapped[list[timedelta] | None] = mapped_column(ARRAY(Interval(native=True)))
    # How it repeats (an RRULE): done, it comes back open, due at its next occurrence.
    recurrence: Mapped[str | None] = mapped_column(String(500))
    # Where an imported task came from, so that importing again updates it instead of adding.
    import_source: Mapped[str | None] = mapped_column(String(64))
    import_source_id: Mapped[int | None] = mapped_column(BigInteger)


# The moment a claim may take the task: when it is due, or when its lease runs out.
claimable_at = func.greatest(Task.next_notification_at, Task.lease_expires_at)

Index("ix_task_user_id_id", Task.user_id, Task.id)
# A person's tasks by due date, for GET /tasks?due_before=...&due_after=...: partial, so that a
# claim's lease of a task with no due date writes no entry to it (measured: 8-14 ms a claim of
# 1,000 at 100,000 tasks).
Index(
    "ix_task_user_id_due_at",
    Task.user_id,
    Task.due_at,
    Task.id,
    postgresql_where=Task.due_at.is_not(None),
)

# Done tasks (and those with nowhere to send a reminder) have no next_notification_at and leave
# this index, so finding what is due stays a short range scan however many tasks there are.
Index(
    "ix_task_claimable_at",
    claimable_at,
    postgresql_where=Task.next_notification_at.is_not(None),
)

# Partial, so that the updates of every other task (a claim's, say) do not write to it.
Index(
    "uq_task_import_source_import_source_id",
    Task.import_source,
    Task.import_source_id,
    unique=True,
    postgresql_where=Task.import_source.is_not(None),
)


class TaskCompletion(Base):
    """One time a task was done: for a repeating task, one of its occurrences."""

    __tablename__ = "task_completion"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    completed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    completed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    due_date: Mapped[date | None] = mapped_column(Date)
    time_spent_seconds: Mapped[int] = mapped_column(BigInteger, default=0)


Index(
    "ix_task_completion_task_id_completed_at", TaskCompletion.task_id, TaskCompletion.completed_at
)
