"""A channel's limits: a rate for the whole fleet, and a spacing of sends to one recipient.

Telegram allows a bot about 30 messages a second, and one a second per chat; a mail relay
allows an account so many messages a second, and mailbox providers slow down a sender that
bursts to one address. Each channel has its own line, its Redis keys under its own namespace
("telegram", "email"), so that email senders never wait behind Telegram's.

A worker waits its turn before each send, and says when the send is over. A recipient's next
turn comes one spacing after its last send was answered, not after it began, so however long a
send takes, two messages to one recipient arrive at least that spacing apart.

With Redis, every worker of the fleet waits in one line (a GCRA token bucket kept in Redis,
checked and taken in one Lua script, on Redis's clock); without Redis, each worker keeps its own
line, so the fleet's rate is that times the workers. A 429 from Telegram pauses every worker
sharing the line for as long as Telegram asked.

A recipient is a chat id or an address (`Recipient`); "chat" below is either.
"""

import asyncio
import time
from typing import Protocol

from redis.asyncio import Redis

from notifier_worker.sending import Recipient
from todo_shared.retry import pause

# KEYS: the fleet's next free moment, the chat's, the pause's end. ARGV: the spacing of sends to
# any chat, and how long a chat is held for a send in flight, in microseconds. Answers 0 (and
# takes the turn) or how long to wait.
GCRA = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local fleet = tonumber(redis.call('GET', KEYS[1]) or '0')
local chat = tonumber(redis.call('GET', KEYS[2]) or '0')
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
local wait = math.max(fleet - now, chat - now, paused - now, 0)
if wait > 0 then
    return wait
end
local fleet_spacing = tonumber(ARGV[1])
local chat_hold = tonumber(ARGV[2])
redis.call('SET', KEYS[1], now + fleet_spacing, 'PX', math.ceil(fleet_spacing / 1000) + 1000)
redis.call('SET', KEYS[2], now + chat_hold, 'PX', math.ceil(chat_hold / 1000) + 1000)
return 0
"""
# KEYS: the chat's next free moment. ARGV: the spacing of sends to one chat, in microseconds.
TURN_OVER = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local spacing = tonumber(ARGV[1])
redis.call('SET', KEYS[1], now + spacing, 'PX', math.ceil(spacing / 1000) + 1000)
return 0
"""
PAUSE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local until_ = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > current then
    redis.call('SET', KEYS[1], until_, 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
end
return 0
"""


class RateLimiter(Protocol):
    """Where a worker waits its turn to send."""

    async def wait_turn(self, recipient: Recipient, stopping: asyncio.Event) -> bool:
        """Take a turn to send to this chat, once it comes: True; False if `stopping` is set
        first, and then no turn is taken."""

    async def turn_over(self, recipient: Recipient) -> None:
        """The send of the turn taken for this chat was answered (or failed): its next turn
        comes one spacing from now."""

    async def give_back(self, recipient: Recipient) -> None:
        """The turn taken for this chat was not used (nothing was sent): the chat's next turn
        comes at once."""

    async def pause_everyone(self, seconds: float) -> None:
        """Make every worker sharing this limiter wait `seconds` before its next send."""


class RedisRateLimiter:
    """The fleet's limits of one channel, shared through Redis under its `namespace` (the
    channel's name: "telegram" keeps the keys it had before there were two channels)."""

    def __init__(
        self,
        redis: Redis,
        *,
        namespace: str,
        per_second: float,
        per_chat_per_second: float,
        send_timeout_seconds: float,
    ) -> None:
        self._redis = redis
        self._namespace = namespace
        self._take_turn = redis.register_script(GCRA)
        self._turn_over = redis.register_script(TURN_OVER)
        self._pause = redis.register_script(PAUSE)
        self._spacing = int(1_000_000 / per_second)
        self._chat_spacing = int(1_000_000 / per_chat_per_second)
        # A worker that dies mid-send never says its turn is over: the chat waits out the hold.
        self._chat_hold = int(1_000_000 * send_timeout_seconds) + self._chat_spacing

    async def wait_turn(self, recipient: Recipient, stopping: asyncio.Event) -> bool:
        """Take a turn to send to this chat once it comes (True), unless told to stop first."""
        keys = [f"{self._namespace}:next-send", self._chat_key(recipient), self._paused_key]
        spacing = [self._spacing, self._chat_hold]
        while wait := int(await self._take_turn(keys, spacing)) / 1_000_000:
            await pause(stopping, _until_next_look(wait, self._chat_spacing / 1_000_000))
            if stopping.is_set():
                return False
        return True

    async def turn_over(self, recipient: Recipient) -> None:
        """The send to this chat is over: its next turn comes one spacing from now."""
        await self._turn_over([self._chat_key(recipient)], [self._chat_spacing])

    async def give_back(self, recipient: Recipient) -> None:
        """The turn was not used: the chat's next turn comes at once."""
        # The chat was free when the turn was taken, and only the turn's holder writes its key.
        await self._redis.delete(self._chat_key(recipient))

    async def pause_everyone(self, seconds: float) -> None:
        """Make every worker wait `seconds` before its next send."""
        await self._pause([self._paused_key], [int(seconds * 1_000_000)])

    @property
    def _paused_key(self) -> str:
        return f"{self._namespace}:paused-until"

    def _chat_key(self, recipient: Recipient) -> str:
        return f"{self._namespace}:next-send:{recipient}"


class LocalRateLimiter:
    """One worker's limits, when there is no Redis to share them."""

    def __init__(
        self, *, per_second: float, per_chat_per_second: float, send_timeout_seconds: float
    ) -> None:
        self._spacing = 1 / per_second
        self._chat_spacing = 1 / per_chat_per_second
        self._chat_hold = send_timeout_seconds + self._chat_spacing
        self._next_send = 0.0
        self._next_send_to: dict[Recipient, float] = {}
        self._paused_until = 0.0

    async def wait_turn(self, recipient: Recipient, stopping: asyncio.Event) -> bool:
        """Take a turn to send to this chat once it comes (True), unless told to stop first."""
        while wait := self._take_turn(recipient):
            await pause(stopping, _until_next_look(wait, self._chat_spacing))
            if stopping.is_set():
                return False
        return True

    async def turn_over(self, recipient: Recipient) -> None:
        """The send to this chat is over: its next turn comes one spacing from now."""
        self._next_send_to[recipient] = time.monotonic() + self._chat_spacing

    async def give_back(self, recipient: Recipient) -> None:
        """The turn was not used: the chat's next turn comes at once."""
        self._next_send_to.pop(recipient, None)

    async def pause_everyone(self, seconds: float) -> None:
        """Make this worker wait `seconds` before its next send."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    def _take_turn(self, recipient: Recipient) -> float:
        now = time.monotonic()
        chat_free = self._next_send_to.get(recipient, 0.0)
        wait = max(self._next_send - now, chat_free - now, self._paused_until - now, 0.0)
        if wait == 0.0:
            self._next_send = now + self._spacing
            self._next_send_to[recipient] = now + self._chat_hold
            self._forget_idle_chats(now)
        return wait

    def _forget_idle_chats(self, now: float) -> None:
        if len(self._next_send_to) > 10_000:
            self._next_send_to = {c: t for c, t in self._next_send_to.items() if t > now}


def _until_next_look(wait: float, chat_spacing: float) -> float:
    """Pacing, not polling: sleep until the turn comes. But a chat held by a send in flight
    frees up as soon as that send is over, so look again at least every chat spacing."""
    return min(wait, chat_spacing)
