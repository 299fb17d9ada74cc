"""The closed vocabularies of tasks and of the people they belong to."""

from enum import StrEnum


class Urgency(StrEnum):
    """How urgent a task is; it sets how often its owner is reminded."""

    NOT_URGENT = "not_urgent"
    URGENT = "urgent"
    VERY_URGENT = "very_urgent"


class Role(StrEnum):
    """What an account may do: a person's own tasks (`user`), or everything (`admin`).

    `importer` is the one account that owns imported tasks: nobody signs in as it, and no
    sign-up, rename or admin makes an account the importer.
    """

    USER = "user"
    ADMIN = "admin"
    IMPORTER = "importer"


class TaskStatus(StrEnum):
    """Where a task is in its life: new, in progress or done (and back)."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Channel(StrEnum):
    """Where a person's reminders go: their Telegram chat, their verified email address."""

    TELEGRAM = "telegram"
    EMAIL = "email"
