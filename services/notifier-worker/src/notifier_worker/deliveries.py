"""Which reminders were sent, so that a message delivered twice sends one Telegram message.

A worker begins a reminder before sending it and releases it once the reminder is recorded in
task-api: meanwhile it holds the reminder's task (a lease that runs out if the worker dies), so
no other worker sends a reminder of that task, even one claimed again with another due moment,
until this one is recorded and the task no longer due. A reminder sent already is not sent
again. With Redis the whole fleet shares this; without, each worker remembers its own.
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

# KEYS: the task's lease, the reminder's sent mark. ARGV: the lease in ms, the reminder's id.
BEGIN = """
if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[1]) then
    return 'in flight'
end
return redis.call('GET', KEYS[2]) or 'begun'
"""
# KEYS: the task's lease. ARGV: the reminder's id, so that a lease taken over is left alone.
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
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

    async def begin(self, task_id: int, reminder_id: str, lease_seconds: float) -> Begun:
        """Hold the reminder's task, unless a reminder of it is in flight; and say whether this
        one was sent already."""

    async def sent(self, reminder_id: str, at: datetime) -> None:
        """Note that the reminder was sent at `at`."""

    async def release(self, task_id: int, reminder_id: str) -> None:
        """Let go of the task held for this reminder: it is recorded, or to be tried later."""


class RedisDeliveryLog:
    """The fleet's delivery log, in Redis."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._begin = redis.register_script(BEGIN)
        self._release = redis.register_script(RELEASE)

    async def begin(self, task_id: int, reminder_id: str, lease_seconds: float) -> Begun:
        """Hold the reminder's task, unless a reminder of it is in flight; and say whether this
        one was sent already."""
        keys = [_task_key(task_id), _sent_key(reminder_id)]
        found = await self._begin(keys, [int(lease_seconds * 1000), reminder_id])
        return _read(found.decode() if isinstance(found, bytes) else found)

    async def sent(self, reminder_id: str, at: datetime) -> None:
        """Note that the reminder was sent at `at`."""
        await self._redis.set(_sent_key(reminder_id), f"sent {at.isoformat()}", ex=KEPT_SECONDS)

    async def release(self, task_id: int, reminder_id: str) -> None:
        """Let go of the task held for this reminder."""
        await self._release([_task_key(task_id)], [reminder_id])


class LocalDeliveryLog:
    """One worker's delivery log, when there is no Redis to share it."""

    def __init__(self) -> None:
        self._held: dict[int, tuple[str, float]] = {}  # task: the reminder, until when
        self._sent: dict[str, str] = {}

    async def begin(self, task_id: int, reminder_id: str, lease_seconds: float) -> Begun:
        """Hold the reminder's task, unless a reminder of it is in flight; and say whether this
        one was sent already."""
        now = time.monotonic()
        if self._held.get(task_id, ("", 0.0))[1] > now:
            return Begun(Begin.IN_FLIGHT)
        self._held[task_id] = (reminder_id, now + lease_seconds)
        return _read(self._sent.get(reminder_id, "begun"))

    async def sent(self, reminder_id: str, at: datetime) -> None:
        """Note that the reminder was sent at `at`."""
        self._sent[reminder_id] = f"sent {at.isoformat()}"
        if len(self._sent) > LOCALLY_KEPT:
            del self._sent[next(iter(self._sent))]

    async def release(self, task_id: int, reminder_id: str) -> None:
        """Let go of the task held for this reminder."""
        if self._held.get(task_id, ("",))[0] == reminder_id:
            del self._held[task_id]


def _task_key(task_id: int) -> str:
    return f"sending:task:{task_id}"


def _sent_key(reminder_id: str) -> str:
    return f"reminder:{reminder_id}"


def _read(value: str) -> Begun:
    if value == "begun":
        return Begun(Begin.FRESH)
    if value.startswith("sent "):
        return Begun(Begin.SENT, datetime.fromisoformat(value.removeprefix("sent ")))
    return Begun(Begin.IN_FLIGHT)
