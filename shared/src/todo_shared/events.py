"""Task events: what task-api announces on the `tasks` exchange after each change."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field, TypeAdapter

from todo_shared.schemas import TaskPublic


class TaskEventType(StrEnum):
    """What happened to a task; also the routing key of its event."""

    CREATED = "task.created"
    UPDATED = "task.updated"
    DELETED = "task.deleted"


IMPORT_COMPLETED = "import.completed"


class TaskEvent(BaseModel):
    """A task was created, changed or deleted; `task` is as the API answered it then."""

    version: Literal[1] = 1
    event_id: UUID = Field(description="Also the message's message_id: duplicates share it.")
    type: Literal[TaskEventType.CREATED, TaskEventType.UPDATED, TaskEventType.DELETED]
    occurred_at: datetime
    task: TaskPublic


class ImportCompleted(BaseModel):
    """A run of the importer finished and saved what it fetched."""

    version: Literal[1] = 1
    event_id: UUID
    type: Literal["import.completed"] = IMPORT_COMPLETED
    occurred_at: datetime
    created_count: int
    updated_count: int


Event = Annotated[TaskEvent | ImportCompleted, Field(discriminator="type")]
EVENT = TypeAdapter(Event)
"""Parses any event body: `EVENT.validate_json(message.body)`."""
