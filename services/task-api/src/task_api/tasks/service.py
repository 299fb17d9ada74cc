"""What can be done with tasks: each function is one transaction."""

from datetime import datetime
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.dependencies import TaskRules
from task_api.errors import InvalidField, NotFound
from task_api.tasks import queries, repository
from task_api.tasks.domain import change_status, reschedule
from task_api.tasks.models import Task
from task_api.users import repository as users
from todo_shared.enums import TaskStatus
from todo_shared.schemas import TaskCreate, TaskPublic
from todo_shared.timezones import to_utc

FUTURE_MOMENTS = ("remind_at", "snoozed_until")


async def create_task(
    session: AsyncSession, rules: TaskRules, data: TaskCreate, *, now: datetime
) -> Task:
    """Add a task for an existing user and schedule its first reminder."""
    owner = await users.get_user(session, data.user_id)
    if owner is None:
        raise InvalidField(["body", "user_id"], f"there is no user with id {data.user_id}")
    task = Task(
        title=data.title,
        description=data.description,
        urgency=data.urgency,
        status=TaskStatus.NEW,
        user=owner,
        created_at=now,
        time_spent_seconds=0,
    )
    _apply_changes(task, {"remind_at": data.remind_at, "status": data.status}, rules, now)
    session.add(task)
    await session.commit()
    return task


async def get_task(pool: asyncpg.Pool, task_id: int) -> TaskPublic:
    """The task with this id and its owner; 404 when there is none."""
    task = await queries.find_task(pool, task_id)
    if task is None:
        raise NotFound(f"task {task_id} not found")
    return task


async def update_task(
    session: AsyncSession, rules: TaskRules, task_id: int, changes: dict[str, Any], *, now: datetime
) -> Task:
    """Change the given fields of a task, recording status moves and rescheduling it."""
    task = await repository.get_task_for_update(session, task_id)
    if task is None:
        raise NotFound(f"task {task_id} not found")
    _apply_changes(task, changes, rules, now)
    await session.commit()
    return task


async def delete_task(session: AsyncSession, task_id: int) -> None:
    """Delete the task; 404 when there is none."""
    if not await repository.delete_task(session, task_id):
        raise NotFound(f"task {task_id} not found")
    await session.commit()


def _apply_changes(task: Task, changes: dict[str, Any], rules: TaskRules, now: datetime) -> None:
    zone = task.user.timezone or rules.default_timezone
    new_status = _wanted_status(task, changes)
    for field in ("title", "description", "urgency"):
        if field in changes:
            setattr(task, field, changes[field])
    for field in FUTURE_MOMENTS:
        if field in changes:
            moment = _read_moment(changes[field], field, zone)
            if moment is not None and moment != getattr(task, field) and moment <= now:
                raise InvalidField(["body", field], f"{field} is in the past")
            setattr(task, field, moment)
    if "last_notification" in changes:
        task.last_notification = _read_moment(
            changes["last_notification"], "last_notification", zone
        )
        task.lease_expires_at = None  # the reminder is recorded, so its lease has done its job
    if new_status is not None:
        change_status(task, new_status, actor_id=task.user_id, now=now)
    task.updated_at = now
    reschedule(task, reachable=task.user.can_be_reminded, schedule=rules.schedule)


def _wanted_status(task: Task, changes: dict[str, Any]) -> TaskStatus | None:
    """The status asked for, reading `completed: true` as done and `false` as not done."""
    status: TaskStatus | None = changes.get("status")
    completed: bool | None = changes.get("completed")
    if completed is None:
        return status
    if status is not None:
        if (status == TaskStatus.DONE) != completed:
            raise InvalidField(["body", "completed"], f"completed={completed} contradicts status")
        return status
    if completed:
        return TaskStatus.DONE
    return TaskStatus.NEW if task.status == TaskStatus.DONE else None


def _read_moment(value: datetime | None, field: str, zone: str) -> datetime | None:
    """A moment from the client in UTC; one without an offset is read in the user's zone."""
    if value is None:
        return None
    try:
        return to_utc(value, zone)
    except ValueError as error:
        raise InvalidField(["body", field], str(error)) from error
