"""One API call from start to answer: token, method, latency, faults, the method, the log."""

import asyncio
import json
import logging
import time
from typing import Any

from fake_telegram.errors import ApiError, not_found, unauthorized
from fake_telegram.methods import METHODS, Call, Described
from fake_telegram.params import Params
from fake_telegram.state import ApiCall, BotState, JsonObject
from fake_telegram.world import World

log = logging.getLogger("fake_telegram")


async def handle_call(
    world: World, token: str, method: str, params: Params
) -> tuple[int, JsonObject]:
    """The HTTP status and JSON body Telegram would answer this call with."""
    arrived = time.monotonic()
    bot = world.authorized_bot(token)
    known = METHODS.get(method.lower())
    name = known[0] if known else method
    chat_id = _chat_of(bot, params)
    try:
        if bot is None:
            raise unauthorized()
        if known is None:
            raise not_found()
        status, body = 200, await _run(world, bot, name, chat_id, params)
    except ApiError as error:
        status, body = error.error_code, error.envelope()
    call = ApiCall(name, bot.id if bot else None, chat_id, arrived, status, body.get("description"))
    world.log_call(call)
    log.info(json.dumps({**call.as_json(), "ms": round((time.monotonic() - arrived) * 1000, 1)}))
    return status, body


async def run_webhook_reply(
    world: World, bot: BotState, method: str, arguments: dict[str, str]
) -> None:
    """Run a method a webhook answered with, as Telegram does; its result goes nowhere."""
    await handle_call(world, bot.token, method, Params(arguments))


async def _run(
    world: World, bot: BotState, name: str, chat_id: int | None, params: Params
) -> JsonObject:
    if world.faults.latency:
        # The delay a slow network or a busy Telegram would add.
        await asyncio.sleep(world.faults.latency)
    if error := world.faults.take(name, chat_id):
        raise error
    result: Any = await METHODS[name.lower()][1](Call(world, bot, params))
    if isinstance(result, Described):
        return {"ok": True, "result": result.result, "description": result.description}
    return {"ok": True, "result": result}


def _chat_of(bot: BotState | None, params: Params) -> int | None:
    """The chat a call is about, for the log and for faults aimed at one chat."""
    if bot is None:
        return None
    if query := bot.callback_queries.get(params.text("callback_query_id")):
        return query.chat_id
    raw = params.text("chat_id").strip()
    if raw.startswith("@"):
        chat = bot.chat_by_username(raw)
        return chat.id if chat else None
    try:
        return int(raw)
    except ValueError:
        return None
