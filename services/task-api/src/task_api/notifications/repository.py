"""Claiming due reminders: one index range scan, rows locked so claims never overlap."""

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, any_, case, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.tasks.models import Task, claimable_at
from task_api.tasks.queries import task_table
from task_api.users.models import User


async def claim_due(
    session: AsyncSession, *, now: datetime, limit: int, lease: timedelta
) -> Sequence[Mapping[str, Any]]:
    """Lease up to `limit` due tasks until `now + lease`; rows shaped like `DueReminder`.

    `SKIP LOCKED` passes over rows another claim is taking at this moment, so two claims
    running together never return the same task. A lease that runs out makes the task
    claimable again; recording the reminder (PATCH last_notification) ends it.
    """
    due_ids = (
        select(Task.id)
        .where(Task.next_notification_at.is_not(None), claimable_at <= now)
        .order_by(claimable_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    # `id = ANY(ARRAY(...))` pins the plan to primary-key lookups. Joined to a subquery instead,
    # the planner hashed the whole table while it was small (25 ms at 100,000 tasks, growing
    # with the table until the plan flipped), which is what this claim must never do.
    due = any_(func.array(due_ids.scalar_subquery(), type_=ARRAY(BigInteger)))
    task = task_table.c
    # The reminder is the one-off `remind_at` when that is the moment that fell due.
    one_off = case((task.remind_at == task.next_notification_at, task.remind_at))
    claimed = (
        update(task_table)
        .where(task.id == due, User.id == task.user_id)
        .values(lease_expires_at=now + lease)
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
    rows = (await session.execute(claimed)).mappings().all()
    return sorted(rows, key=lambda row: row["due_at"])
