"""Reading tasks for answers: rows already shaped like the answer, straight from asyncpg.

The statements are SQLAlchemy Core, compiled once; they run on the asyncpg pool (see
`db.create_pool`), which keeps the API's busiest route near the speed of bare asyncpg.
"""

from collections.abc import Mapping
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import BigInteger, String, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.elements import ColumnElement

from task_api.db import CompiledQuery
from task_api.tasks.models import Task, TaskCompletion
from task_api.users.models import User
from todo_shared.enums import TaskStatus
from todo_shared.schemas import TaskCompletionPublic, TaskPublic, TaskQuery, TaskSort

task_table = Task.__table__
TASK_VIEW = select(task_table, User.username).join(User, User.id == Task.user_id)
FIND_TASK = CompiledQuery.of(TASK_VIEW.where(Task.id == bindparam("task_id")))
FILTERS: dict[str, ColumnElement[bool]] = {
    "task_id": Task.id == any_(bindparam("task_id", type_=ARRAY(BigInteger))),
    "user_id": Task.user_id == bindparam("user_id"),
    "status": Task.status == any_(bindparam("status", type_=ARRAY(String))),
    "urgency": Task.urgency == bindparam("urgency"),
    "has_due_date": Task.due_at.is_not(None) == bindparam("has_due_date"),
    "due_before": Task.due_at < bindparam("due_before"),
    "due_after": Task.due_at >= bindparam("due_after"),
}
ORDERS: dict[TaskSort, tuple[ColumnElement[Any], ...]] = {
    "id": (Task.id,),
    "due_at": (Task.due_at.asc().nulls_last(), Task.id),
    "-due_at": (Task.due_at.desc().nulls_last(), Task.id),
}
COMPLETIONS = CompiledQuery.of(
    select(TaskCompletion)
    .where(TaskCompletion.task_id == bindparam("task_id"))
    .order_by(TaskCompletion.completed_at.desc(), TaskCompletion.id.desc())
    .offset(bindparam("skip"))
    .limit(bindparam("limit"))
)
COUNT_COMPLETIONS = CompiledQuery.of(
    select(func.count())
    .select_from(TaskCompletion)
    .where(TaskCompletion.task_id == bindparam("task_id"))
)


def to_public(row: Mapping[str, Any]) -> TaskPublic:
    """The answer for a row with a task's columns and its owner's `username`."""
    return TaskPublic.model_validate(
        {
            **row,
            "completed": row["status"] == TaskStatus.DONE,
            "user": {"id": row["user_id"], "username": row["username"]},
        }
    )


async def find_task(pool: asyncpg.Pool, task_id: int) -> TaskPublic | None:
    """The task with this id as the API answers it, or None."""
    row = await pool.fetchrow(FIND_TASK.sql, task_id)
    return None if row is None else to_public(row)


async def list_tasks(pool: asyncpg.Pool, query: TaskQuery) -> tuple[list[TaskPublic], int]:
    """One page of the tasks matching `query`, in its order, and how many match in all."""
    values = query.model_dump()
    filters = frozenset(f for f in FILTERS if values[f] is not None)
    count, page = _list_queries(filters, query.sort)
    async with pool.acquire() as connection:
        total = await connection.fetchval(count.sql, *count.arguments(values))
        rows = await connection.fetch(page.sql, *page.arguments(values))
    return [to_public(row) for row in rows], total


async def list_completions(
    pool: asyncpg.Pool, task_id: int, *, skip: int, limit: int
) -> tuple[list[TaskCompletionPublic], int]:
    """One page of a task's completions, latest first, and how many there are in all."""
    values = {"task_id": task_id, "skip": skip, "limit": limit}
    async with pool.acquire() as connection:
        total = await connection.fetchval(
            COUNT_COMPLETIONS.sql, *COUNT_COMPLETIONS.arguments(values)
        )
        rows = await connection.fetch(COMPLETIONS.sql, *COMPLETIONS.arguments(values))
    return [TaskCompletionPublic.model_validate(dict(row)) for row in rows], total


@cache
def _list_queries(filters: frozenset[str], sort: TaskSort) -> tuple[CompiledQuery, CompiledQuery]:
    """The count and the page statements for one combination of filters and an order."""
    conditions = [FILTERS[name] for name in sorted(filters)]
    count = select(func.count()).select_from(task_table).where(*conditions)
    page = (
        TASK_VIEW.where(*conditions)
        .order_by(*ORDERS[sort])
        .offset(bindparam("skip"))
        .limit(bindparam("limit"))
    )
    return CompiledQuery.of(count), CompiledQuery.of(page)
