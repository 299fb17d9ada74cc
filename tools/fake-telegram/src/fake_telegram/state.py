"""The in-memory world: bots, their chats and messages, pending updates, and what happened."""

import asyncio
import hashlib
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from fake_telegram.entities import Entity, found_entities

JsonObject = dict[str, Any]

# Telegram sends every kind of update but these unless a bot asks for them by name.
OPT_IN_UPDATE_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class Signal:
    """Wakes everyone waiting for the world to change, so nobody needs to poll."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        """Tell the waiters that something changed."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], bool], seconds: float) -> bool:
        """Wait until `predicate()` holds (True) or `seconds` pass (False)."""
        try:
            async with asyncio.timeout(seconds):
                while not predicate():
                    await self._event.wait()
        except TimeoutError:
            return predicate()
        return True


@dataclass
class BotAction:
    """One thing the bot did in a chat: a message sent, edited or deleted, or a callback answer."""

    kind: str
    chat_id: int
    at: float
    date: int
    message_id: int | None = None
    text: str | None = None
    parse_mode: str | None = None
    entities: list[Entity] = field(default_factory=list)
    reply_markup: JsonObject | None = None
    callback_query_id: str | None = None
    show_alert: bool = False

    def as_json(self) -> JsonObject:
        """The action as the control routes show it."""
        return asdict(self)


@dataclass
class ApiCall:
    """One Bot API call: `at` is the monotonic time it arrived, `status` the HTTP code answered."""

    method: str
    bot_id: int | None
    chat_id: int | None
    at: float
    status: int
    description: str | None = None

    def as_json(self) -> JsonObject:
        """The call as the control routes show it."""
        return asdict(self)


@dataclass
class Chat:
    """A chat between the bot and a user (or a group), with its messages as they are now."""

    id: int
    type: str
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    title: str | None = None
    messages: dict[int, JsonObject] = field(default_factory=dict)
    actions: list[BotAction] = field(default_factory=list)
    last_message_id: int = 0

    def shape(self) -> JsonObject:
        """The Bot API Chat object."""
        names = {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "username": self.username,
            "title": self.title,
        }
        return {
            "id": self.id,
            **{k: v for k, v in names.items() if v is not None},
            "type": self.type,
        }

    def next_message_id(self) -> int:
        """A new message id: ids grow one by one in each chat."""
        self.last_message_id += 1
        return self.last_message_id


@dataclass
class Webhook:
    """Where updates go while a webhook is set, and how delivering them went."""

    url: str
    secret_token: str | None
    max_connections: int
    allowed_updates: list[str] | None
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class CallbackQuery:
    """A button press the bot has yet to answer."""

    id: str
    chat_id: int
    message_id: int


def user_shape(
    user_id: int,
    first_name: str,
    *,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = None,
    is_bot: bool = False,
) -> JsonObject:
    """The Bot API User object."""
    optional = {"last_name": last_name, "username": username, "language_code": language_code}
    return {
        "id": user_id,
        "is_bot": is_bot,
        "first_name": first_name,
        **{key: value for key, value in optional.items() if value is not None},
    }


class BotState:
    """One bot's part of the world: its chats, its pending updates, its webhook."""

    def __init__(self, token: str, signal: Signal) -> None:
        self.token = token
        self.id = int(token.split(":", 1)[0])
        self.user = user_shape(self.id, "Fake Bot", username=f"fake{self.id}_bot", is_bot=True)
        self.signal = signal
        self.chats: dict[int, Chat] = {}
        self.updates: list[JsonObject] = []
        self.last_update_id = 0
        self.allowed_updates: frozenset[str] | None = None
        self.webhook: Webhook | None = None
        self.callback_queries: dict[str, CallbackQuery] = {}
        # By scope (canonical JSON) and language ("" for every language without a list).
        self.commands: dict[tuple[str, str], list[JsonObject]] = {}
        self.poll_generation = 0
        self.polls_waiting = 0
        self.retired = False

    def chat(self, chat_id: int) -> Chat:
        """The chat with that id, made on first use (a private chat for a positive id)."""
        if chat_id not in self.chats:
            if chat_id > 0:
                self.chats[chat_id] = Chat(chat_id, "private", first_name=f"User {chat_id}")
            else:
                self.chats[chat_id] = Chat(chat_id, "group", title=f"Group {-chat_id}")
        return self.chats[chat_id]

    def chat_by_username(self, username: str) -> Chat | None:
        """The chat whose "@username" this is, if the bot has seen it."""
        wanted = username.removeprefix("@").lower()
        return next((c for c in self.chats.values() if (c.username or "").lower() == wanted), None)

    def record(self, action: BotAction) -> None:
        """Remember what the bot did in a chat, and wake the waiters."""
        self.chat(action.chat_id).actions.append(action)
        self.signal.notify()

    def enqueue(self, kind: str, payload: JsonObject) -> JsonObject:
        """A new Update carrying `payload`; queued for the bot unless it filtered `kind` out."""
        self.last_update_id += 1
        update = {"update_id": self.last_update_id, kind: payload}
        if self._wants(kind):
            self.updates.append(update)
            self.signal.notify()
        return update

    def _wants(self, kind: str) -> bool:
        wanted = self.allowed_updates
        if self.webhook and self.webhook.allowed_updates:
            wanted = frozenset(self.webhook.allowed_updates)
        return kind in wanted if wanted else kind not in OPT_IN_UPDATE_TYPES

    def set_allowed_updates(self, kinds: list[str] | None) -> None:
        """Remember `allowed_updates` as Telegram does: until changed; [] means the default."""
        if kinds is not None:
            self.allowed_updates = frozenset(kinds) or None

    def confirm(self, offset: int) -> None:
        """Forget updates before `offset`; a negative offset keeps only the last -offset ones."""
        if offset < 0:
            self.updates = self.updates[offset:]
        elif offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]

    def user_message(self, chat: Chat, sender: JsonObject, text: str) -> JsonObject:
        """A message a user typed, with the entities Telegram finds in it."""
        message: JsonObject = {
            "message_id": chat.next_message_id(),
            "from": sender,
            "chat": chat.shape(),
            "date": int(time.time()),
            "text": text,
        }
        if entities := found_entities(text):
            message["entities"] = entities
        chat.messages[message["message_id"]] = message
        return message

    def chat_instance(self, chat_id: int) -> str:
        """The stable, opaque id Telegram gives a chat in callback queries."""
        digest = hashlib.blake2b(f"{self.id}:{chat_id}".encode(), digest_size=8).digest()
        return str(int.from_bytes(digest, "big", signed=True))
