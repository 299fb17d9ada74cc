"""The tasks routes: `/api/v1/tasks`."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from task_api.db import utcnow
from task_api.dependencies import ReadPoolDep, RulesDep, SessionDep
from task_api.errors import responses
from task_api.tasks import queries, service
from todo_shared.schemas import (
    MAX_ID,
    Page,
    TaskCreate,
    TaskPublic,
    TaskQuery,
    TaskReplace,
    TaskUpdate,
)

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])

TaskId = Annotated[int, Path(gt=0, le=MAX_ID, description="The task's id.")]


@router.post("", status_code=status.HTTP_201_CREATED, responses=responses(422, 503))
async def create_task(data: TaskCreate, session: SessionDep, rules: RulesDep) -> TaskPublic:
    """Create a task; its first reminder is scheduled by its urgency."""
    task = await service.create_task(session, rules, data, now=utcnow())
    return TaskPublic.model_validate(task)


@router.get("", responses=responses(422, 503))
async def list_tasks(query: Annotated[TaskQuery, Query()], pool: ReadPoolDep) -> Page[TaskPublic]:
    """List tasks, filtered by id, owner, status and urgency, oldest first."""
    tasks, total = await queries.list_tasks(pool, query)
    return Page(items=tasks, total=total, skip=query.skip, limit=query.limit)


@router.get("/{task_id}", responses=responses(404, 422, 503))
async def get_task(task_id: TaskId, pool: ReadPoolDep) -> TaskPublic:
    """One task, with its owner."""
    return await service.get_task(pool, task_id)


@router.put("/{task_id}", responses=responses(404, 422, 503))
async def replace_task(
    task_id: TaskId, data: TaskReplace, session: SessionDep, rules: RulesDep
) -> TaskPublic:
    """Replace every editable field of a task; omitted optional fields are cleared."""
    task = await service.update_task(session, rules, task_id, data.model_dump(), now=utcnow())
    return TaskPublic.model_validate(task)


@router.patch("/{task_id}", responses=responses(404, 422, 503))
async def update_task(
    task_id: TaskId, changes: TaskUpdate, session: SessionDep, rules: RulesDep
) -> TaskPublic:
    """Change any subset of a task's fields; the notifier records a reminder here too."""
    fields = changes.model_dump(exclude_unset=True)
    task = await service.update_task(session, rules, task_id, fields, now=utcnow())
    return TaskPublic.model_validate(task)


@router.delete(
    "/{task_id}", status_code=status.HTTP_204_NO_CONTENT, responses=responses(404, 422, 503)
)
async def delete_task(task_id: TaskId, session: SessionDep) -> Response:
    """Delete a task."""
    await service.delete_task(session, task_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
