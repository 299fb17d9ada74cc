"""Storing tasks: the write side, through the `Task` object and its rules."""

from sqlalchemy import delete, select
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


async def delete_task(session: AsyncSession, task_id: int, *, owner_id: int | None) -> bool:
    """Delete the task (only if it is `owner_id`'s, unless None); False when nothing was."""
    query = delete(Task).where(Task.id == task_id)
    if owner_id is not None:
        query = query.where(Task.user_id == owner_id)
    return await session.scalar(query.returning(Task.id)) is not None
