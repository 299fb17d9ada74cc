"""Storing tasks: the write side, through the `Task` object and its rules."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from task_api.tasks.models import Task


async def get_task_for_update(session: AsyncSession, task_id: int) -> Task | None:
    """The task with this id and its owner, locked until the transaction ends, or None."""
    query = (
        select(Task)
        .options(joinedload(Task.user))
        .where(Task.id == task_id)
        .with_for_update(of=Task)
    )
    return await session.scalar(query)
