"""Claiming due reminders: one index range scan, rows locked so claims never overlap."""

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.tasks.models import Task, claimable_at
from task_api.tasks.repository import task_table
from task_api.users.models import User


async def claim_due(
    session: AsyncSession, *, now: datetime, limit: int, lease: timedelta
) -> Sequence[Mapping[str, Any]]:
    """Lease up to `limit` due tasks until `now + lease`; rows with the owner's chat id.

    `SKIP LOCKED` passes over rows another claim is taking at this moment, so two claims
    running together never return the same task. A lease that runs out makes the task
    claimable again; recording the reminder (PATCH last_notification) ends it.
    """
    due = (
        select(Task.id)
        .where(Task.next_notification_at.is_not(None), claimable_at <= now)
        .order_by(claimable_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("due")
    )
    claimed = (
        update(task_table)
        .where(task_table.c.id == due.c.id, User.id == task_table.c.user_id)
        .values(lease_expires_at=now + lease)
        .returning(task_table, User.username, User.telegram_chat_id)
    )
    rows = (await session.execute(claimed)).mappings().all()
    return sorted(rows, key=lambda row: row["next_notification_at"])
