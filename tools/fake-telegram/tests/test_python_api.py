"""The in-process control API: injecting, observing, waiting, faults, reset, webhook replies."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest
from aiohttp import web

from fake_telegram import FakeTelegram

API = "/bot42:TEST"
CHAT = 4004
KEYBOARD = {"inline_keyboard": [[{"text": "Done", "callback_data": "done:1"}]]}


async def send(http: httpx.AsyncClient, text: str, chat_id: int = CHAT) -> httpx.Response:
    """sendMessage with the keyboard."""
    body = {"chat_id": chat_id, "text": text, "reply_markup": KEYBOARD}
    return await http.post(f"{API}/sendMessage", json=body)


async def test_a_wait_that_is_not_met_raises_timeout(fake: FakeTelegram) -> None:
    with pytest.raises(TimeoutError, match="no 1 send"):
        await fake.wait_for_messages(CHAT, 1, timeout=0.01)


async def test_wait_for_messages_returns_once_enough_are_sent(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    waiting = asyncio.create_task(fake.wait_for_messages(CHAT, 2))
    await send(http, "one")
    await send(http, "two")

    assert [m.text for m in await waiting] == ["one", "two"]


async def test_wait_for_calls_filters_by_method(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    await http.get(f"{API}/getMe")
    await send(http, "x")

    [call] = await fake.wait_for_calls(1, method="sendmessage")

    assert (call.method, call.chat_id, call.status) == ("sendMessage", CHAT, 200)


async def test_a_fault_only_counts_the_calls_it_matches(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    fake.fail_next("server_error", count=2, method="sendMessage")

    statuses = [(await http.get(f"{API}/getMe")).status_code]
    statuses += [(await send(http, "x")).status_code for _ in range(3)]

    assert statuses == [200, 500, 500, 200]


async def test_faults_are_checked(fake: FakeTelegram) -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        fake.fail_next("teapot")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="count"):
        fake.fail_next("blocked", count=0)


async def test_latency_delays_answers_without_breaking_them(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    fake.set_latency(0.01)

    assert (await http.get(f"{API}/getMe")).status_code == 200


async def test_edit_markup_and_delete(http: httpx.AsyncClient, fake: FakeTelegram) -> None:
    message_id = (await send(http, "x")).json()["result"]["message_id"]
    target = {"chat_id": CHAT, "message_id": message_id}

    edited = await http.post(f"{API}/editMessageReplyMarkup", json=target)
    deleted = await http.post(f"{API}/deleteMessage", json=target)
    again = await http.post(f"{API}/deleteMessage", json=target)

    assert "reply_markup" not in edited.json()["result"]
    assert deleted.json() == {"ok": True, "result": True}
    assert again.json()["description"] == "Bad Request: message to delete not found"
    assert [a.kind for a in fake.actions(CHAT)] == ["send", "edit", "delete"]
    assert fake.messages(CHAT) == []


async def test_a_users_message_cannot_be_edited_by_the_bot(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    update = fake.inject_message("mine", user_id=CHAT)
    target = {"chat_id": CHAT, "message_id": update["message"]["message_id"], "text": "bot's"}

    response = await http.post(f"{API}/editMessageText", json=target)

    assert response.json()["description"] == "Bad Request: message can't be edited"


async def test_message_ids_grow_per_chat_across_both_sides(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    first = fake.inject_message("hi", user_id=CHAT)["message"]["message_id"]
    second = (await send(http, "hello")).json()["result"]["message_id"]
    elsewhere = (await send(http, "hello", chat_id=CHAT + 1)).json()["result"]["message_id"]

    assert (first, second, elsewhere) == (1, 2, 1)


async def test_a_group_message(fake: FakeTelegram) -> None:
    update = fake.inject_message("/start@fake42_bot", user_id=CHAT, chat_id=-100)

    assert update["message"]["chat"]["type"] == "group"
    assert update["message"]["entities"][0]["type"] == "bot_command"
    with pytest.raises(ValueError, match="private chat"):
        fake.inject_message("x", user_id=CHAT, chat_id=CHAT + 1)


async def test_a_button_must_exist_to_be_pressed(
    http: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    message_id = (await send(http, "x")).json()["result"]["message_id"]

    with pytest.raises(LookupError, match="no callback button"):
        fake.press_button(chat_id=CHAT, message_id=message_id, data="other")
    with pytest.raises(LookupError, match="no message"):
        fake.press_button(chat_id=CHAT, message_id=message_id + 1, data="done:1")


async def test_update_ids_keep_growing_after_reset(fake: FakeTelegram) -> None:
    before = fake.inject_message("x", user_id=CHAT)["update_id"]

    await fake.reset()

    assert fake.pending_updates() == []
    assert fake.inject_message("y", user_id=CHAT)["update_id"] == before + 1


async def test_commands(http: httpx.AsyncClient) -> None:
    commands = [{"command": "start", "description": "Begin"}]

    assert (await http.post(f"{API}/setMyCommands", json={"commands": commands})).json()["result"]
    assert (await http.get(f"{API}/getMyCommands")).json()["result"] == commands
    bad = await http.post(f"{API}/setMyCommands", json={"commands": [{"command": "Bad Command"}]})
    assert bad.json()["description"] == "Bad Request: BOT_COMMAND_INVALID"


async def test_commands_are_kept_per_scope_and_language(http: httpx.AsyncClient) -> None:
    everyone = [{"command": "start", "description": "Begin"}]
    russian = [{"command": "start", "description": "Начать"}]
    groups = {"type": "all_group_chats"}

    await http.post(f"{API}/setMyCommands", json={"commands": everyone})
    await http.post(f"{API}/setMyCommands", json={"commands": russian, "language_code": "ru"})

    async def menu(**params: object) -> object:
        return (await http.post(f"{API}/getMyCommands", json=params)).json()["result"]

    assert await menu() == everyone
    assert await menu(scope={"type": "default"}) == everyone
    assert await menu(language_code="ru") == russian
    assert await menu(language_code="de") == []
    assert await menu(scope=groups, language_code="ru") == []
    assert (await http.post(f"{API}/deleteMyCommands", json={"language_code": "ru"})).json()["ok"]
    assert await menu(language_code="ru") == []
    assert await menu() == everyone
    for wrong in ("RU", "rus", "ru-RU"):
        bad = await http.post(
            f"{API}/setMyCommands", json={"commands": russian, "language_code": wrong}
        )
        assert bad.json()["description"] == "Bad Request: invalid language code specified", wrong


async def test_a_webhook_reply_runs_the_method_it_names(fake: FakeTelegram) -> None:
    async def reply_with_a_message(request: web.Request) -> web.Response:
        update = await request.json()
        chat_id = update["message"]["chat"]["id"]
        return web.json_response({"method": "sendMessage", "chat_id": chat_id, "text": "pong"})

    async with _receiver(reply_with_a_message) as url, httpx.AsyncClient() as http:
        await http.post(fake.api_url("42:TEST", "setWebhook"), json={"url": url})
        fake.inject_message("ping", user_id=CHAT)
        [reply] = await fake.wait_for_messages(CHAT, 1)

    assert reply.text == "pong"


async def test_several_bots_need_a_token_to_be_told_apart() -> None:
    async with FakeTelegram.running() as fake, httpx.AsyncClient(base_url=fake.base_url) as http:
        with pytest.raises(LookupError, match="no bot has called yet"):
            fake.inject_message("x", user_id=CHAT)
        await http.get("/bot1:ONE/getMe")
        fake.inject_message("for the only bot", user_id=CHAT)
        await http.get("/bot2:TWO/getMe")
        with pytest.raises(LookupError, match="several bots"):
            fake.inject_message("x", user_id=CHAT)
        fake.inject_message("for two", user_id=CHAT, token="2:TWO")

        [one] = (await http.get("/bot1:ONE/getUpdates")).json()["result"]
        [two] = (await http.get("/bot2:TWO/getUpdates")).json()["result"]

    assert (one["message"]["text"], two["message"]["text"]) == ("for the only bot", "for two")


@asynccontextmanager
async def _receiver(
    handler: Callable[[web.Request], Awaitable[web.Response]],
) -> AsyncIterator[str]:
    """A local webhook endpoint answering with `handler`; its URL."""
    app = web.Application()
    app.router.add_post("/hook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    finally:
        await runner.cleanup()
