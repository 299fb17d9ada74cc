"""Filing `notifications.dead` in PostgreSQL, where admins can page, filter and send it again.

Reading the queue itself would not do: a look by get-and-requeue counts as a delivery, and
RabbitMQ 4's quorum queues drop a message requeued 20 times; nor can a queue be paged or
filtered. Each API process consumes it (several at once are fine: each message goes to one),
files each letter and acks it only once the row is committed. A letter delivered again after a
crash between the two is filed once (`repository.file`).
"""

import asyncio
import logging

import aio_pika
from aio_pika.abc import AbstractIncomingMessage, AbstractQueueIterator
from aio_pika.exceptions import CONNECTION_EXCEPTIONS
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from task_api.db import utcnow
from task_api.dead_letters import repository
from task_api.dead_letters.letter import read_letter
from todo_shared.concurrency import first_completed
from todo_shared.retry import Backoff
from todo_shared.topology import declare_dead_letter_queue

log = logging.getLogger(__name__)

PREFETCH = 1
"""One letter at a time: letters the client held unfiled would be handed back on stopping with a
requeue, which counts towards the queue's delivery limit; dead letters are few enough for it."""
DATABASE_TROUBLE = (SQLAlchemyError, OSError, TimeoutError)


class DeadLetterFiler:
    """Consumes the dead letters into the `dead_letter` table until told to stop."""

    def __init__(self, amqp_url: str, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._amqp_url = amqp_url
        self._sessionmaker = sessionmaker
        self.connected = asyncio.Event()

    async def run(self, stopping: asyncio.Event) -> None:
        """File letters, reconnecting with growing delays whenever RabbitMQ goes away."""
        backoff = Backoff()
        while not stopping.is_set():
            try:
                await self._consume(stopping)
            except Exception as error:
                # Whatever it was, filing goes on: were it to end, the letters would pile up
                # unseen until the process restarts.
                if isinstance(error, CONNECTION_EXCEPTIONS):
                    log.warning(
                        "dead-letter filer lost its connection", extra={"error": repr(error)}
                    )
                else:
                    log.exception("dead-letter filer failed")
                if self.connected.is_set():  # it had connected: a new outage
                    backoff.reached()
                await backoff.wait(stopping)
            finally:
                self.connected.clear()

    async def file(self, message: AbstractIncomingMessage, stopping: asyncio.Event) -> None:
        """File one letter, then ack it; while PostgreSQL fails, try again with growing delays.

        The letter stays in hand meanwhile rather than going back to the queue, where each
        return would count towards the delivery limit. Stopping first, it is left unacked:
        RabbitMQ gives it to another consumer once this connection closes.
        """
        letter = read_letter(message, received_at=utcnow())
        backoff = Backoff()
        while True:
            try:
                async with self._sessionmaker() as session:
                    await repository.file(session, letter)
                    await session.commit()
                break
            except DATABASE_TROUBLE as error:
                log.warning(
                    "a dead letter could not be filed",
                    extra={"message_id": message.message_id, "error": repr(error)},
                )
                if stopping.is_set():
                    return
                await backoff.wait(stopping)
        await message.ack()

    async def _consume(self, stopping: asyncio.Event) -> None:
        async with await aio_pika.connect(
            self._amqp_url,
            timeout=10,
            client_properties={"connection_name": "task-api dead-letter filer"},
        ) as connection:
            closed = asyncio.Event()
            connection.close_callbacks.add(lambda *_: closed.set())
            channel = await connection.channel()
            await channel.set_qos(prefetch_count=PREFETCH)
            queue = await declare_dead_letter_queue(channel)
            self.connected.set()
            log.info("dead-letter filer connected")
            async with queue.iterator() as letters:
                await self._file_until_stopped(letters, stopping, closed)
            if closed.is_set() and not stopping.is_set():
                raise ConnectionError("RabbitMQ closed the connection")

    async def _file_until_stopped(
        self, letters: AbstractQueueIterator, stopping: asyncio.Event, closed: asyncio.Event
    ) -> None:
        """File each letter as it comes; stopping waits for the letter in hand, not the next."""
        while not (stopping.is_set() or closed.is_set()):
            next_letter = asyncio.ensure_future(anext(letters))
            await first_completed(next_letter, stopping.wait(), closed.wait())
            if next_letter.done() and not next_letter.cancelled():
                await self.file(_letter_in(next_letter), stopping)


def _letter_in(next_letter: asyncio.Future[AbstractIncomingMessage]) -> AbstractIncomingMessage:
    try:
        return next_letter.result()
    except StopAsyncIteration:
        raise ConnectionError("RabbitMQ ended the consumer") from None
