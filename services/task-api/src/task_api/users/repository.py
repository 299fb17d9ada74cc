"""Storing and finding users."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.users.models import User
from todo_shared.schemas import UserQuery


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    """The user with this id, or None."""
    return await session.get(User, user_id)


async def username_taken(session: AsyncSession, username: str) -> bool:
    """True when a user already has this username, in any case."""
    query = select(User.id).where(func.lower(User.username) == username.lower())
    return await session.scalar(query) is not None


async def chat_taken(session: AsyncSession, chat_id: int) -> bool:
    """True when a user is already linked to this Telegram chat."""
    return await session.scalar(select(User.id).where(User.telegram_chat_id == chat_id)) is not None


async def list_users(session: AsyncSession, query: UserQuery) -> tuple[list[User], int]:
    """One page of the users matching `query`, and how many match in all."""
    matching = select(User)
    if query.telegram_chat_id is not None:
        matching = matching.where(User.telegram_chat_id == query.telegram_chat_id)
    total = await session.scalar(select(func.count()).select_from(matching.subquery()))
    page = matching.order_by(User.id).offset(query.skip).limit(query.limit)
    return list(await session.scalars(page)), total or 0
