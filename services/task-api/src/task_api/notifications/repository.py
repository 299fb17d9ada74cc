"""Claiming due reminders: one index range scan, rows locked so claims never overlap."""

from collections.abc import Sequence
from datetime import datetime, timedelta

import asyncpg
from sqlalchemy import BigInteger, any_, bindparam, case, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from task_api.db import CompiledQuery
from task_api.tasks.models import Task, claimable_at
from task_api.tasks.queries import task_table
from task_api.users.models import User


def _claim_statement() -> CompiledQuery:
    due_ids = (
        select(Task.id)
        .where(Task.next_notification_at.is_not(None), claimable_at <= bindparam("now"))
        .order_by(claimable_at)
        .limit(bindparam("limit"))
        .with_for_update(skip_locked=True)
    )
    # `id = ANY(ARRAY(...))` pins the plan to primary-key lookups. Joined to a subquery instead,
    # the planner hashed the whole table while it was small (25 ms at 100,000 tasks, growing
    # with the table until the plan flipped), which is what this claim must never do.
    due = any_(func.array(due_ids.scalar_subquery(), type_=ARRAY(BigInteger)))
    task = task_table.c
    # The reminder is the one-off `remind_at` when that is the moment that fell due.
    one_off = case((task.remind_at == task.next_notification_at, task.remind_at))
    return CompiledQuery.of(
        update(task_table)
        .where(task.id == due, User.id == task.user_id)
        .values(lease_expires_at=bindparam("lease_end"))
        .returning(
            task.id.label("task_id"),
            task.user_id,
            User.telegram_chat_id,
            task.title,
            task.urgency,
            task.created_at,
            one_off.label("remind_at"),
            task.next_notification_at.label("due_at"),
        )
    )


CLAIM = _claim_statement()


async def claim_due(
    pool: asyncpg.Pool, *, now: datetime, limit: int, lease: timedelta
) -> Sequence[asyncpg.Record]:
    """Lease up to `limit` due tasks until `now + lease`; rows shaped like `DueReminder`.

    `SKIP LOCKED` passes over rows another claim is taking at this moment, so two claims
    running together never return the same task. A lease that runs out makes the task
    claimable again; recording the reminder (POST /notifications/sent) ends it.
    """
    values = {"now": now, "limit": limit, "lease_end": now + lease}
    async with pool.acquire() as connection, connection.transaction():
        # A lease lost in a crash only offers its task again, which the pipeline already allows
        # for (at-least-once, deduplicated by reminder); so a claim does not wait for the disk.
        await connection.execute("SET LOCAL synchronous_commit = off")
        rows = await connection.fetch(CLAIM.sql, *CLAIM.arguments(values))
    return sorted(rows, key=lambda row: row["due_at"])
