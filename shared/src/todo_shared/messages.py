"""The messages of the reminder queues: one per reminder and channel, from the producer to the
workers. `SendReminder` goes to a Telegram chat (`notifications.send`), `SendEmailReminder` to an
email address (`notifications.send.email`).

Version 2 names the language its person reads: the text is written in it, and the worker
labels the buttons in it. A worker takes every version still in the queues (a message waiting
for its retry, or published by a producer of before): version 1 has no language, so it reads
English, as it did.
"""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from todo_shared.i18n import SOURCE_LANGUAGE


class SendReminder(BaseModel):
    """Send this reminder of a task to a chat; `reminder_id` tells a repeat from a new one."""

    version: Literal[1, 2] = 2
    reminder_id: str = Field(description="The task and the moment it fell due; the message_id.")
    task_id: int
    user_id: int
    chat_id: int
    text: str = Field(max_length=4096)
    due_at: datetime
    # A language this worker has no catalog for labels the buttons in English: the text,
    # written already, is still worth sending.
    language: str = Field(
        SOURCE_LANGUAGE,
        pattern=r"^[a-z]{2,3}$",
        description="Since version 2: the language of the text and the buttons (en, ru).",
    )

    @model_validator(mode="after")
    def _a_language_since_version_2(self) -> "SendReminder":
        if self.version >= 2 and "language" not in self.model_fields_set:
            raise ValueError("a version 2 reminder names its language")
        return self


class SendEmailReminder(BaseModel):
    """Mail this reminder of a task to an address; `reminder_id` tells a repeat from a new one.

    The links act on the task without signing in, each through a token of its own that task-api
    signed for this task and this action alone (or, to unsubscribe, this address alone).
    """

    version: Literal[1] = 1
    reminder_id: str = Field(description="The task and the moment it fell due.")
    task_id: int
    user_id: int
    email: str = Field(max_length=254, description="The verified address to mail.")
    title: str = Field(max_length=500, description="The task's title, for the subject.")
    text: str = Field(max_length=4096, description="The reminder, as a Telegram chat reads it.")
    due_at: datetime
    language: str = Field(pattern=r"^[a-z]{2,3}$", description="The language of the mail.")
    done_url: str = Field(description="Opens a page that marks the task done.")
    snooze_url: str = Field(description="Opens a page that snoozes the task for an hour.")
    unsubscribe_url: str = Field(
        description="Stops reminders by email (RFC 8058: POSTed by the mail client, or opened)."
    )


def reminder_id(task_id: int, due_at: datetime) -> str:
    """The id of the reminder of this task that fell due at this moment.

    A lease that runs out hands the same reminder out again, with the same due moment, so a
    repeat has the same id and a worker can recognise it.
    """
    return f"{task_id}@{due_at.timestamp():.6f}"
