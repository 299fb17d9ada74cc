"""A task as the code that changes it sees it: its row, and the owner its rules read.

The ORM class `tasks.models.Task` only defines the table; every change of a task is made on a
`TaskRecord`, loaded and written back by `tasks.store`.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from todo_shared.enums import TaskStatus, Urgency
from todo_shared.events import TaskEvent, TaskEventType
from todo_shared.quiet_hours import QuietHours
from todo_shared.schemas import TaskPublic


@dataclass
class Owner:
    """The user a task belongs to, as far as its rules need them."""

    id: int
    username: str
    timezone: str | None
    telegram_chat_id: int | None
    telegram_unreachable: bool
    quiet_hours: QuietHours | None = None
    remind_before: list[timedelta] | None = None
    language: str = "en"
    remind_by_telegram: bool = True
    remind_by_email: bool = True
    email_verified: bool = False

    @property
    def reached_by_telegram(self) -> bool:
        """True when they chose Telegram and have a chat that has not blocked the bot."""
        chat = self.telegram_chat_id is not None and not self.telegram_unreachable
        return self.remind_by_telegram and chat

    @property
    def reached_by_email(self) -> bool:
        """True when they chose email and verified their address (a bounce withdraws that)."""
        return self.remind_by_email and self.email_verified

    @property
    def can_be_reminded(self) -> bool:
        """True when reminders have somewhere to go: one of their channels reaches them."""
        return self.reached_by_telegram or self.reached_by_email


@dataclass
class TaskRecord:
    """A task's row, changed by the domain rules and written back whole."""

    title: str
    description: str | None
    status: TaskStatus
    urgency: Urgency
    user_id: int
    user: Owner
    created_at: datetime
    updated_at: datetime
    time_spent_seconds: int = 0
    assignee_id: int | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    remind_at: datetime | None = None
    snoozed_until: datetime | None = None
    last_notification: datetime | None = None
    next_notification_at: datetime | None = None
    lease_expires_at: datetime | None = None
    reminder_given_up_at: datetime | None = None
    remind_every: timedelta | None = None
    cadence_off: bool = False
    due_at: datetime | None = None
    due_date: date | None = None
    remind_before: list[timedelta] | None = None
    recurrence: str | None = None
    id: int = 0

    @property
    def completed(self) -> bool:
        """True once the task is done."""
        return self.status == TaskStatus.DONE

    def public(self) -> TaskPublic:
        """The task as the API answers it."""
        return TaskPublic.model_validate(self, from_attributes=True)

    def event(self, kind: TaskEventType, *, now: datetime) -> TaskEvent:
        """The event announcing that the task was created, changed or deleted `now`."""
        return TaskEvent(event_id=uuid.uuid4(), type=kind, occurred_at=now, task=self.public())
