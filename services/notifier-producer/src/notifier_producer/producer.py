"""The producer: claims due reminders from task-api and queues one message for each channel
each goes to (a Telegram chat, an email address), on that channel's queue.

It sleeps until the next reminder falls due, as the last claim answered, or sooner when a task
event announces an earlier one; at most `interval_seconds`, so a missed event only makes a
reminder wait for that bounded poll, never miss it.

Each reminder is leased by its claim, so producers running side by side never publish the same
one; a producer that dies between claiming and publishing loses nothing, since the lease runs
out and the reminders are claimed again. task-api or RabbitMQ being away makes it wait with
growing delays, never crash.
"""

import asyncio
import contextlib
import logging
import math
from datetime import UTC, datetime
from uuid import uuid4

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractIncomingMessage
from aio_pika.exceptions import CONNECTION_EXCEPTIONS
from pydantic import ValidationError

from notifier_producer.metrics import CLAIMED, PUBLISHED
from notifier_producer.texts import reminder_text
from todo_shared.amqp import publish_confirmed
from todo_shared.api_client import ApiUnavailable, TaskApi
from todo_shared.concurrency import first_completed
from todo_shared.enums import Channel
from todo_shared.events import TaskEvent, TaskEventType
from todo_shared.logs import REQUEST_ID_HEADER, new_request_id, request_id
from todo_shared.messages import SendEmailReminder, SendReminder, reminder_id
from todo_shared.retry import Backoff
from todo_shared.schemas import DueReminder
from todo_shared.topology import (
    PRODUCER_WAKE_QUEUE_PREFIX,
    REMINDER_QUEUES,
    declare_reminder_queues,
    declare_tasks_exchange,
)

log = logging.getLogger(__name__)

HELD_DUE_SECONDS = 0.05
"""How soon to claim again when a reminder is due but the claim found none: another transaction
holds its task (the claim skips locked rows) or this clock runs ahead of task-api's. Claiming
again at once would spin until that ends."""


class Producer:
    """Moves due reminders from task-api to the channels' queues (`notifications.send`,
    `notifications.send.email`) until told to stop."""

    def __init__(
        self,
        api: TaskApi,
        amqp_url: str,
        *,
        batch_size: int,
        lease_seconds: int,
        interval_seconds: float,
    ) -> None:
        self._api = api
        self._amqp_url = amqp_url
        self._batch_size = batch_size
        self._lease_seconds = lease_seconds
        self._interval = interval_seconds
        self.connected = asyncio.Event()
        self.published = 0
        self._next_due_at: datetime | None = None
        """When the next reminder falls due, as the last claim answered."""
        self._announced_due_at: datetime | None = None
        """The earliest due moment a task event announced since the last claim began."""
        self._sooner_announced = asyncio.Event()

    async def run(self, stopping: asyncio.Event) -> None:
        """Produce as reminders fall due, reconnecting with growing delays when something is
        away."""
        backoff = Backoff()
        while not stopping.is_set():
            try:
                await self._produce_while_connected(stopping, backoff)
            except (*CONNECTION_EXCEPTIONS, ApiUnavailable) as error:
                log.warning("producer waits for what is away", extra={"error": repr(error)})
                await backoff.wait(stopping)
            finally:
                self.connected.clear()

    async def _produce_while_connected(self, stopping: asyncio.Event, backoff: Backoff) -> None:
        async with await aio_pika.connect(
            self._amqp_url, timeout=10, client_properties={"connection_name": "notifier-producer"}
        ) as connection:
            channel = await connection.channel(publisher_confirms=True)
            for via in Channel:
                await declare_reminder_queues(channel, via)
            await self._listen_for_sooner_reminders(connection)
            self.connected.set()
            while not stopping.is_set():
                published = await self.produce_round(channel)
                backoff.reached()  # RabbitMQ and task-api both answered
                await self._sleep_until_due(stopping, at_least=0 if published else HELD_DUE_SECONDS)

    async def _listen_for_sooner_reminders(self, connection: AbstractConnection) -> None:
        """Consume the task events that may bring a reminder sooner, on a queue of our own.

        Auto-deleted with its consumer, not durable: an event only matters while this producer
        sleeps, and a producer starting claims at once, so a durable queue would only pile up
        stale events while it is away. (Not exclusive, so an operator can inspect and unbind it.)
        Its channel closing only leaves the producer to its bounded poll.
        """
        channel = await connection.channel()
        exchange = await declare_tasks_exchange(channel)
        queue = await channel.declare_queue(
            f"{PRODUCER_WAKE_QUEUE_PREFIX}{uuid4().hex}", auto_delete=True
        )
        for key in (TaskEventType.CREATED, TaskEventType.UPDATED):
            await queue.bind(exchange, routing_key=key)
        await queue.consume(self._on_task_event, no_ack=True)

    async def _on_task_event(self, message: AbstractIncomingMessage) -> None:
        """Note the task's due moment when it is the earliest announced, and have the sleep
        look again: it ends by then if that is sooner than it planned."""
        try:
            due_at = TaskEvent.model_validate_json(message.body).task.next_notification_at
        except ValidationError:
            log.warning("task event not understood", extra={"message_id": message.message_id})
            return
        if due_at is not None and (
            self._announced_due_at is None or due_at < self._announced_due_at
        ):
            self._announced_due_at = due_at
            self._sooner_announced.set()

    async def _sleep_until_due(self, stopping: asyncio.Event, *, at_least: float) -> None:
        """Sleep until the next reminder falls due, as the last claim or an event since it
        said, but no longer than the interval and no shorter than `at_least`."""
        loop = asyncio.get_running_loop()
        earliest, longest = loop.time() + at_least, loop.time() + self._interval
        while not stopping.is_set():
            moments = (self._next_due_at, self._announced_due_at)
            due_at = min((m for m in moments if m is not None), default=None)
            until_due = math.inf if due_at is None else (due_at - datetime.now(UTC)).total_seconds()
            seconds = min(max(until_due, earliest - loop.time()), longest - loop.time())
            if seconds <= 0:
                return
            self._sooner_announced.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(seconds):
                    await first_completed(stopping.wait(), self._sooner_announced.wait())

    async def produce_round(self, channel: AbstractChannel) -> int:
        """Claim and publish until nothing more is due; how many messages were published (one
        per reminder and channel)."""
        published = 0
        while True:
            if channel.is_closed:
                # Claiming now would lease reminders it cannot publish until the lease runs out.
                raise ConnectionError("RabbitMQ closed the channel")
            # One id per claim: task-api logs the claim under it, and each reminder carries it
            # to the worker that sends it.
            claim = request_id.set(new_request_id())
            # Events from now on may announce what this claim does not see.
            self._announced_due_at = None
            try:
                claimed = await self._api.claim(
                    limit=self._batch_size, lease_seconds=self._lease_seconds
                )
                due, self._next_due_at = claimed.items, claimed.next_due_at
                if due:
                    sent = await self._publish(channel, due)
                    published += sent
                    self.published += sent
                    log.info(
                        "reminders published",
                        extra={"count": sent, "task_ids": [r.task_id for r in due]},
                    )
            finally:
                request_id.reset(claim)
            if len(due) < self._batch_size:
                return published

    async def _publish(self, channel: AbstractChannel, due: list[DueReminder]) -> int:
        """Publish each reminder's messages, one per channel it goes to; how many."""
        now = datetime.now(UTC)
        messages = [message for reminder in due for message in _messages(reminder, now)]
        for via, _ in messages:
            CLAIMED.labels(channel=via).inc()
        await asyncio.gather(
            *(
                publish_confirmed(channel, message, routing_key=REMINDER_QUEUES[via].send)
                for via, message in messages
            )
        )
        for via, _ in messages:
            PUBLISHED.labels(channel=via).inc()
        return len(messages)


def _messages(reminder: DueReminder, now: datetime) -> list[tuple[Channel, aio_pika.Message]]:
    """The messages asking workers to send this reminder: one for each channel it goes to.

    task-api gives the chat and the address only for the channels its person chose and can be
    reached on; none at all should not happen, and is logged rather than failing the others.
    """
    text = reminder_text(reminder, now=now)
    common = {
        "reminder_id": reminder_id(reminder.task_id, reminder.due_at),
        "task_id": reminder.task_id,
        "user_id": reminder.user_id,
        "text": text,
        "due_at": reminder.due_at,
        "language": reminder.language,
    }
    messages = []
    if reminder.telegram_chat_id is not None:
        chat = SendReminder(chat_id=reminder.telegram_chat_id, **common)
        messages.append((Channel.TELEGRAM, _amqp_message(chat, now)))
    if (email := reminder.email) is not None:
        mail = SendEmailReminder(
            email=email.address,
            title=reminder.title,
            done_url=email.done_url,
            snooze_url=email.snooze_url,
            unsubscribe_url=email.unsubscribe_url,
            **common,
        )
        messages.append((Channel.EMAIL, _amqp_message(mail, now)))
    if not messages:
        log.warning("claimed reminder has no channel", extra={"task_id": reminder.task_id})
        CLAIMED.labels(channel="none").inc()
    return messages


def _amqp_message(body: SendReminder | SendEmailReminder, now: datetime) -> aio_pika.Message:
    """The persistent message carrying `body`, under the reminder's id and this claim's
    request id, so a repeat is recognised and the send can be followed to the claim."""
    return aio_pika.Message(
        body.model_dump_json().encode(),
        message_id=body.reminder_id,
        content_type="application/json",
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        timestamp=now,
        headers={REQUEST_ID_HEADER.lower(): request_id.get()},
    )
