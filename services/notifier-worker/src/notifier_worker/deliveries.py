"""Which reminders were sent, so that a message delivered twice sends one Telegram message.

A worker begins a reminder before sending it: only one worker at a time holds it (a lease that
runs out if the worker dies), and one that was sent already is not sent again. With Redis the
whole fleet shares this; without, each worker remembers its own.
"""

import time
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

from redis.asyncio import Redis

KEPT_SECONDS = 7 * 24 * 3600
"""How long a sent reminder is remembered; longer than any message stays in the queues."""

LOCALLY_KEPT = 100_000
"""Reminders one worker remembers without Redis; the oldest are forgotten first."""

BEGIN = """
local held = redis.call('GET', KEYS[1])
if held then
    return held
end
redis.call('SET', KEYS[1], 'sending', 'PX', ARGV[1])
return 'begun'
"""
RELEASE = """
if redis.call('GET', KEYS[1]) == 'sending' then
    redis.call('DEL', KEYS[1])
end
return 0
"""


class Begin(Enum):
    """What beginning a reminder found."""

    FRESH = "fresh"  # now ours to send
    IN_FLIGHT = "in flight"  # another worker is sending it right now
    SENT = "sent"  # sent already, at `sent_at`


@dataclass(frozen=True)
class Begun:
    """The outcome of beginning a reminder."""

    state: Begin
    sent_at: datetime | None = None


class DeliveryLog(Protocol):
    """Where workers note the reminders they send."""

    async def begin(self, reminder_id: str, lease_seconds: float) -> Begun:
        """Take the reminder for sending, unless it is in flight or sent."""

    async def sent(self, reminder_id: str, at: datetime) -> None:
        """Note that the reminder was sent at `at`."""

    async def release(self, reminder_id: str) -> None:
        """Give a reminder taken but not sent back, for a later attempt."""


class RedisDeliveryLog:
    """The fleet's delivery log, in Redis."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._begin = redis.register_script(BEGIN)
        self._release = redis.register_script(RELEASE)

    async def begin(self, reminder_id: str, lease_seconds: float) -> Begun:
        """Take the reminder for sending, unless it is in flight or sent."""
        held = await self._begin([_key(reminder_id)], [int(lease_seconds * 1000)])
        return _read(held.decode() if isinstance(held, bytes) else held)

    async def sent(self, reminder_id: str, at: datetime) -> None:
        """Note that the reminder was sent at `at`."""
        await self._redis.set(_key(reminder_id), f"sent {at.isoformat()}", ex=KEPT_SECONDS)

    async def release(self, reminder_id: str) -> None:
        """Give a reminder taken but not sent back, for a later attempt."""
        await self._release([_key(reminder_id)], [])


class LocalDeliveryLog:
    """One worker's delivery log, when there is no Redis to share it."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[str, float]] = {}

    async def begin(self, reminder_id: str, lease_seconds: float) -> Begun:
        """Take the reminder for sending, unless it is in flight or sent."""
        now = time.monotonic()
        value, expires = self._held.get(reminder_id, ("", 0.0))
        if value and expires > now:
            return _read(value)
        self._held[reminder_id] = ("sending", now + lease_seconds)
        return Begun(Begin.FRESH)

    async def sent(self, reminder_id: str, at: datetime) -> None:
        """Note that the reminder was sent at `at`."""
        self._held.pop(reminder_id, None)
        self._held[reminder_id] = (f"sent {at.isoformat()}", time.monotonic() + KEPT_SECONDS)
        if len(self._held) > LOCALLY_KEPT:
            del self._held[next(iter(self._held))]

    async def release(self, reminder_id: str) -> None:
        """Give a reminder taken but not sent back, for a later attempt."""
        if self._held.get(reminder_id, ("",))[0] == "sending":
            del self._held[reminder_id]


def _key(reminder_id: str) -> str:
    return f"reminder:{reminder_id}"


def _read(value: str) -> Begun:
    if value == "begun":
        return Begun(Begin.FRESH)
    if value.startswith("sent "):
        return Begun(Begin.SENT, datetime.fromisoformat(value.removeprefix("sent ")))
    return Begun(Begin.IN_FLIGHT)
