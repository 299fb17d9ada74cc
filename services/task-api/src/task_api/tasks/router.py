"""The tasks routes: `/api/v1/tasks`. Every one needs a token."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from task_api.auth.dependencies import PersonDep, PrincipalDep
from task_api.db import utcnow
from task_api.dependencies import PoolDep, RulesDep, StoreDep
from task_api.http_errors import responses
from task_api.tasks import service
from todo_shared.schemas import (
    MAX_ID,
    Page,
    PageQuery,
    TaskCompletionPublic,
    TaskCreate,
    TaskPublic,
    TaskQuery,
    TaskReplace,
    TaskUpdate,
)

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])

TaskId = Annotated[int, Path(gt=0, le=MAX_ID, description="The task's id.")]


@router.post("", status_code=status.HTTP_201_CREATED, responses=responses(401, 403, 409, 422, 503))
async def create_task(
    data: TaskCreate, store: StoreDep, rules: RulesDep, person: PersonDep
) -> TaskPublic:
    """Create a task of your own (an admin may name its `user_id`); reminders follow its urgency.

    409 when you already have as many active tasks as the service allows.
    """
    return await service.create_task(store, rules, person, data, now=utcnow())


@router.get("", responses=responses(401, 403, 422, 503))
async def list_tasks(
    query: Annotated[TaskQuery, Query()], pool: PoolDep, principal: PrincipalDep
) -> Page[TaskPublic]:
    """List your tasks, filtered by id, status, urgency and due date, oldest or soonest due
    first.

    `user_id` is always your own; admins may filter by anyone's.
    """
    tasks, total = await service.list_tasks(pool, principal, query)
    return Page(items=tasks, total=total, skip=query.skip, limit=query.limit)


@router.get("/{task_id}", responses=responses(401, 404, 422, 503))
async def get_task(task_id: TaskId, pool: PoolDep, principal: PrincipalDep) -> TaskPublic:
    """One of your tasks, with its owner; another person's task answers 404."""
    return await service.get_task(pool, principal, task_id)


@router.get("/{task_id}/completions", responses=responses(401, 404, 422, 503))
async def list_completions(
    task_id: TaskId,
    page: Annotated[PageQuery, Query()],
    pool: PoolDep,
    principal: PrincipalDep,
) -> Page[TaskCompletionPublic]:
    """When one of your tasks was done, latest first: each occurrence of a repeating task."""
    items, total = await service.list_completions(pool, principal, task_id, page)
    return Page(items=items, total=total, skip=page.skip, limit=page.limit)


@router.put("/{task_id}", responses=responses(401, 403, 404, 409, 422, 503))
async def replace_task(
    task_id: TaskId, data: TaskReplace, store: StoreDep, rules: RulesDep, person: PersonDep
) -> TaskPublic:
    """Replace every editable field of a task; omitted optional fields are cleared."""
    changes = data.model_dump()
    return await service.update_task(store, rules, person, task_id, changes, now=utcnow())


@router.patch("/{task_id}", responses=responses(401, 403, 404, 409, 422, 503))
async def update_task(
    task_id: TaskId,
    changes: TaskUpdate,
    store: StoreDep,
    rules: RulesDep,
    principal: PrincipalDep,
) -> TaskPublic:
    """Change any subset of a task's fields; the notifier may change only `last_notification`
    (its workers record reminders through `POST /api/v1/notifications/sent`).

    `{"completed": true}` means `status: done`. 409 when reopening a done task would pass the
    limit of active tasks.
    """
    fields = changes.model_dump(exclude_unset=True)
    return await service.update_task(store, rules, principal, task_id, fields, now=utcnow())


@router.delete(
    "/{task_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(401, 403, 404, 422, 503),
)
async def delete_task(task_id: TaskId, store: StoreDep, person: PersonDep) -> Response:
    """Delete one of your tasks."""
    await service.delete_task(store, person, task_id, now=utcnow())
    return Response(status_code=status.HTTP_204_NO_CONTENT)
