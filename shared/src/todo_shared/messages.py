"""The messages of `notifications.send`: one per reminder, from the producer to the workers."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class SendReminder(BaseModel):
    """Send this reminder of a task to a chat; `reminder_id` tells a repeat from a new one."""

    version: Literal[1] = 1
    reminder_id: str = Field(description="The task and the moment it fell due; the message_id.")
    task_id: int
    user_id: int
    chat_id: int
    text: str = Field(max_length=4096)
    due_at: datetime


def reminder_id(task_id: int, due_at: datetime) -> str:
    """The id of the reminder of this task that fell due at this moment.

    A lease that runs out hands the same reminder out again, with the same due moment, so a
    repeat has the same id and a worker can recognise it.
    """
    return f"{task_id}@{due_at.timestamp():.6f}"
