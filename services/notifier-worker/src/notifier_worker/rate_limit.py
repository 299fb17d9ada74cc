"""Telegram's limits: about 30 messages a second for a bot, and one a second per chat.

A worker waits its turn before each send, and says when the send is over. A chat's next turn
comes one spacing after its last send was answered, not after it began, so however long a send
takes to reach Telegram, two messages to one chat arrive at least that spacing apart.

With Redis, every worker of the fleet waits in one line (a GCRA token bucket kept in Redis,
checked and taken in one Lua script, on Redis's clock); without Redis, each worker keeps its own
line, so the fleet's rate is that times the workers. A 429 from Telegram pauses every worker
sharing the line for as long as Telegram asked.
"""

import asyncio
import time
from typing import Protocol

from redis.asyncio import Redis

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

    async def wait_turn(self, chat_id: int, stopping: asyncio.Event) -> bool:
        """Take a turn to send to this chat, once it comes: True; False if `stopping` is set
        first, and then no turn is taken."""

    async def turn_over(self, chat_id: int) -> None:
        """The send of the turn taken for this chat was answered (or failed): its next turn
        comes one spacing from now."""

    async def give_back(self, chat_id: int) -> None:
        """The turn taken for this chat was not used (nothing was sent): the chat's next turn
        comes at once."""

    async def pause_everyone(self, seconds: float) -> None:
        """Make every worker sharing this limiter wait `seconds` before its next send."""


class RedisRateLimiter:
    """The fleet's limits, shared through Redis."""

    def __init__(
        self,
        redis: Redis,
        *,
        per_second: float,
        per_chat_per_second: float,
        send_timeout_seconds: float,
    ) -> None:
        self._redis = redis
        self._take_turn = redis.register_script(GCRA)
        self._turn_over = redis.register_script(TURN_OVER)
        self._pause = redis.register_script(PAUSE)
        self._spacing = int(1_000_000 / per_second)
        self._chat_spacing = int(1_000_000 / per_chat_per_second)
        # A worker that dies mid-send never says its turn is over: the chat waits out the hold.
        self._chat_hold = int(1_000_000 * send_timeout_seconds) + self._chat_spacing

    async def wait_turn(self, chat_id: int, stopping: asyncio.Event) -> bool:
        """Take a turn to send to this chat once it comes (True), unless told to stop first."""
        keys = ["telegram:next-send", _chat_key(chat_id), "telegram:paused-until"]
        spacing = [self._spacing, self._chat_hold]
        while wait := int(await self._take_turn(keys, spacing)) / 1_000_000:
            await pause(stopping, _until_next_look(wait, self._chat_spacing / 1_000_000))
            if stopping.is_set():
                return False
        return True

    async def turn_over(self, chat_id: int) -> None:
        """The send to this chat is over: its next turn comes one spacing from now."""
        await self._turn_over([_chat_key(chat_id)], [self._chat_spacing])

    async def give_back(self, chat_id: int) -> None:
        """The turn was not used: the chat's next turn comes at once."""
        # The chat was free when the turn was taken, and only the turn's holder writes its key.
        await self._redis.delete(_chat_key(chat_id))

    async def pause_everyone(self, seconds: float) -> None:
        """Make every worker wait `seconds` before its next send."""
        await self._pause(["telegram:paused-until"], [int(seconds * 1_000_000)])


class LocalRateLimiter:
    """One worker's limits, when there is no Redis to share them."""

    def __init__(
        self, *, per_second: float, per_chat_per_second: float, send_timeout_seconds: float
    ) -> None:
        self._spacing = 1 / per_second
        self._chat_spacing = 1 / per_chat_per_second
        self._chat_hold = send_timeout_seconds + self._chat_spacing
        self._next_send = 0.0
        self._next_send_to: dict[int, float] = {}
        self._paused_until = 0.0

    async def wait_turn(self, chat_id: int, stopping: asyncio.Event) -> bool:
        """Take a turn to send to this chat once it comes (True), unless told to stop first."""
        while wait := self._take_turn(chat_id):
            await pause(stopping, _until_next_look(wait, self._chat_spacing))
            if stopping.is_set():
                return False
        return True

    async def turn_over(self, chat_id: int) -> None:
        """The send to this chat is over: its next turn comes one spacing from now."""
        self._next_send_to[chat_id] = time.monotonic() + self._chat_spacing

    async def give_back(self, chat_id: int) -> None:
        """The turn was not used: the chat's next turn comes at once."""
        self._next_send_to.pop(chat_id, None)

    async def pause_everyone(self, seconds: float) -> None:
        """Make this worker wait `seconds` before its next send."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    def _take_turn(self, chat_id: int) -> float:
        now = time.monotonic()
        chat_free = self._next_send_to.get(chat_id, 0.0)
        wait = max(self._next_send - now, chat_free - now, self._paused_until - now, 0.0)
        if wait == 0.0:
            self._next_send = now + self._spacing
            self._next_send_to[chat_id] = now + self._chat_hold
            self._forget_idle_chats(now)
        return wait

    def _forget_idle_chats(self, now: float) -> None:
        if len(self._next_send_to) > 10_000:
            self._next_send_to = {c: t for c, t in self._next_send_to.items() if t > now}


def _chat_key(chat_id: int) -> str:
    return f"telegram:next-send:{chat_id}"


def _until_next_look(wait: float, chat_spacing: float) -> float:
    """Pacing, not polling: sleep until the turn comes. But a chat held by a send in flight
    frees up as soon as that send is over, so look again at least every chat spacing."""
    return min(wait, chat_spacing)
