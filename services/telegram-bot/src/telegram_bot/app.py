"""The running bot: the dispatcher, the way updates come in, and a clean stop."""

import asyncio
import logging
from contextlib import AsyncExitStack

import aiohttp
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand
from aiogram.utils.i18n import I18n
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from telegram_bot import handlers, texts
from telegram_bot.config import Settings
from telegram_bot.languages import PersonsLanguage, bot_i18n
from telegram_bot.middlewares import ChatAccount, CountUpdates, OneAtATimePerChat, UpdatesInHand
from todo_shared.api_client import TaskApi
from todo_shared.i18n import languages
from todo_shared.ops_server import ops_app, serving
from todo_shared.readiness import CHECK_TIMEOUT_SECONDS, Check
from todo_shared.retry import Backoff

log = logging.getLogger("telegram_bot")
MAX_RETRY_SECONDS = 30.0


def build_dispatcher(
    api: TaskApi, settings: Settings, in_hand: UpdatesInHand, i18n: I18n
) -> Dispatcher:
    """The dispatcher with every handler, and the middlewares that run around each update."""
    dispatcher = Dispatcher(name="telegram-bot", snooze_morning_at=settings.snooze_morning_at)
    dispatcher.update.outer_middleware(in_hand)
    dispatcher.update.outer_middleware(CountUpdates())
    dispatcher.update.outer_middleware(OneAtATimePerChat())
    dispatcher.update.outer_middleware(ChatAccount(api, settings.default_timezone))
    # On every event but the update itself, errors included: inside ChatAccount, which finds
    # the account whose language it reads.
    PersonsLanguage(i18n).setup(dispatcher)
    dispatcher.include_router(handlers.router)
    return dispatcher


async def serve(settings: Settings, stopping: asyncio.Event) -> None:
    """Take updates (long polling, or the webhook) until `stopping` is set, then stop cleanly.

    Stopping ends the intake first, then finishes the updates in hand, then closes the sessions.
    """
    async with AsyncExitStack() as stack:
        api = TaskApi(settings.api_url, settings.api_token.get_secret_value())
        stack.push_async_callback(api.aclose)
        bot = Bot(
            settings.telegram_bot_token.get_secret_value(),
            session=AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base)),
        )
        stack.push_async_callback(bot.session.close)
        in_hand = UpdatesInHand()
        i18n = bot_i18n(settings.default_language)
        dispatcher = build_dispatcher(api, settings, in_hand, i18n)
        checks = {"task-api": _task_api_check(settings.api_url), "telegram": _bot_api_check(bot)}
        app = ops_app(checks)
        if settings.bot_webhook_url is not None:
            _add_webhook(app, bot, dispatcher, settings)
        async with serving(app, settings.host, settings.port):
            if await _reach_telegram(bot, stopping):
                await _describe_commands(bot, i18n)
                await _take_updates(bot, dispatcher, settings, stopping)
        await _finish(bot, in_hand, settings)


async def _reach_telegram(bot: Bot, stopping: asyncio.Event) -> bool:
    """Wait until the Bot API answers getMe, trying again with backoff; False if stopped first."""
    backoff = Backoff(first=1.0, most=MAX_RETRY_SECONDS)
    while not stopping.is_set():
        try:
            await bot.me()
        except TelegramAPIError as error:
            log.warning("the Bot API does not answer", extra={"error": type(error).__name__})
        else:
            return True
        await backoff.wait(stopping)
    return False


async def _take_updates(
    bot: Bot, dispatcher: Dispatcher, settings: Settings, stopping: asyncio.Event
) -> None:
    """Take updates until `stopping` is set: long polling, or from the webhook."""
    if settings.bot_webhook_url is None:
        await _poll(bot, dispatcher, stopping)
    else:
        await _set_webhook(bot, dispatcher, settings)
        await stopping.wait()


async def _poll(bot: Bot, dispatcher: Dispatcher, stopping: asyncio.Event) -> None:
    """Long-poll the Bot API until `stopping` is set (or polling fails)."""
    # A webhook left from an earlier run would make every getUpdates fail with 409.
    await bot.delete_webhook(drop_pending_updates=False)
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    stop = asyncio.create_task(stopping.wait())
    await asyncio.wait({polling, stop}, return_when=asyncio.FIRST_COMPLETED)
    stop.cancel()
    if not polling.done():
        await dispatcher.stop_polling()
    await polling


def _add_webhook(
    app: web.Application, bot: Bot, dispatcher: Dispatcher, settings: Settings
) -> None:
    """Take updates on the webhook's path, from callers that know the secret."""
    assert settings.bot_webhook_secret is not None, "the settings require it with a webhook URL"
    handler = SimpleRequestHandler(
        dispatcher, bot, secret_token=settings.bot_webhook_secret.get_secret_value()
    )
    # Not handler.register(), which closes the bot's session before the updates in hand end.
    app.router.add_post(settings.webhook_path, handler.handle)


async def _set_webhook(bot: Bot, dispatcher: Dispatcher, settings: Settings) -> None:
    """Ask Telegram to post updates to the webhook URL, with the secret."""
    assert settings.bot_webhook_url is not None
    assert settings.bot_webhook_secret is not None
    await bot.set_webhook(
        settings.bot_webhook_url,
        secret_token=settings.bot_webhook_secret.get_secret_value(),
        allowed_updates=dispatcher.resolve_used_update_types(),
    )


async def _finish(bot: Bot, in_hand: UpdatesInHand, settings: Settings) -> None:
    """Finish the updates in hand; after long polling, tell the Bot API they are done."""
    log.info("stopping", extra={"updates_in_hand": len(in_hand)})
    finished = await in_hand.finish(settings.bot_shutdown_seconds)
    if not finished:
        log.warning("stopping before the updates in hand are done", extra={"left": len(in_hand)})
    # getUpdates confirms the updates before its offset, and aiogram confirms a batch only with
    # the next poll, which never comes after a stop: without this, the next start would redo them.
    if finished and settings.bot_webhook_url is None and in_hand.last_update_id is not None:
        await _confirm(bot, in_hand.last_update_id)


async def _confirm(bot: Bot, last_update_id: int) -> None:
    """Tell the Bot API that every update up to `last_update_id` is handled."""
    try:
        await bot.get_updates(offset=last_update_id + 1, limit=1, timeout=0)
    except TelegramAPIError as error:
        log.warning("could not confirm the last update", extra={"error": type(error).__name__})


async def _describe_commands(bot: Bot, i18n: I18n) -> None:
    """Fill the chat's command menu in each language, and in the default one for people whose
    language the bot does not speak; the bot works without it, so a failure is only logged."""
    menus = [(language, language) for language in languages()]
    menus.append((None, i18n.default_locale))
    with i18n.context():
        for language_code, language in menus:
            with i18n.use_locale(language):
                commands = [
                    BotCommand(command=name, description=str(text))
                    for name, text in texts.COMMANDS.items()
                ]
            try:
                await bot.set_my_commands(commands, language_code=language_code)
            except TelegramAPIError as error:
                log.warning(
                    "could not set the command menu",
                    extra={"error": type(error).__name__, "language": language_code},
                )


def _task_api_check(api_url: str) -> Check:
    """Whether task-api answers its /health."""

    async def check() -> str | None:
        """None when task-api answers 200, else what went wrong."""
        timeout = aiohttp.ClientTimeout(total=CHECK_TIMEOUT_SECONDS)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as http,
                http.get(f"{api_url.rstrip('/')}/health") as response,
            ):
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as error:
            return f"unreachable ({type(error).__name__})"
        return None if status == 200 else f"answered {status}"

    return check


def _bot_api_check(bot: Bot) -> Check:
    """Whether the Bot API answers getMe with this bot's token."""

    async def check() -> str | None:
        """None when getMe succeeds, else the kind of failure."""
        try:
            await bot.get_me()
        except TelegramAPIError as error:
            return f"unreachable ({type(error).__name__})"
        return None

    return check
