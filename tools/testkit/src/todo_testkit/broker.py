"""RabbitMQ as the tests see it: a vhost of their own, taps on exchanges, cut connections."""

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import quote

import aio_pika
import httpx
from aio_pika.abc import AbstractIncomingMessage

from todo_shared.topology import (
    DEAD_REMINDERS_QUEUE,
    REMINDER_QUEUES,
    TASK_EVENT_KEYS,
    declare_reminder_queues,
    declare_retry_queues,
    declare_tasks_exchange,
)


@dataclass(frozen=True)
class TestBroker:
    """The run's vhost: its AMQP URL and the management API that can reach into it."""

    __test__ = False  # not a test class, whatever its name

    amqp_url: str
    management_url: str
    vhost: str

    async def close_connections(self, name: str, within_seconds: float = 15) -> int:
        """Cut every connection of the vhost named `name`, once the management API lists one.

        The management API lists connections from statistics it refreshes every few seconds,
        so a connection opened a moment ago may take that long to appear.
        """
        async with httpx.AsyncClient(base_url=self.management_url, timeout=10) as management:
            deadline = asyncio.get_running_loop().time() + within_seconds
            while not (matching := await _named(management, self.vhost, name)):
                if asyncio.get_running_loop().time() > deadline:
                    return 0
                await asyncio.sleep(0.2)
            for connection in matching:
                await management.delete(f"/api/connections/{quote(connection['name'], safe='')}")
            return len(matching)


async def empty_reminder_queues(amqp_url: str, retry_delays: Sequence[int]) -> None:
    """Purge every channel's reminder queues, their retry queues and the dead letters: what an
    earlier test left there names task ids that mean other tasks in the next test's database."""
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel()
        for via, queues in REMINDER_QUEUES.items():
            await declare_reminder_queues(channel, via)
            await declare_retry_queues(channel, retry_delays, via)
            for name in (queues.send, *map(queues.retry, retry_delays)):
                await (await channel.get_queue(name)).purge()
        await (await channel.get_queue(DEAD_REMINDERS_QUEUE)).purge()


async def _named(management: httpx.AsyncClient, vhost: str, name: str) -> list[dict]:
    listed = (await management.get(f"/api/vhosts/{quote(vhost, safe='')}/connections")).json()
    return [c for c in listed if c.get("client_properties", {}).get("connection_name") == name]


class EventTap:
    """Every message of the `tasks` exchange, from a queue of the tap's own."""

    def __init__(self) -> None:
        self.messages: asyncio.Queue[AbstractIncomingMessage] = asyncio.Queue()

    async def next(self, within_seconds: float = 10) -> AbstractIncomingMessage:
        """The next message; fails after `within_seconds` without one."""
        return await asyncio.wait_for(self.messages.get(), within_seconds)

    async def collect_until(
        self, done: Callable[[Sequence[AbstractIncomingMessage]], bool], within_seconds: float = 30
    ) -> list[AbstractIncomingMessage]:
        """Messages, in arrival order, until `done(messages so far)` holds."""
        collected: list[AbstractIncomingMessage] = []

        async def gather() -> None:
            while not done(collected):
                collected.append(await self.messages.get())

        await asyncio.wait_for(gather(), within_seconds)
        return collected


@asynccontextmanager
async def tap_task_events(amqp_url: str) -> AsyncIterator[EventTap]:
    """Tap the `tasks` exchange while the block runs."""
    tap = EventTap()
    async with await aio_pika.connect(
        amqp_url, client_properties={"connection_name": "test tap"}
    ) as connection:
        channel = await connection.channel()
        exchange = await declare_tasks_exchange(channel)
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        for key in TASK_EVENT_KEYS:
            await queue.bind(exchange, routing_key=key)
        await queue.consume(tap.messages.put, no_ack=True)
        yield tap


async def take_all(amqp_url: str, queue: str) -> list[AbstractIncomingMessage]:
    """Every message waiting in `queue` now, taken off it (acked)."""
    taken: list[AbstractIncomingMessage] = []
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel()
        source = await channel.get_queue(queue, ensure=True)
        while (message := await source.get(fail=False, no_ack=True)) is not None:
            taken.append(message)
    return taken
