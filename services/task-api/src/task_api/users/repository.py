"""Storing and finding users."""

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.users.models import User
from todo_shared.enums import Role
from todo_shared.schemas import UserQuery


async def get_user(session: AsyncSession, user_id: int, *, for_update: bool = False) -> User | None:
    """The user with this id, or None; `for_update` locks the row until the transaction ends."""
    return await session.get(User, user_id, with_for_update=for_update)


async def find_by_username(session: AsyncSession, username: str) -> User | None:
    """The person with this username, whatever its case, or None; never the importer."""
    return await session.scalar(
        select(User).where(
            func.lower(User.username) == username.lower(), User.role != Role.IMPORTER
        )
    )


async def find_importer(session: AsyncSession) -> User | None:
    """The account that owns imported tasks, or None before the first import."""
    return await session.scalar(select(User).where(User.role == Role.IMPORTER))


async def find_by_chat(session: AsyncSession, chat_id: int) -> User | None:
    """The user linked to this Telegram chat, or None."""
    return await session.scalar(select(User).where(User.telegram_chat_id == chat_id))


async def list_users(session: AsyncSession, query: UserQuery) -> tuple[list[User], int]:
    """One page of the users matching `query`, and how many match in all."""
    matching = select(User).where(*_filters(query))
    total = await session.scalar(select(func.count()).select_from(matching.subquery()))
    page = matching.order_by(User.id).offset(query.skip).limit(query.limit)
    return list(await session.scalars(page)), total or 0


def _filters(query: UserQuery) -> list[ColumnElement[bool]]:
    """The conditions of the filters `query` gives."""
    wanted = {
        User.telegram_chat_id: query.telegram_chat_id,
        User.telegram_unreachable: query.telegram_unreachable,
        User.email_unreachable: query.email_unreachable,
        User.role: query.role,
    }
    filters = [column == value for column, value in wanted.items() if value is not None]
    if query.q is not None:
        filters.append(User.username.icontains(query.q, autoescape=True))
    return filters
