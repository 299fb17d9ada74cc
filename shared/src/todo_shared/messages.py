"""The messages of `notifications.send`: one per reminder, from the producer to the workers.

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


def reminder_id(task_id: int, due_at: datetime) -> str:
    """The id of the reminder of this task that fell due at this moment.

    A lease that runs out hands the same reminder out again, with the same due moment, so a
    repeat has the same id and a worker can recognise it.
    """
    return f"{task_id}@{due_at.timestamp():.6f}"
