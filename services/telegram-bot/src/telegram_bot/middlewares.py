"""Outer middlewares of every update: updates in hand, metrics, order, the chat's account."""

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, TelegramObject, Update

from telegram_bot.chat_api import ChatApi
from telegram_bot.metrics import UPDATES
from telegram_bot.texts import COMMANDS
from todo_shared.api_client import TaskApi

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
BUTTONS = frozenset({"urgency", "page", "delete", "language", "channel", "done", "snooze"})


class UpdatesInHand(BaseMiddleware):
    """Knows which updates are being handled, so that stopping can wait for them.

    Stopping ends the intake first; by the time that is done, every update taken in has
    reached this middleware, the first thing its task runs after aiogram's own.
    """

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self.last_update_id: int | None = None

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Note the update's task (aiogram runs each update as one) and id, then handle it."""
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if isinstance(event, Update):
            self.last_update_id = max(event.update_id, self.last_update_id or 0)
        return await handler(event, data)

    async def finish(self, within_seconds: float) -> bool:
        """Wait until the updates in hand are handled; whether they all were in time."""
        if not self._tasks:
            return True
        _, pending = await asyncio.wait(set(self._tasks), timeout=within_seconds)
        return not pending

    def __len__(self) -> int:
        """How many updates are in hand."""
        return len(self._tasks)


class CountUpdates(BaseMiddleware):
    """Counts updates by kind and command (or button) for /metrics."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Count the update, then handle it."""
        if isinstance(event, Update):
            UPDATES.labels(event.event_type, command_label(event)).inc()
        return await handler(event, data)


class OneAtATimePerChat(BaseMiddleware):
    """Handles each chat's updates one after another, in the order they came.

    aiogram handles updates concurrently, so "/start" and "/new" sent a moment apart could
    otherwise meet task-api the other way round.
    """

    def __init__(self) -> None:
        self._turns: dict[int, asyncio.Lock] = {}
        self._queued: Counter[int] = Counter()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Wait for the chat's earlier updates (asyncio's locks are first come, first served)."""
        chat: Chat | None = data.get("event_chat")
        if chat is None:
            return await handler(event, data)
        turn = self._turns.setdefault(chat.id, asyncio.Lock())
        self._queued[chat.id] += 1
        try:
            async with turn:
                return await handler(event, data)
        finally:
            self._queued[chat.id] -= 1
            if not self._queued[chat.id]:
                del self._queued[chat.id], self._turns[chat.id]


class ChatAccount(BaseMiddleware):
    """Gives handlers the chat's `api`, its `user` (None while not linked) and its `zone`."""

    def __init__(self, api: TaskApi, default_zone: str) -> None:
        self._api = api
        self._default_zone = default_zone

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Look the chat's account up in task-api, then handle the update."""
        chat: Chat | None = data.get("event_chat")
        if chat is not None:
            api = ChatApi(self._api, chat.id)
            user = await api.me()
            zone = user.timezone if user is not None and user.timezone else self._default_zone
            data.update(api=api, user=user, zone=zone)
        return await handler(event, data)


def command_label(update: Update) -> str:
    """The command or button an update is about, from a closed set so labels stay few."""
    if update.message is not None:
        text = update.message.text or ""
        if not text.startswith("/"):
            return "text"
        [word, *_] = text[1:].split(maxsplit=1) or [""]
        command = word.partition("@")[0].lower()
        return command if command in COMMANDS else "unknown"
    if update.callback_query is not None:
        prefix = (update.callback_query.data or "").partition(":")[0]
        return prefix if prefix in BUTTONS else "unknown"
    return "other"
