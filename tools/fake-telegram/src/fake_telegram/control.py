"""Control: what tests and demos do to the fake: inject, observe, wait, break, reset."""

import copy
import secrets
from collections.abc import Callable

from fake_telegram.faults import FaultKind, FaultRule
from fake_telegram.markup import callback_buttons
from fake_telegram.state import ApiCall, BotAction, CallbackQuery, Chat, JsonObject, user_shape
from fake_telegram.world import World

DEFAULT_WAIT = 5.0


class Control:
    """The control operations on a fake Telegram world."""

    def __init__(self, world: World) -> None:
        self.world = world

    def inject_message(
        self,
        text: str,
        *,
        user_id: int,
        chat_id: int | None = None,
        first_name: str = "Test",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        token: str | None = None,
    ) -> JsonObject:
        """A user types `text` to the bot (in their private chat unless `chat_id` is a group)."""
        bot = self.world.bot(token)
        chat_id = user_id if chat_id is None else chat_id
        if chat_id > 0 and chat_id != user_id:
            raise ValueError("a private chat's id is its user's id: leave chat_id out")
        sender = user_shape(
            user_id, first_name, last_name=last_name, username=username, language_code=language_code
        )
        chat = bot.chat(chat_id)
        if chat.type == "private":
            chat.first_name, chat.last_name, chat.username = first_name, last_name, username
        return bot.enqueue("message", bot.user_message(chat, sender, text))

    def press_button(
        self,
        *,
        chat_id: int,
        message_id: int,
        data: str | None = None,
        button_text: str | None = None,
        user_id: int | None = None,
        first_name: str | None = None,
        username: str | None = None,
        token: str | None = None,
    ) -> JsonObject:
        """A user presses a callback button (found by its data or its text) on a bot message.

        The user defaults to the private chat's own user, with the name they last wrote with.
        """
        bot = self.world.bot(token)
        chat = bot.chat(chat_id)
        message = chat.messages.get(message_id)
        if message is None or message["from"]["id"] != bot.id:
            raise LookupError(f"the bot has no message {message_id} in chat {chat_id}")
        button = _find_button(message, data, button_text)
        query_id = str(secrets.randbits(63))
        bot.callback_queries[query_id] = CallbackQuery(query_id, chat_id, message_id)
        query = {
            "id": query_id,
            "from": _presser(chat, user_id, first_name, username),
            "message": {**copy.deepcopy(message), "chat": chat.shape()},
            "chat_instance": bot.chat_instance(chat_id),
            "data": button["callback_data"],
        }
        return bot.enqueue("callback_query", query)

    def actions(
        self, chat_id: int, *, kind: str | None = None, token: str | None = None
    ) -> list[BotAction]:
        """What the bot did in the chat, oldest first: send, edit, delete, answer_callback."""
        chat = self.world.bot(token).chats.get(chat_id)
        found = chat.actions if chat else []
        return [action for action in found if kind is None or action.kind == kind]

    def messages(self, chat_id: int, *, token: str | None = None) -> list[JsonObject]:
        """The chat's messages as they are now (edits applied, deleted ones gone)."""
        chat = self.world.bot(token).chats.get(chat_id)
        return copy.deepcopy(list(chat.messages.values())) if chat else []

    def calls(self, *, method: str | None = None, chat_id: int | None = None) -> list[ApiCall]:
        """Every API call answered so far, of one method and one chat if asked."""
        return [call for call in self.world.calls if _call_matches(call, method, chat_id)]

    def pending_updates(self, *, token: str | None = None) -> list[JsonObject]:
        """The updates the bot has not confirmed (nor received through its webhook) yet."""
        return copy.deepcopy(self.world.bot(token).updates)

    def is_polling(self, *, token: str | None = None) -> bool:
        """Whether the bot has a getUpdates long poll waiting right now."""
        return self.world.bot(token).polls_waiting > 0

    async def wait_for_polling(
        self,
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - the fake's own bound on waiting
        *,
        token: str | None = None,
    ) -> None:
        """Wait until the bot long-polls getUpdates (it is running); raises TimeoutError."""
        await self._wait(lambda: self.is_polling(token=token), timeout, "long poll")

    def fail_next(
        self,
        kind: FaultKind,
        *,
        count: int = 1,
        method: str | None = None,
        chat_id: int | None = None,
        retry_after: int = 1,
    ) -> None:
        """Answer the next `count` matching calls with an error instead of doing them.

        `kind` is "retry_after" (429), "blocked" (403), "chat_not_found" (400) or
        "server_error" (500). Without `method`, every call counts, getUpdates polls included.
        """
        self.world.faults.add(FaultRule(kind, count, method, chat_id, retry_after))

    def block_chat(self, chat_id: int) -> None:
        """The user blocks the bot: every call to the chat answers 403 until unblocked."""
        self.world.faults.blocked_chats.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        """The user unblocks the bot."""
        self.world.faults.blocked_chats.discard(chat_id)

    def set_latency(self, seconds: float) -> None:
        """Delay every API call's answer by `seconds` (0 for none)."""
        if seconds < 0:
            raise ValueError("latency cannot be negative")
        self.world.faults.latency = seconds

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int = 1,
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - the fake's own bound on waiting
        *,
        token: str | None = None,
    ) -> list[BotAction]:
        """Wait until the bot has sent `count` messages to the chat; all its sends so far."""
        return await self.wait_for_actions(chat_id, count, timeout, kind="send", token=token)

    async def wait_for_actions(
        self,
        chat_id: int,
        count: int = 1,
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - the fake's own bound on waiting
        *,
        kind: str | None = None,
        token: str | None = None,
    ) -> list[BotAction]:
        """Wait until the bot did `count` things (of `kind`) in the chat; raises TimeoutError."""

        def found() -> list[BotAction]:
            return self.actions(chat_id, kind=kind, token=token)

        await self._wait(lambda: len(found()) >= count, timeout, f"{count} {kind or 'action'}(s)")
        return found()

    async def wait_for_calls(
        self,
        count: int = 1,
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - the fake's own bound on waiting
        *,
        method: str | None = None,
        chat_id: int | None = None,
    ) -> list[ApiCall]:
        """Wait until `count` matching API calls were answered; raises TimeoutError."""

        seen = matched = 0

        def enough() -> bool:
            # Counts only the calls since the last look: a benchmark waits for thousands, and
            # counting all of them at every call made the fake's CPU grow with the square.
            nonlocal seen, matched
            calls = self.world.calls
            if len(calls) < seen:  # reset meanwhile
                seen = matched = 0
            matched += sum(1 for call in calls[seen:] if _call_matches(call, method, chat_id))
            seen = len(calls)
            return matched >= count

        await self._wait(enough, timeout, f"{count} {method or 'API'} call(s)")
        return self.calls(method=method, chat_id=chat_id)

    async def wait_until(
        self,
        predicate: Callable[[], bool],
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - the fake's own bound on waiting
    ) -> None:
        """Wait until `predicate()` holds, re-checked at every change; raises TimeoutError."""
        await self._wait(predicate, timeout, "the condition")

    async def reset(self) -> None:
        """Forget everything: chats, updates, webhooks, calls, faults, blocked chats, latency."""
        await self.world.reset()

    async def _wait(self, predicate: Callable[[], bool], seconds: float, what: str) -> None:
        world = self.world
        await world.signal.wait_until(lambda: predicate() or world.closing, seconds)
        if not predicate():
            raise TimeoutError(f"fake Telegram: no {what} within {seconds}s")


def _presser(
    chat: Chat, user_id: int | None, first_name: str | None, username: str | None
) -> JsonObject:
    if user_id is None or user_id == chat.id:
        user_id = chat.id
        first_name = first_name or chat.first_name
        username = username or chat.username
    return user_shape(user_id, first_name or "Test", username=username, language_code="en")


def _find_button(message: JsonObject, data: str | None, text: str | None) -> JsonObject:
    for button in callback_buttons(message.get("reply_markup")):
        if (data is None or button["callback_data"] == data) and (
            text is None or button["text"] == text
        ):
            return button
    wanted = f"data {data!r}" if data is not None else f"text {text!r}"
    raise LookupError(f"message {message['message_id']} has no callback button with {wanted}")


def _call_matches(call: ApiCall, method: str | None, chat_id: int | None) -> bool:
    if method is not None and call.method.lower() != method.lower():
        return False
    return chat_id is None or call.chat_id == chat_id
