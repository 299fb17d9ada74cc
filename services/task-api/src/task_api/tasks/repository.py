"""Storing and finding tasks.

Writes go through the `Task` object and its rules; reads for answers select rows already shaped
like the answer, which skips the ORM's bookkeeping on the API's busiest paths.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload
from todo_shared.enums import TaskStatus
from todo_shared.schemas import TaskPublic, TaskQuery

from task_api.tasks.models import Task
from task_api.users.models import User

task_table = Task.__table__
TASK_VIEW = select(task_table, User.username).join(User, User.id == Task.user_id)


def to_public(row: Mapping[str, Any]) -> TaskPublic:
    """The answer for a row of TASK_VIEW (or any row with a task's columns and `username`)."""
    return TaskPublic.model_validate(
        {
            **row,
            "completed": row["status"] == TaskStatus.DONE,
            "user": {"id": row["user_id"], "username": row["username"]},
        }
    )


async def find_task(session: AsyncSession, task_id: int) -> TaskPublic | None:
    """The task with this id as the API answers it, or None."""
    row = (await session.execute(TASK_VIEW.where(Task.id == task_id))).mappings().first()
    return None if row is None else to_public(row)


async def list_tasks(session: AsyncSession, query: TaskQuery) -> tuple[list[TaskPublic], int]:
    """One page of the tasks matching `query`, oldest first, and how many match in all."""
    wanted = [
        (Task.id, query.task_id),
        (Task.user_id, query.user_id),
        (Task.status, query.status),
        (Task.urgency, query.urgency),
    ]
    filters = [column == value for column, value in wanted if value is not None]
    total = await session.scalar(select(func.count()).select_from(task_table).where(*filters))
    page = TASK_VIEW.where(*filters).order_by(Task.id).offset(query.skip).limit(query.limit)
    rows: Sequence[Mapping[str, Any]] = (await session.execute(page)).mappings().all()
    return [to_public(row) for row in rows], total or 0


async def get_task_for_update(session: AsyncSession, task_id: int) -> Task | None:
    """The task with this id and its owner, locked until the transaction ends, or None."""
    query = (
        select(Task)
        .options(joinedload(Task.user))
        .where(Task.id == task_id)
        .with_for_update(of=Task)
    )
    return await session.scalar(query)


async def delete_task(session: AsyncSession, task_id: int) -> bool:
    """Delete the task; False when there was none."""
    deleted = await session.scalar(delete(Task).where(Task.id == task_id).returning(Task.id))
    return deleted is not None
