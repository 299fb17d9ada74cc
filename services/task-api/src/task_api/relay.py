"""The relay: publishes the outbox's events to RabbitMQ, oldest first, confirmed by the broker.

Every API process runs one, on a thread and event loop of its own: on the API's loop, a busy
API starved it (41 events/s relayed against 145 tasks/s created, measured). A batch is taken
under a transaction-level advisory lock, so only one relay publishes at a time and a task's
events go out in the order of its changes; its rows are also locked, so no two relays ever take
the same event. A commit that wrote events wakes its own process's relay; events of other
processes are found by polling every `RELAY_POLL_SECONDS`, when their own relay did not take
them first.

An event is marked published only once the broker confirmed it; what was sent but not
confirmed goes again, so an event can arrive twice (consumers recognise it by `message_id`) but
never out of order: RabbitMQ routes a channel's messages in the order they were sent, so the
confirmed ones are always a prefix.
"""

import asyncio
import contextlib
import logging
import sys
import threading
from collections.abc import Sequence
from datetime import timedelta

import aio_pika
import asyncpg
import uvloop
from aio_pika.abc import AbstractExchange
from aio_pika.exceptions import CONNECTION_EXCEPTIONS

from todo_shared.amqp import publish_confirmed
from todo_shared.retry import Backoff, pause
from todo_shared.topology import declare_tasks_exchange

log = logging.getLogger(__name__)

RELAY_LOCK = 0x7461736B_72656C79  # any 64-bit number no other lock of this database uses
PRUNE_EVERY_SECONDS = 600.0
GIL_SWITCH_SECONDS = 0.0005

TAKE_BATCH = """
SELECT id, event_id, routing_key, body, created_at FROM outbox_event
WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE
"""
MARK_PUBLISHED = "UPDATE outbox_event SET published_at = now() WHERE id = ANY($1::bigint[])"
PRUNE = "DELETE FROM outbox_event WHERE published_at < now() - $1::interval"
BACKLOG = "SELECT count(*) FROM outbox_event WHERE published_at IS NULL"
APPLICATION_NAME = "task-api relay"
BROKEN = (
    *CONNECTION_EXCEPTIONS,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    # What asyncpg raises on using a connection PostgreSQL ended while it sat idle in the pool
    # (a restart, pg_terminate_backend): "cannot switch to state ...".
    asyncpg.InternalClientError,
)


class Relay:
    """Moves events from the outbox to the `tasks` exchange until told to stop."""

    def __init__(
        self,
        database_dsn: str,
        amqp_url: str,
        *,
        batch_size: int,
        poll_seconds: float,
        linger_seconds: float,
        retention: timedelta,
    ) -> None:
        self._database_dsn = database_dsn
        self._pool: asyncpg.Pool
        self._loop: asyncio.AbstractEventLoop | None = None
        self._amqp_url = amqp_url
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._linger = linger_seconds
        self._retention = retention
        self._wakeup = asyncio.Event()
        self.connected = threading.Event()

    async def run(self, stopping: asyncio.Event) -> None:
        """Relay, reconnecting with growing delays whenever RabbitMQ or PostgreSQL goes away."""
        self._loop = asyncio.get_running_loop()
        self._pool = await asyncpg.create_pool(
            self._database_dsn,
            min_size=0,
            max_size=1,
            timeout=10,
            command_timeout=60,
            server_settings={"application_name": APPLICATION_NAME},
        )
        backoff = Backoff()
        try:
            while not stopping.is_set():
                try:
                    await self._relay_while_connected(stopping)
                except Exception as error:
                    # Whatever it was, the thread lives on: were it to end, the outbox would
                    # keep every later event until the process restarts.
                    if isinstance(error, BROKEN):
                        log.warning("relay lost its connection", extra={"error": repr(error)})
                    else:
                        log.exception("relay failed")
                    if self.connected.is_set():  # it had connected: a new outage
                        backoff.reached()
                    self.connected.clear()
                    await self._pool.expire_connections()  # the old one may be broken
                    await backoff.wait(stopping)
        finally:
            self.connected.clear()
            await self._pool.close()

    def wake(self) -> None:
        """Look for events now rather than at the next poll; safe from any thread.

        Called after a commit: before the relay runs or after it stopped, the poll (or the
        next start) finds the events, so a wake-up that cannot be delivered is dropped.
        """
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has just closed
                loop.call_soon_threadsafe(self._wakeup.set)

    async def _relay_while_connected(self, stopping: asyncio.Event) -> None:
        async with await aio_pika.connect(
            self._amqp_url, timeout=10, client_properties={"connection_name": "task-api relay"}
        ) as connection:
            channel = await connection.channel(publisher_confirms=True)
            exchange = await declare_tasks_exchange(channel)
            self.connected.set()
            log.info("relay connected")
            await self._relay_until_stopped(exchange, stopping)

    async def _relay_until_stopped(
        self, exchange: AbstractExchange, stopping: asyncio.Event
    ) -> None:
        last_pruned = 0.0
        loop = asyncio.get_running_loop()
        while not stopping.is_set():
            if loop.time() - last_pruned > PRUNE_EVERY_SECONDS:
                await prune(self._pool, self._retention)
                last_pruned = loop.time()
            self._wakeup.clear()
            if await self.publish_batch(exchange) < self._batch_size:
                await self._wait_for_events(stopping)
                # Woken by one commit, wait a moment for the next ones: a batch costs the same
                # whether it carries one event or fifty (4 ms an event at one a batch, measured).
                await pause(stopping, self._linger)

    async def _wait_for_events(self, stopping: asyncio.Event) -> None:
        woken = asyncio.ensure_future(self._wakeup.wait())
        stopped = asyncio.ensure_future(stopping.wait())
        await asyncio.wait(
            {woken, stopped}, timeout=self._poll_seconds, return_when=asyncio.FIRST_COMPLETED
        )
        woken.cancel()
        stopped.cancel()

    async def publish_batch(self, exchange: AbstractExchange) -> int:
        """Publish the oldest pending events, if no other relay is at it; how many went out."""
        failure: BaseException | None = None
        async with self._pool.acquire() as connection, connection.transaction():
            if not await connection.fetchval("SELECT pg_try_advisory_xact_lock($1)", RELAY_LOCK):
                return 0
            events = await connection.fetch(TAKE_BATCH, self._batch_size)
            outcomes = await asyncio.gather(
                *(self._publish(exchange, event) for event in events), return_exceptions=True
            )
            confirmed = _confirmed_prefix(events, outcomes)
            if confirmed:
                await connection.execute(MARK_PUBLISHED, [event["id"] for event in confirmed])
            if len(confirmed) < len(events):
                failure = outcomes[len(confirmed)]
        if failure is not None:
            raise failure  # after the commit: the confirmed prefix stays published
        return len(confirmed)

    async def _publish(self, exchange: AbstractExchange, event: asyncpg.Record) -> None:
        message = aio_pika.Message(
            event["body"].encode(),
            message_id=str(event["event_id"]),
            content_type="application/json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            timestamp=event["created_at"],
            type=event["routing_key"],
        )
        await publish_confirmed(
            exchange.channel, message, exchange=exchange.name, routing_key=event["routing_key"]
        )


def _confirmed_prefix(
    events: Sequence[asyncpg.Record], outcomes: Sequence[object]
) -> Sequence[asyncpg.Record]:
    for index, outcome in enumerate(outcomes):
        if isinstance(outcome, BaseException):
            return events[:index]
    return events


class RelayThread:
    """Runs a relay on a thread and event loop of its own, beside the API's."""

    def __init__(self, relay: Relay) -> None:
        self.relay = relay
        self._started = threading.Event()
        self._loop: asyncio.AbstractEventLoop
        self._stopping: asyncio.Event
        self._thread = threading.Thread(target=self._main, name="outbox-relay", daemon=True)

    def start(self) -> None:
        """Start relaying in the background.

        The relay's many small steps each wait for the GIL, which a busy API thread hands
        over only every 5 ms by default: with that, the relay fell behind a loaded API (131
        events/s for 185 tasks/s created); with 0.5 ms it kept up, at no cost to the API.
        """
        sys.setswitchinterval(GIL_SWITCH_SECONDS)
        self._thread.start()
        self._started.wait()

    def stop(self, within_seconds: float) -> None:
        """Let the relay finish its batch and close its connections; blocks until it has."""
        with contextlib.suppress(RuntimeError):  # its loop closed already: nothing to stop
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(within_seconds)

    def _main(self) -> None:
        uvloop.run(self._run())

    async def _run(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self._started.set()
        await self.relay.run(self._stopping)


async def backlog(pool: asyncpg.Pool) -> int:
    """How many events wait to be published."""
    return await pool.fetchval(BACKLOG)


async def prune(pool: asyncpg.Pool, retention: timedelta) -> None:
    """Delete the events published longer ago than the retention."""
    await pool.execute(PRUNE, retention)
