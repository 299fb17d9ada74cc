"""What can be done with users."""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.errors import Conflict, NotFound
from task_api.users import repository
from task_api.users.models import User
from todo_shared.schemas import UserCreate, UserUpdate


async def create_user(session: AsyncSession, data: UserCreate) -> User:
    """Add a user; a username or chat that is already taken is a conflict."""
    if await repository.username_taken(session, data.username):
        raise Conflict(f"the username {data.username!r} is already taken")
    if data.telegram_chat_id is not None and await repository.chat_taken(
        session, data.telegram_chat_id
    ):
        raise Conflict("this Telegram chat is already linked to another user")
    user = User(**data.model_dump())
    session.add(user)
    try:
        await session.commit()
    except IntegrityError as error:
        # Two sign-ups at the same moment: the unique indexes decide.
        taken = "username" if "username" in str(error.orig) else "Telegram chat"
        raise Conflict(f"this {taken} is already taken") from error
    return user


async def get_user(session: AsyncSession, user_id: int) -> User:
    """The user with this id; 404 when there is none."""
    user = await repository.get_user(session, user_id)
    if user is None:
        raise NotFound(f"user {user_id} not found")
    return user


async def update_user(session: AsyncSession, user_id: int, changes: UserUpdate) -> User:
    """Change the given fields of a user."""
    user = await get_user(session, user_id)
    for field, value in changes.model_dump(exclude_unset=True).items():
        setattr(user, field, value)
    await session.commit()
    return user
