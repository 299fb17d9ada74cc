"""The closed vocabularies of a task."""

from enum import StrEnum


class Urgency(StrEnum):
    """How urgent a task is; it sets how often its owner is reminded."""

    NOT_URGENT = "not_urgent"
    URGENT = "urgent"
    VERY_URGENT = "very_urgent"


class Role(StrEnum):
    """What a person may do: their own tasks (`user`), or everything (`admin`)."""

    USER = "user"
    ADMIN = "admin"


class TaskStatus(StrEnum):
    """Where a task is in its life: new, in progress or done (and back)."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
