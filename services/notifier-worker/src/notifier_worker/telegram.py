"""Sending a reminder through the Telegram Bot API, and what Telegram's answer means for it.

Two methods of the Bot API's HTTP interface, over aiohttp: importing aiogram took 7 of the 9
seconds a worker needed to start (pydantic building its 300 types), and workers are what a
platform team starts by the dozen when the queue grows. (aiohttp, not httpx: see api_client.)
"""

import json

import aiohttp

from notifier_worker.metrics import SEND_SECONDS, TELEGRAM_ERRORS
from notifier_worker.sending import (
    PermanentFailure,
    RecipientUnreachable,
    RetryAfter,
    SendFailure,
    TransientFailure,
)
from todo_shared.api_client import TaskApi
from todo_shared.messages import SendReminder
from todo_shared.reminder_buttons import reminder_keyboard


class TelegramSender:
    """Sends reminders with their buttons through a Bot API server (a `Sender`)."""

    name = "Telegram"

    def __init__(self, token: str, api_base: str, *, timeout_seconds: float) -> None:
        self._base_url = f"{api_base.rstrip('/')}/bot{token}/"
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    def recipient(self, reminder: SendReminder) -> int:
        """The reminder's chat: Telegram allows about one message a second to each."""
        return reminder.chat_id

    async def send(self, reminder: SendReminder) -> None:
        """Send the reminder, its buttons in its language; raises a SendFailure when that did
        not work."""
        keyboard = reminder_keyboard(reminder.task_id, reminder.language)
        body = {
            "chat_id": reminder.chat_id,
            "text": reminder.text,
            "reply_markup": {"inline_keyboard": keyboard},
        }
        with SEND_SECONDS.labels("telegram").time():
            try:
                await self._call("sendMessage", body)
            except SendFailure as failure:
                TELEGRAM_ERRORS.labels(str(failure.code)).inc()
                raise

    async def mark_unreachable(self, api: TaskApi, reminder: SendReminder) -> None:
        """The chat blocked the bot: no reminders until the person starts it again."""
        await api.mark_chat_unreachable(reminder.user_id)

    async def ready(self) -> str | None:
        """None when the Bot API answers getMe, or what is wrong."""
        try:
            await self._call("getMe", {})
        except SendFailure as error:
            return f"unavailable: {error}"
        return None

    async def close(self) -> None:
        """Close the HTTP connections."""
        if self._session is not None:
            await self._session.close()

    async def _call(self, method: str, body: dict) -> dict:
        if self._session is None:  # made here, where an event loop runs, as aiohttp wants
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        try:
            async with self._session.post(self._base_url + method, json=body) as response:
                status, answer = response.status, json.loads(await response.read())
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise TransientFailure(f"{method}: {error!r}", "network") from error
        if answer.get("ok"):
            return answer.get("result") or {}
        raise _failure(status, answer)


def _failure(status: int, answer: dict) -> Exception:
    """The exception that says what an error answer of the Bot API means for the message."""
    description = str(answer.get("description", f"HTTP {status}"))
    code = answer.get("error_code", status)
    if code == 429:
        return RetryAfter(int(answer.get("parameters", {}).get("retry_after", 1)))
    if code == 403 or (code == 400 and "chat not found" in description.lower()):
        return RecipientUnreachable(description, code)
    if code == 400:
        return PermanentFailure(description, code)
    # 5xx, and 401/404 for a wrong token or API base: fixed in the settings, sending works.
    return TransientFailure(description, code)
