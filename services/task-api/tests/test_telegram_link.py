"""Linking Telegram chats: link codes from the account, accounts of their own for new chats."""

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from todo_testkit.factories import new_chat_id
from todo_testkit.typing import Caller, MakeCaller, MakeJson


async def link_code(caller: Caller) -> str:
    answer = await caller.client.post("/api/v1/users/me/telegram-link")
    assert answer.status_code == 201, answer.text
    expires_at = datetime.fromisoformat(answer.json()["expires_at"])
    assert timedelta(minutes=9) < expires_at - datetime.now(UTC) <= timedelta(minutes=10)
    return answer.json()["code"]


async def redeem(bot: httpx.AsyncClient, chat_id: int, code: str) -> httpx.Response:
    return await bot.post("/api/v1/telegram/links", json={"chat_id": chat_id, "code": code})


async def test_a_link_code_links_the_chat_that_sends_it_once(
    person: Caller, bot: httpx.AsyncClient, make_bot_client
) -> None:
    code = await link_code(person)
    chat = new_chat_id()
    linked = await redeem(bot, chat, code)
    assert linked.status_code == 200
    assert (linked.json()["id"], linked.json()["telegram_chat_id"]) == (person.id, chat)
    assert (await person.client.get("/api/v1/users/me")).json()["telegram_chat_id"] == chat
    assert (await make_bot_client(chat).get("/api/v1/users/me")).json()["id"] == person.id

    again = await redeem(bot, new_chat_id(), code)
    assert again.status_code == 422
    assert "ask for a new one" in again.text


async def test_a_link_code_expires_after_ten_minutes(
    person: Caller, bot: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    code = await link_code(person)
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE telegram_link_code SET expires_at = expires_at - interval '10 minutes'")
        )
    assert (await redeem(bot, new_chat_id(), code)).status_code == 422


async def test_made_up_codes_are_refused(bot: httpx.AsyncClient) -> None:
    assert (await redeem(bot, new_chat_id(), "guessed-code")).status_code == 422


async def test_a_chat_without_a_code_gets_an_account_of_its_own(
    bot: httpx.AsyncClient, make_bot_client
) -> None:
    chat = new_chat_id()
    first = await bot.post("/api/v1/telegram/accounts", json={"chat_id": chat})
    assert first.status_code == 201
    assert first.json()["telegram_chat_id"] == chat
    again = await bot.post("/api/v1/telegram/accounts", json={"chat_id": chat})
    assert (again.status_code, again.json()) == (200, first.json())
    created = await make_bot_client(chat).post("/api/v1/tasks", json={"title": "from Telegram"})
    assert created.json()["user_id"] == first.json()["id"]


async def test_linking_brings_the_chats_own_tasks_along(
    person: Caller, bot: httpx.AsyncClient, make_bot_client, admin: Caller
) -> None:
    chat = new_chat_id()
    own = (await bot.post("/api/v1/telegram/accounts", json={"chat_id": chat})).json()
    as_chat = make_bot_client(chat)
    task = (await as_chat.post("/api/v1/tasks", json={"title": "typed in the chat"})).json()

    await redeem(bot, chat, await link_code(person))

    moved = await person.client.get(f"/api/v1/tasks/{task['id']}")
    assert moved.status_code == 200
    assert moved.json()["user_id"] == person.id
    assert moved.json()["next_notification_at"] is not None
    assert (await admin.client.get(f"/api/v1/users/{own['id']}")).status_code == 404
    assert (await as_chat.get("/api/v1/users/me")).json()["id"] == person.id


async def test_linking_takes_the_chat_from_another_persons_account(
    make_person: MakeCaller, make_task: MakeJson, bot: httpx.AsyncClient
) -> None:
    first, second = await make_person(), await make_person()
    chat = new_chat_id()
    await redeem(bot, chat, await link_code(first))
    task = await make_task(first)
    await redeem(bot, chat, await link_code(second))
    assert (await first.client.get("/api/v1/users/me")).json()["telegram_chat_id"] is None
    after = (await first.client.get(f"/api/v1/tasks/{task['id']}")).json()
    assert after["next_notification_at"] is None  # nowhere to remind the first person now
    assert (await second.client.get("/api/v1/users/me")).json()["telegram_chat_id"] == chat


async def test_only_the_bot_links_chats(person: Caller, make_client) -> None:
    for route, body in (("accounts", {"chat_id": 1}), ("links", {"chat_id": 1, "code": "x"})):
        answer = await person.client.post(f"/api/v1/telegram/{route}", json=body)
        assert answer.status_code == 403
