"""The fake as aiogram 3 sees it: the real client library, its default session, its errors."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiohttp import web

from fake_telegram import FakeTelegram

CHAT = 1001


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    """One row of callback buttons, (text, data) each."""
    buttons = [InlineKeyboardButton(text=text, callback_data=data) for text, data in pairs]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


@asynccontextmanager
async def polling(dispatcher: Dispatcher, bot: Bot, fake: FakeTelegram) -> AsyncIterator[None]:
    """The dispatcher long-polls the fake for the block, and is stopped after it."""
    task = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    await fake.wait_for_polling()
    try:
        yield
    finally:
        await dispatcher.stop_polling()
        await task


async def test_get_me_describes_the_bot(bot: Bot) -> None:
    me = await bot.get_me()

    assert me.id == 42
    assert me.is_bot
    assert me.username
    assert me.can_join_groups is not None


async def test_send_message_with_an_inline_keyboard(bot: Bot, fake: FakeTelegram) -> None:
    markup = keyboard(("Done", "done:7"), ("Snooze", "snooze:7"))

    first = await bot.send_message(CHAT, "Water the plants", reply_markup=markup)
    second = await bot.send_message(CHAT, "And feed the cat")

    assert first.text == "Water the plants"
    assert first.chat.id == CHAT
    assert first.chat.type == "private"
    assert first.from_user is not None
    assert first.from_user.id == bot.id
    assert first.reply_markup is not None
    assert first.reply_markup.model_dump(exclude_none=True) == markup.model_dump(exclude_none=True)
    assert second.message_id == first.message_id + 1
    [sent, _] = fake.actions(CHAT, kind="send")
    assert sent.message_id == first.message_id
    assert sent.reply_markup == markup.model_dump(exclude_none=True)


async def test_html_parse_mode_becomes_entities(bot: Bot) -> None:
    message = await bot.send_message(CHAT, "<b>Due</b> &lt;today&gt;", parse_mode="HTML")

    assert message.text == "Due <today>"
    assert message.entities is not None
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bold", 0, 3)]


async def test_broken_markup_is_refused_as_telegram_refuses_it(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Unsupported start tag"):
        await bot.send_message(CHAT, "a <task> title", parse_mode="HTML")


async def test_long_polling_returns_an_update_injected_while_waiting(
    bot: Bot, fake: FakeTelegram
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for_polling()

    injected = fake.inject_message("hello", user_id=CHAT, first_name="Ann", username="ann")
    [update] = await poll

    assert update.update_id == injected["update_id"]
    assert update.message is not None
    assert update.message.text == "hello"
    assert update.message.from_user is not None
    assert update.message.from_user.username == "ann"


async def test_offset_confirms_earlier_updates(bot: Bot, fake: FakeTelegram) -> None:
    first = fake.inject_message("one", user_id=CHAT)
    second = fake.inject_message("two", user_id=CHAT)

    assert [u.update_id for u in await bot.get_updates()] == [
        first["update_id"],
        second["update_id"],
    ]
    assert [u.update_id for u in await bot.get_updates(offset=second["update_id"])] == [
        second["update_id"]
    ]
    assert await bot.get_updates(offset=second["update_id"] + 1) == []
    assert fake.pending_updates() == []


async def test_a_command_handler_answers_start(bot: Bot, fake: FakeTelegram) -> None:
    router = Router()

    @router.message(Command("start"))
    async def start(message: Message) -> None:
        await message.answer(f"Hello, {message.from_user.first_name if message.from_user else ''}")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    async with polling(dispatcher, bot, fake):
        fake.inject_message("/start", user_id=CHAT, first_name="Ann")
        [reply] = await fake.wait_for_messages(CHAT, 1)

    assert reply.text == "Hello, Ann"


async def test_a_button_press_is_answered_and_the_message_edited(
    bot: Bot, fake: FakeTelegram
) -> None:
    router = Router()

    @router.callback_query(F.data.startswith("done:"))
    async def done(query: CallbackQuery) -> None:
        await query.answer("Marked as done")
        assert isinstance(query.message, Message)
        await query.message.edit_text("Water the plants ✓")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    sent = await bot.send_message(
        CHAT, "Water the plants", reply_markup=keyboard(("Done", "done:7"))
    )
    async with polling(dispatcher, bot, fake):
        fake.press_button(chat_id=CHAT, message_id=sent.message_id, data="done:7")
        await fake.wait_for_actions(CHAT, 3)

    [_, answer, edit] = fake.actions(CHAT)
    assert (answer.kind, answer.text, answer.message_id) == (
        "answer_callback",
        "Marked as done",
        sent.message_id,
    )
    assert (edit.kind, edit.text, edit.reply_markup) == ("edit", "Water the plants ✓", None)
    [message] = fake.messages(CHAT)
    assert "reply_markup" not in message
    assert message["edit_date"] >= message["date"]


async def test_editing_errors_are_telegrams(bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "same")

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(text="same", chat_id=CHAT, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(text="new", chat_id=CHAT, message_id=sent.message_id + 5)


async def test_answering_an_unknown_callback_query_is_refused(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("123456")


async def test_429_is_retry_after(bot: Bot, fake: FakeTelegram) -> None:
    fake.fail_next("retry_after", method="sendMessage", retry_after=7)

    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.send_message(CHAT, "hi")
    await bot.send_message(CHAT, "hi again")

    assert raised.value.retry_after == 7
    assert [c.status for c in fake.calls(method="sendMessage")] == [429, 200]


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("blocked", TelegramForbiddenError),
        ("server_error", TelegramServerError),
        ("chat_not_found", TelegramBadRequest),
    ],
)
async def test_faults_surface_as_aiogram_errors(
    bot: Bot, fake: FakeTelegram, kind: str, error: type[Exception]
) -> None:
    fake.fail_next(kind, chat_id=CHAT)  # type: ignore[arg-type]

    await bot.send_message(CHAT + 1, "another chat is not affected")
    with pytest.raises(error):
        await bot.send_message(CHAT, "hi")
    await bot.send_message(CHAT, "only the next call failed")


async def test_a_blocked_chat_stays_blocked_until_unblocked(bot: Bot, fake: FakeTelegram) -> None:
    fake.block_chat(CHAT)

    for _ in range(2):
        with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
            await bot.send_message(CHAT, "hi")
    fake.unblock_chat(CHAT)
    await bot.send_message(CHAT, "hi")


async def test_a_webhook_receives_updates_with_the_secret(
    bot: Bot, fake: FakeTelegram, webhook_receiver: "Receiver"
) -> None:
    await bot.set_webhook(webhook_receiver.url, secret_token="s3cret", drop_pending_updates=True)

    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()
    injected = fake.inject_message("via webhook", user_id=CHAT)
    secret, update = await webhook_receiver.received.get()

    assert secret == "s3cret"
    assert update == injected
    info = await bot.get_webhook_info()
    assert info.url == webhook_receiver.url
    assert await bot.delete_webhook()
    assert await bot.get_updates() == []


async def test_a_failing_webhook_is_retried(
    bot: Bot, fake: FakeTelegram, webhook_receiver: "Receiver"
) -> None:
    webhook_receiver.failures_left = 2
    await bot.set_webhook(webhook_receiver.url)

    injected = fake.inject_message("retry me", user_id=CHAT)
    deliveries = [await webhook_receiver.received.get() for _ in range(3)]

    assert [update for _, update in deliveries] == [injected] * 3
    await fake.wait_until(lambda: fake.pending_updates() == [])
    info = await bot.get_webhook_info()
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"


class Receiver:
    """A local webhook endpoint: what it got, and how many times it should fail first."""

    def __init__(self) -> None:
        self.url = ""
        self.failures_left = 0
        self.received: asyncio.Queue[tuple[str | None, dict[str, object]]] = asyncio.Queue()


@pytest.fixture
async def webhook_receiver() -> AsyncIterator[Receiver]:
    """An aiohttp server that queues every update POSTed to it."""
    receiver = Receiver()

    async def receive(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        await receiver.received.put((secret, await request.json()))
        if receiver.failures_left:
            receiver.failures_left -= 1
            return web.Response(status=500)
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    receiver.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        yield receiver
    finally:
        await runner.cleanup()
