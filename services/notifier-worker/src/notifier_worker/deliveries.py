"""Which reminders were sent, so that a message delivered twice sends one message.

A worker begins a reminder before sending it and releases it once the reminder is recorded in
task-api: meanwhile it holds the reminder's task (a lease that runs out if the worker dies), so
no other worker sends a reminder of that task, even one claimed again with another due moment,
until this one is recorded and the task no longer due. A reminder sent already is not sent
again. With Redis the whole fleet shares this; without, each worker remembers its own.

Each channel keeps a log of its own (its Redis keys under its own prefix): a task's Telegram
reminder in flight does not hold up its email, nor does a reminder sent by Telegram count as
mailed. The log also keeps when the channel last sent a reminder of each task, which tells a
reminder this channel sent already (by another due moment) from one a sibling channel sent.
"""

import time
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

from redis.asyncio import Redis

from todo_shared.enums import Channel

KEPT_SECONDS = 7 * 24 * 3600
"""How long a sent reminder is remembered; longer than any message stays in the queues."""

LOCALLY_KEPT = 100_000
"""Reminders one worker remembers without Redis; the oldest are forgotten first."""

# KEYS: the task's lease, the reminder's sent mark, the task's last send. ARGV: the lease in
# ms, the reminder's id. Answers what was found, and the task's last send ('' for none).
BEGIN = """
if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[1]) then
    return {'in flight', ''}
end
return {redis.call('GET', KEYS[2]) or 'begun', redis.call('GET', KEYS[3]) or ''}
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
    task_sent_at: datetime | None = None  # when this channel last sent a reminder of the task


class DeliveryLog(Protocol):
    """Where workers note the reminders they send."""

    async def begin(self, task_id: int, reminder_id: str, lease_seconds: float) -> Begun:
        """Hold the reminder's task, unless a reminder of it is in flight; and say whether this
        one was sent already."""

    async def sent(self, task_id: int, reminder_id: str, at: datetime) -> None:
        """Note that the reminder of this task was sent at `at`."""

    async def release(self, task_id: int, reminder_id: str) -> None:
        """Let go of the task held for this reminder: it is recorded, or to be tried later."""


class RedisDeliveryLog:
    """The fleet's delivery log of one channel, in Redis."""

    def __init__(self, redis: Redis, channel: Channel) -> None:
        self._redis = redis
        self._prefix = _key_prefix(channel)
        self._begin = redis.register_script(BEGIN)
        self._release = redis.register_script(RELEASE)

    async def begin(self, task_id: int, reminder_id: str, lease_seconds: float) -> Begun:
        """Hold the reminder's task, unless a reminder of it is in flight; and say whether this
        one was sent already."""
        keys = [self._task_key(task_id), self._sent_key(reminder_id), self._last_key(task_id)]
        found, last = [
            part.decode() if isinstance(part, bytes) else part
            for part in await self._begin(keys, [int(lease_seconds * 1000), reminder_id])
        ]
        return _read(found, datetime.fromisoformat(last) if last else None)

    async def sent(self, task_id: int, reminder_id: str, at: datetime) -> None:
        """Note that the reminder of this task was sent at `at`."""
        async with self._redis.pipeline(transaction=True) as both:
            both.set(self._sent_key(reminder_id), f"sent {at.isoformat()}", ex=KEPT_SECONDS)
            both.set(self._last_key(task_id), at.isoformat(), ex=KEPT_SECONDS)
            await both.execute()

    async def release(self, task_id: int, reminder_id: str) -> None:
        """Let go of the task held for this reminder."""
        await self._release([self._task_key(task_id)], [reminder_id])

    def _task_key(self, task_id: int) -> str:
        return f"{self._prefix}sending:task:{task_id}"

    def _sent_key(self, reminder_id: str) -> str:
        return f"{self._prefix}reminder:{reminder_id}"

    def _last_key(self, task_id: int) -> str:
        return f"{self._prefix}last-sent:task:{task_id}"


class LocalDeliveryLog:
    """One worker's delivery log, when there is no Redis to share it (a worker sends by one
    channel: its log is that channel's)."""

    def __init__(self) -> None:
        self._held: dict[int, tuple[str, float]] = {}  # task: the reminder, until when
        self._sent: dict[str, str] = {}
        self._last_sent: dict[int, datetime] = {}

    async def begin(self, task_id: int, reminder_id: str, lease_seconds: float) -> Begun:
        """Hold the reminder's task, unless a reminder of it is in flight; and say whether this
        one was sent already."""
        now = time.monotonic()
        if self._held.get(task_id, ("", 0.0))[1] > now:
            return Begun(Begin.IN_FLIGHT)
        self._held[task_id] = (reminder_id, now + lease_seconds)
        return _read(self._sent.get(reminder_id, "begun"), self._last_sent.get(task_id))

    async def sent(self, task_id: int, reminder_id: str, at: datetime) -> None:
        """Note that the reminder of this task was sent at `at`."""
        self._sent[reminder_id] = f"sent {at.isoformat()}"
        self._last_sent[task_id] = at
        for kept in (self._sent, self._last_sent):
            if len(kept) > LOCALLY_KEPT:
                del kept[next(iter(kept))]

    async def release(self, task_id: int, reminder_id: str) -> None:
        """Let go of the task held for this reminder."""
        if self._held.get(task_id, ("",))[0] == reminder_id:
            del self._held[task_id]


def _key_prefix(channel: Channel) -> str:
    """Telegram's keys are those it had before there was email, so that its reminders in the
    queues during an upgrade find theirs; another channel's start with its name."""
    return "" if channel is Channel.TELEGRAM else f"{channel}:"


def _read(value: str, task_sent_at: datetime | None) -> Begun:
    if value == "begun":
        return Begun(Begin.FRESH, task_sent_at=task_sent_at)
    if value.startswith("sent "):
        sent_at = datetime.fromisoformat(value.removeprefix("sent "))
        return Begun(Begin.SENT, sent_at, task_sent_at)
    return Begun(Begin.IN_FLIGHT)
