"""Webhook delivery: each pending update POSTed to the bot's URL, in order, until it is taken."""

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from fake_telegram.params import as_argument
from fake_telegram.state import BotState, JsonObject, Webhook

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_RETRY_DELAY = 2.0
IDLE_SECONDS = 3600.0

# Runs a method that the webhook answered with, as Telegram runs such a "webhook reply".
Execute = Callable[[BotState, str, dict[str, str]], Awaitable[Any]]

log = logging.getLogger("fake_telegram")


class WebhookDeliveries:
    """One delivery task per bot that has a webhook set."""

    def __init__(self, execute: Execute, retry_delay: float, timeout: float = 10.0) -> None:
        self._execute = execute
        self._retry_delay = retry_delay
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._tasks: dict[str, asyncio.Task[None]] = {}

    def ensure_running(self, bot: BotState) -> None:
        """Start delivering `bot`'s updates, unless that is already going on."""
        task = self._tasks.get(bot.token)
        if task is None or task.done():
            self._tasks[bot.token] = asyncio.create_task(self._deliver(bot))

    async def stop(self) -> None:
        """Stop every delivery; updates not yet delivered stay pending."""
        tasks = list(self._tasks.values())
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _deliver(self, bot: BotState) -> None:
        delay = self._retry_delay
        async with aiohttp.ClientSession(timeout=self._timeout) as session:
            while True:
                if not await bot.signal.wait_until(lambda: _has_work(bot), IDLE_SECONDS):
                    continue
                webhook = bot.webhook
                if webhook is None:
                    return
                update = bot.updates[0]
                if await self._post(session, bot, webhook, update):
                    if bot.updates and bot.updates[0] is update:
                        bot.updates.pop(0)
                    bot.signal.notify()
                    delay = self._retry_delay
                else:
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, MAX_RETRY_DELAY)

    async def _post(
        self, session: aiohttp.ClientSession, bot: BotState, webhook: Webhook, update: JsonObject
    ) -> bool:
        headers = {SECRET_HEADER: webhook.secret_token} if webhook.secret_token else {}
        try:
            async with session.post(webhook.url, json=update, headers=headers) as response:
                body = await response.read()
                if response.status >= 300:
                    reason = f"{response.status} {response.reason}"
                    return _failed(bot, webhook, f"Wrong response from the webhook: {reason}")
        except (aiohttp.ClientError, TimeoutError) as error:
            return _failed(bot, webhook, _connection_error(error))
        await self._run_reply(bot, body)
        return True

    async def _run_reply(self, bot: BotState, body: bytes) -> None:
        try:
            reply = json.loads(body)
        except ValueError:
            return
        if isinstance(reply, dict) and isinstance(reply.get("method"), str):
            arguments = {
                k: as_argument(v) for k, v in reply.items() if k != "method" and v is not None
            }
            await self._execute(bot, reply["method"], arguments)


def _has_work(bot: BotState) -> bool:
    return bot.webhook is None or bool(bot.updates)


def _failed(bot: BotState, webhook: Webhook, message: str) -> bool:
    webhook.last_error_date = int(time.time())
    webhook.last_error_message = message
    log.info(json.dumps({"event": "webhook_failed", "bot_id": bot.id, "error": message}))
    bot.signal.notify()
    return False


def _connection_error(error: Exception) -> str:
    if isinstance(error, aiohttp.ClientConnectorError):
        return "Connection refused"
    if isinstance(error, TimeoutError):
        return "Read timeout expired"
    return f"Connection error: {error}"
