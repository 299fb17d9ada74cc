"""Linking Telegram chats to accounts, and the accounts chats get of their own.

Chats are linked by the bot alone (the `chats:link` scope); a person only asks for a code.
"""

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.auth.principal import Principal, Scope
from task_api.auth.tokens import digest, new_secret_token
from task_api.config import Settings
from task_api.errors import Conflict, InvalidField
from task_api.tasks.rules import TaskRules
from task_api.tasks.service import hand_over_tasks, reschedule_open_tasks
from task_api.tasks.store import TaskStore, TaskWrites
from task_api.telegram.models import TelegramLinkCode
from task_api.telegram.schemas import LinkCode
from task_api.users import repository as users
from task_api.users import service as user_service
from task_api.users.models import User
from todo_shared.i18n import Text, language_of
from todo_shared.schemas import UserCreate

BAD_CODE = Text("this link code is unknown, used or expired; ask for a new one")


async def issue_link_code(
    session: AsyncSession, settings: Settings, user_id: int, *, now: datetime
) -> LinkCode:
    """A new one-time code for this user; only its hash is kept."""
    code = new_secret_token()
    expires_at = now + settings.telegram_link_ttl
    session.add(TelegramLinkCode(code_hash=digest(code), user_id=user_id, expires_at=expires_at))
    await session.commit()
    bot = settings.telegram_bot_username
    deep_link = f"https://t.me/{bot}?start={code}" if bot else None
    return LinkCode(code=code, expires_at=expires_at, deep_link=deep_link)


async def redeem_link_code(
    session: AsyncSession,
    store: TaskStore,
    rules: TaskRules,
    principal: Principal,
    chat_id: int,
    code: str,
    *,
    now: datetime,
) -> User:
    """Link the chat to the account whose code this is; the code then stops working.

    A chat already linked to an account of its own (one without a password) brings its tasks
    along, and that account goes; one linked to another person's account is unlinked from it.
    """
    principal.require(Scope.LINK_CHATS)
    async with store.transaction_of(session) as tasks:
        link = await session.scalar(
            select(TelegramLinkCode)
            .where(TelegramLinkCode.code_hash == digest(code))
            .with_for_update()
        )
        if link is None or link.used_at is not None or link.expires_at <= now:
            raise InvalidField(["body", "code"], BAD_CODE)
        link.used_at = now
        user = await users.get_user(session, link.user_id, for_update=True)
        assert user is not None, "link codes go with their user"
        previous = await users.find_by_chat(session, chat_id)
        if previous is not None and previous.id != user.id:
            await _release_chat(session, tasks, rules, previous, to=user, now=now)
        await user_service.link_chat(session, tasks, rules, user, chat_id)
    return user


async def account_for_chat(
    session: AsyncSession,
    store: TaskStore,
    rules: TaskRules,
    principal: Principal,
    chat_id: int,
    *,
    language_code: str | None = None,
) -> tuple[User, bool]:
    """The account linked to this chat, made now if there is none (reading Telegram's
    `language_code` when there are catalogs for it); and whether it was made.

    A chat that had blocked the bot and starts it again is reachable again.
    """
    principal.require(Scope.LINK_CHATS)
    user = await users.find_by_chat(session, chat_id)
    if user is not None:
        if user.telegram_unreachable:
            async with store.transaction_of(session) as tasks:
                await user_service.link_chat(session, tasks, rules, user, chat_id)
        return user, False
    profile = UserCreate(
        username=await _free_username(session, chat_id),
        telegram_chat_id=chat_id,
        language=language_of(language_code),
    )
    try:
        made = await user_service.create_user(session, profile, defaults=rules.new_people)
        return made, True
    except Conflict:
        # The same chat sent /start twice at once; the other request made the account.
        await session.rollback()
        user = await users.find_by_chat(session, chat_id)
        if user is None:
            raise
        return user, False


async def _release_chat(
    session: AsyncSession,
    tasks: TaskWrites,
    rules: TaskRules,
    holder: User,
    *,
    to: User,
    now: datetime,
) -> None:
    if holder.signs_in_with_password:
        holder.telegram_chat_id = None
        await reschedule_open_tasks(tasks, rules, holder.id, now=now)
    else:
        await hand_over_tasks(tasks, holder.id, to_id=to.id, now=now)
        await session.delete(holder)
    await session.flush()  # frees the chat id before it is given to `to`


async def _free_username(session: AsyncSession, chat_id: int) -> str:
    name = f"tg{chat_id}"
    while await users.find_by_username(session, name) is not None:
        name = f"tg{chat_id}-{secrets.token_hex(2)}"
    return name
