"""The bot's tests: a real task-api process, the fake Telegram in the tests' own event loop.

The conversations run twice: against the bot served in this process, its dispatcher taking
updates on a webhook the fake posts to, and against `python -m telegram_bot` as a process,
long-polling the fake. Each test talks in chats of its own, so the bots start once a run.
"""

import asyncio
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import httpx
import pytest
from aiogram.utils.i18n import I18n

from fake_smtp import FakeSmtp
from fake_telegram import FakeTelegram
from fake_telegram.state import JsonObject
from telegram_bot.app import serve
from telegram_bot.config import Settings
from telegram_bot.languages import bot_i18n
from todo_shared.api_client import TaskApi
from todo_shared.reminder_buttons import reminder_keyboard
from todo_testkit.processes import free_port, service_process, wait_until_healthy
from todo_testkit.task_api import RunningApi, api_env, mailing_to, running_task_api

BotEnv = Callable[..., dict[str, str]]
SendReminder = Callable[..., Awaitable[JsonObject]]


def new_bot_token() -> str:
    """A bot token of a bot of its own: the fake keeps a world per token."""
    return f"{secrets.randbelow(10**9) + 1}:TEST"


@pytest.fixture(scope="session")
async def mailbox() -> AsyncIterator[FakeSmtp]:
    """The run's SMTP server, and what task-api has mailed to it."""
    async with FakeSmtp.running() as smtp:
        yield smtp


@pytest.fixture(scope="session")
async def task_api(
    database_url: str, amqp_url: str, mailbox: FakeSmtp
) -> AsyncIterator[RunningApi]:
    """task-api as a process on the run's database and broker, mailing the run's SMTP server."""
    env = api_env(database_url, amqp_url, **mailing_to(mailbox.smtp_port))
    async with running_task_api(env) as api:
        yield api


@pytest.fixture(scope="session")
def i18n() -> I18n:
    """The bot's catalogs, as the bot reads them; English where the tests name no language."""
    return bot_i18n("en")


@pytest.fixture(autouse=True)
def in_english(i18n: I18n) -> Iterator[None]:
    """Tests read what the bot says in English, unless they speak another language in it:
    `with i18n.use_locale("ru"): ...`."""
    with i18n.context(), i18n.use_locale("en"):
        yield


@pytest.fixture(scope="session")
async def fake() -> AsyncIterator[FakeTelegram]:
    """The fake Telegram of the run; it accepts any well-formed token, a bot for each."""
    async with FakeTelegram.running(port=0) as running:
        yield running


@pytest.fixture(scope="session")
def bot_env(task_api: RunningApi, fake: FakeTelegram) -> BotEnv:
    """The environment of a bot on the run's task-api and fake Telegram, with a new token."""

    def env(**extra: str) -> dict[str, str]:
        return {
            "TELEGRAM_BOT_TOKEN": new_bot_token(),
            "TELEGRAM_API_BASE": fake.base_url,
            "API_URL": task_api.base_url,
            "API_TOKEN": task_api.service_tokens["telegram-bot"],
            "PORT": str(free_port()),
            "LOG_LEVEL": "INFO",
            # Not the default, so that a snooze until tomorrow morning shows the setting is read.
            "SNOOZE_MORNING_AT": "07:30",
            **extra,
        }

    return env


@pytest.fixture(scope="session")
async def bot_api(task_api: RunningApi) -> AsyncIterator[TaskApi]:
    """task-api as the bot calls it, for tests to see what a conversation changed."""
    api = TaskApi(task_api.base_url, task_api.service_tokens["telegram-bot"])
    yield api
    await api.aclose()


@pytest.fixture(scope="session")
def send_reminder(fake: FakeTelegram) -> SendReminder:
    """Send a reminder with its buttons through the Bot API, as the worker does; the message.

    `keyboard` gives it other buttons, such as those an older worker sent.
    """

    async def send(
        token: str,
        chat_id: int,
        task_id: int,
        title: str = "Pay rent",
        keyboard: list[list[dict[str, str]]] | None = None,
    ) -> JsonObject:
        body = {
            "chat_id": chat_id,
            "text": f"<b>⏰ {title}</b>",
            "parse_mode": "HTML",
            "reply_markup": {"inline_keyboard": keyboard or reminder_keyboard(task_id)},
        }
        async with httpx.AsyncClient() as http:
            sent = await http.post(fake.api_url(token, "sendMessage"), json=body)
        message: JsonObject = sent.json()["result"]
        return message

    return send


@pytest.fixture(scope="session")
async def webhook_bot(bot_env: BotEnv, fake: FakeTelegram) -> AsyncIterator[dict[str, str]]:
    """The bot served in this event loop as `python -m telegram_bot` serves it, with a webhook."""
    port = free_port()
    env = bot_env(
        PORT=str(port),
        BOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/webhook",
        BOT_WEBHOOK_SECRET=secrets.token_urlsafe(32),
    )
    bot_id = int(env["TELEGRAM_BOT_TOKEN"].partition(":")[0])
    stopping = asyncio.Event()
    serving = asyncio.create_task(serve(Settings.model_validate(_fields(env)), stopping))
    await fake.wait_until(
        lambda: any(call.bot_id == bot_id for call in fake.calls(method="setWebhook")), 10
    )
    yield env
    stopping.set()
    await serving


@pytest.fixture(scope="session")
async def polling_bot(bot_env: BotEnv, fake: FakeTelegram) -> AsyncIterator[dict[str, str]]:
    """`python -m telegram_bot` as a process, long-polling the fake. It must stop cleanly."""
    env = bot_env()
    async with service_process("telegram-bot", "telegram_bot", env) as bot:
        await wait_until_healthy(bot, f"http://127.0.0.1:{env['PORT']}/health")
        await fake.wait_for_polling(timeout=10, token=env["TELEGRAM_BOT_TOKEN"])
        yield env
        assert await bot.stop() == 0, bot.output()


@pytest.fixture(scope="session", params=["webhook_bot", "polling_bot"])
def bot(request: pytest.FixtureRequest) -> dict[str, str]:
    """A running bot's environment: the one taking a webhook, then the polling process."""
    env: dict[str, str] = request.getfixturevalue(request.param)
    return env


def _fields(env: dict[str, str]) -> dict[str, str]:
    """Settings fields from environment variables, as pydantic-settings reads them."""
    return {name.lower(): value for name, value in env.items()}
