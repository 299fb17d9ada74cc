"""Moving the world's clock: how tests say "it is now 13 hours later" without waiting."""

from datetime import datetime, timedelta

import asyncpg

from todo_shared.postgres import asyncpg_dsn

TASK_MOMENTS = (
    "created_at",
    "updated_at",
    "started_at",
    "completed_at",
    "remind_at",
    "snoozed_until",
    "last_notification",
    "next_notification_at",
    "lease_expires_at",
    "reminder_given_up_at",
    "due_at",
)
SHIFT = "UPDATE task SET " + ", ".join(
    f"{column} = {column} - $1::interval" for column in TASK_MOMENTS
)


async def travel(database_url: str, by: timedelta) -> None:
    """Move every stored moment of every task back by `by`.

    To task-api, the producer and the worker that is the same as their clocks moving forward:
    what was due in 13 hours is due now, and what was sent an hour ago was sent 14 hours ago.
    """
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        await connection.execute(SHIFT, by)
    finally:
        await connection.close()


def at(value: str | None) -> datetime | None:
    """The moment an answer's ISO 8601 timestamp names, or None for null."""
    return None if value is None else datetime.fromisoformat(value)
