"""The bot as an operator runs it: `python -m telegram_bot`, its settings, modes and stopping."""

import asyncio
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import httpx
import pytest
from aiohttp import web

from fake_telegram import FakeTelegram
from fake_telegram.state import JsonObject
from todo_shared.api_client import TaskApi
from todo_testkit.factories import new_chat_id
from todo_testkit.processes import ServiceProcess, free_port, service_process, wait_until_healthy
from todo_testkit.task_api import RunningApi

BotEnv = Callable[..., dict[str, str]]
SendReminder = Callable[..., Awaitable[JsonObject]]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
API_DOWN = "I can't reach your task list right now. Try again in a moment."


def url(env: dict[str, str], path: str) -> str:
    """A URL of the bot's own HTTP port."""
    return f"http://127.0.0.1:{env['PORT']}{path}"


def assert_no_secrets(bot: ServiceProcess, env: dict[str, str]) -> None:
    """The process never wrote its token or its task-api secret."""
    output = bot.output()
    assert env["TELEGRAM_BOT_TOKEN"] not in output
    assert env["API_TOKEN"] not in output


async def test_help_lists_every_setting() -> None:
    async with service_process("help", "telegram_bot", {}, "--help") as helped:
        assert await helped.process.wait() == 0
        output = helped.output()
    for setting in (
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_BASE",
        "API_URL",
        "API_TOKEN",
        "BOT_WEBHOOK_URL",
        "BOT_WEBHOOK_SECRET",
        "DEFAULT_TIMEZONE",
        "SNOOZE_MORNING_AT",
        "HOST",
        "PORT",
        "LOG_LEVEL",
    ):
        assert setting in output


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, ["TELEGRAM_BOT_TOKEN: Field required", "API_TOKEN: Field required"]),
        (
            {
                "TELEGRAM_BOT_TOKEN": "no-colon",
                "API_TOKEN": "s",
                "DEFAULT_TIMEZONE": "Mars/Olympus",
                "SNOOZE_MORNING_AT": "25:00",
            },
            [
                "TELEGRAM_BOT_TOKEN: Value error, must look like",
                "API_TOKEN: Value error, must be at least 32 characters",
                "DEFAULT_TIMEZONE: Value error",
                "SNOOZE_MORNING_AT: Input should be in a valid time format",
            ],
        ),
        (
            {
                "TELEGRAM_BOT_TOKEN": "1:A",
                "API_TOKEN": "s" * 32,
                "BOT_WEBHOOK_URL": "https://x.org/h",
            },
            ["BOT_WEBHOOK_SECRET is required when BOT_WEBHOOK_URL is set"],
        ),
        (
            {
                "TELEGRAM_BOT_TOKEN": "1:A",
                "API_TOKEN": "s" * 32,
                "SNOOZE_MORNING_AT": "09:00+03:00",
            },
            ["SNOOZE_MORNING_AT: Value error, must be a time of day without an offset"],
        ),
    ],
)
async def test_a_missing_or_bad_setting_is_named_at_start_up(
    env: dict[str, str], named: list[str]
) -> None:
    async with service_process("refused", "telegram_bot", env) as refused:
        assert await refused.process.wait() == 1
        output = refused.output()
    assert output.startswith("telegram-bot cannot start: ")
    assert output.count("\n") == 1, output
    for problem in named:
        assert problem in output
    assert "Traceback" not in output


@dataclass
class Gate:
    """A door in front of task-api: creating a task waits at it until it is opened."""

    url: str = ""
    waiting: asyncio.Event = field(default_factory=asyncio.Event)
    opened: asyncio.Event = field(default_factory=asyncio.Event)


@pytest.fixture
async def gate(task_api: RunningApi) -> AsyncIterator[Gate]:
    """A proxy to the run's task-api that holds POST /api/v1/tasks until `opened` is set."""
    door = Gate()

    async def forward(request: web.Request) -> web.Response:
        if (request.method, request.path) == ("POST", "/api/v1/tasks"):
            door.waiting.set()
            await door.opened.wait()
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        async with httpx.AsyncClient(base_url=task_api.base_url) as http:
            answer = await http.request(
                request.method, request.path_qs, headers=headers, content=await request.read()
            )
        return web.Response(
            status=answer.status_code, body=answer.content, content_type="application/json"
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", forward)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    door.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield door
    door.opened.set()
    await runner.cleanup()


async def test_sigterm_finishes_the_update_in_hand(
    bot_env: BotEnv, fake: FakeTelegram, gate: Gate, bot_api: TaskApi
) -> None:
    env = bot_env(API_URL=gate.url)
    token, chat = env["TELEGRAM_BOT_TOKEN"], new_chat_id()
    async with service_process("telegram-bot", "telegram_bot", env) as bot:
        await wait_until_healthy(bot, url(env, "/health"))
        await fake.wait_for_polling(timeout=10, token=token)
        fake.inject_message("/start", user_id=chat, token=token)
        await fake.wait_for_messages(chat, 1, token=token)
        fake.inject_message("/new Water the plants", user_id=chat, token=token)
        async with asyncio.timeout(10):
            await gate.waiting.wait()

        bot.process.send_signal(signal.SIGTERM)
        await bot.wait_for_output('"updates_in_hand": 1')
        gate.opened.set()

        assert await bot.stop() == 0, bot.output()
        assert_no_secrets(bot, env)
    [_, answer] = fake.actions(chat, kind="send", token=token)
    assert (answer.text or "").endswith("Water the plants. How urgent is it?")
    [task] = (await bot_api.list_tasks(chat_id=chat)).items
    assert task.title == "Water the plants"
    # Only once the answer was sent did it confirm the updates it had: none is left to redo.
    bot_id = int(token.partition(":")[0])
    answered = [c.method for c in fake.calls() if c.bot_id == bot_id and c.status == 200]
    assert answered[-2:] == ["sendMessage", "getUpdates"]
    assert fake.pending_updates(token=token) == []


async def test_task_api_down_gets_try_again_in_a_moment(
    bot_env: BotEnv, fake: FakeTelegram, send_reminder: SendReminder
) -> None:
    env = bot_env(API_URL=f"http://127.0.0.1:{free_port()}")
    token, chat = env["TELEGRAM_BOT_TOKEN"], new_chat_id()
    async with service_process("telegram-bot", "telegram_bot", env) as bot:
        await wait_until_healthy(bot, url(env, "/health"))
        await fake.wait_for_polling(timeout=10, token=token)
        for typed in ("/start", "/new Pay rent", "/list", "/start abc"):
            fake.inject_message(typed, user_id=chat, token=token)
        answers = await fake.wait_for_messages(chat, 4, token=token)
        reminder = await send_reminder(token, chat, task_id=7)
        fake.press_button(
            chat_id=chat, message_id=reminder["message_id"], data="done:7", token=token
        )
        [notice] = await fake.wait_for_actions(chat, 1, kind="answer_callback", token=token)
        async with httpx.AsyncClient() as http:
            ready = await http.get(url(env, "/ready"))
            metrics = (await http.get(url(env, "/metrics"))).text
        assert await bot.stop() == 0, bot.output()
        assert_no_secrets(bot, env)
    assert [answer.text for answer in answers] == [API_DOWN] * 4
    assert (notice.text, notice.show_alert) == (API_DOWN, True)
    assert ready.status_code == 503
    assert ready.json()["checks"] == {
        "task-api": "unreachable (ClientConnectorError)",
        "telegram": "ok",
    }
    assert 'telegram_bot_failures_total{reason="api_unavailable"} 5.0' in metrics


async def test_telegram_down_waits_for_it_and_still_stops_cleanly(bot_env: BotEnv) -> None:
    env = bot_env(TELEGRAM_API_BASE=f"http://127.0.0.1:{free_port()}")
    async with service_process("telegram-bot", "telegram_bot", env) as bot:
        await wait_until_healthy(bot, url(env, "/health"))
        async with httpx.AsyncClient() as http:
            ready = await http.get(url(env, "/ready"))
        await bot.wait_for_output("the Bot API does not answer")
        assert await bot.stop() == 0, bot.output()
        assert_no_secrets(bot, env)
    assert ready.status_code == 503
    assert ready.json()["checks"] == {
        "task-api": "ok",
        "telegram": "unreachable (TelegramNetworkError)",
    }


async def test_the_webhook_takes_only_updates_that_carry_the_secret(
    webhook_bot: dict[str, str], fake: FakeTelegram
) -> None:
    token, webhook = webhook_bot["TELEGRAM_BOT_TOKEN"], webhook_bot["BOT_WEBHOOK_URL"]
    update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "/help"}}

    async with httpx.AsyncClient() as http:
        info = (await http.get(fake.api_url(token, "getWebhookInfo"))).json()["result"]
        unsigned = await http.post(webhook, json=update)
        guessed = await http.post(webhook, json=update, headers={SECRET_HEADER: "guess"})

    assert info["url"] == webhook
    assert sorted(info["allowed_updates"]) == ["callback_query", "message"]
    assert info["pending_update_count"] == 0
    assert (unsigned.status_code, guessed.status_code) == (401, 401)
    bot_id = int(token.partition(":")[0])
    assert [call for call in fake.calls(method="getUpdates") if call.bot_id == bot_id] == []
