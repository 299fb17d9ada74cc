"""The users routes: `/api/v1/users`."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from task_api.dependencies import SessionDep
from task_api.errors import responses
from task_api.users import repository, service
from todo_shared.schemas import MAX_ID, Page, UserCreate, UserPublic, UserQuery, UserUpdate

router = APIRouter(prefix="/api/v1/users", tags=["users"])

UserId = Annotated[int, Path(gt=0, le=MAX_ID, description="The user's id.")]


@router.post("", status_code=status.HTTP_201_CREATED, responses=responses(409, 422, 503))
async def create_user(data: UserCreate, session: SessionDep) -> UserPublic:
    """Create a user; usernames are unique whatever their case."""
    return UserPublic.model_validate(await service.create_user(session, data))


@router.get("", responses=responses(422, 503))
async def list_users(query: Annotated[UserQuery, Query()], session: SessionDep) -> Page[UserPublic]:
    """List users, optionally only the one linked to a Telegram chat."""
    users, total = await repository.list_users(session, query)
    items = [UserPublic.model_validate(user) for user in users]
    return Page(items=items, total=total, skip=query.skip, limit=query.limit)


@router.get("/{user_id}", responses=responses(404, 422, 503))
async def get_user(user_id: UserId, session: SessionDep) -> UserPublic:
    """One user."""
    return UserPublic.model_validate(await service.get_user(session, user_id))


@router.patch("/{user_id}", responses=responses(404, 422, 503))
async def update_user(user_id: UserId, changes: UserUpdate, session: SessionDep) -> UserPublic:
    """Change a user's email or time zone; omitted fields stay as they are."""
    return UserPublic.model_validate(await service.update_user(session, user_id, changes))
