"""Filters the routers share: is the chat linked, is this a press on a reminder's button."""

from typing import Any, Literal

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, TelegramObject

from todo_shared.reminder_buttons import ReminderButton
from todo_shared.schemas import UserPublic


class Linked(Filter):
    """Passes updates from chats linked to an account (the `user` the middleware found)."""

    async def __call__(self, event: TelegramObject, user: UserPublic | None = None) -> bool:
        """Whether the chat has an account."""
        return user is not None


class ReminderPress(Filter):
    """Passes presses on a reminder's `action` button, giving the handler the `press`."""

    def __init__(self, action: Literal["done", "snooze"]) -> None:
        self.action = action

    async def __call__(self, callback: CallbackQuery) -> bool | dict[str, Any]:
        """The press, read from the button's data; False for any other button."""
        try:
            press = ReminderButton.unpack(callback.data or "")
        except ValueError:
            return False
        return {"press": press} if press.action == self.action else False
