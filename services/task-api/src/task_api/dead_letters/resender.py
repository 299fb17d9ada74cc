"""Sending dead letters back to the queues they came from, to be tried afresh."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel
from aio_pika.exceptions import CONNECTION_EXCEPTIONS

from task_api.dead_letters.models import DeadLetter
from task_api.errors import Unavailable
from todo_shared.amqp import publish_confirmed
from todo_shared.i18n import Text
from todo_shared.topology import REMINDER_QUEUES, declare_reminder_queues

RESENDABLE_QUEUES = frozenset(queues.send for queues in REMINDER_QUEUES.values())
"""Where a letter may go back to: the channels' send queues, and nowhere else."""
CONNECT_TIMEOUT_SECONDS = 10.0
RETRY_AFTER_SECONDS = 5
BROKER_DOWN = Text("RabbitMQ cannot be reached; try again shortly")
DEAD_LETTER_BOOKKEEPING = ("x-reason", "x-attempts", "x-queue", "x-dead-lettered-at", "x-death")
"""The headers of a letter's failed attempts: without them it gets a fresh set of attempts."""
RABBITMQ_BOOKKEEPING = ("x-first-death-", "x-last-death-", "x-delivery-count")


class Resender:
    """Publishes letters back over a connection of their own, opened for each admin's request.

    Sending again is rare and by hand: a connection for the occasion costs a few milliseconds
    and leaves nothing to keep alive or reconnect in between.
    """

    def __init__(self, amqp_url: str) -> None:
        self._amqp_url = amqp_url

    @asynccontextmanager
    async def channel(self) -> AsyncIterator[AbstractChannel]:
        """A channel with publisher confirms, the reminder queues declared; RabbitMQ away or
        failing while it is used is a 503 (`Unavailable`)."""
        try:
            async with await aio_pika.connect(
                self._amqp_url,
                timeout=CONNECT_TIMEOUT_SECONDS,
                client_properties={"connection_name": "task-api dead-letter resend"},
            ) as connection:
                channel = await connection.channel(publisher_confirms=True)
                for via in REMINDER_QUEUES:
                    await declare_reminder_queues(channel, via)
                yield channel
        except (*CONNECTION_EXCEPTIONS, TimeoutError) as error:
            raise Unavailable(BROKER_DOWN, retry_after=RETRY_AFTER_SECONDS) from error


async def resend(channel: AbstractChannel, letter: DeadLetter) -> None:
    """Publish the letter to its queue as it first went: the same body and message_id,
    persistent, confirmed by the broker, without its headers of failed attempts."""
    message = aio_pika.Message(
        letter.body,
        message_id=letter.message_id,
        content_type=letter.content_type,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        headers=fresh_headers(letter.headers),
    )
    assert letter.queue is not None
    await publish_confirmed(channel, message, routing_key=letter.queue)


def fresh_headers(headers: dict[str, Any]) -> dict[str, Any]:
    """The headers a message had before its attempts failed."""
    return {
        name: value
        for name, value in headers.items()
        if name not in DEAD_LETTER_BOOKKEEPING and not name.startswith(RABBITMQ_BOOKKEEPING)
    }
