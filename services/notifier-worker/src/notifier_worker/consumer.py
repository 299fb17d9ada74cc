"""The worker's loop: take reminders from its channel's queue, and settle each one.

A worker consumes one channel's queue (`notifications.send` for Telegram,
`notifications.send.email` for email), so that each channel's senders scale apart.

A message is acked only once its reminder is settled: sent and recorded, skipped, put in a
retry queue (which sends it back after a while), or put in the dead-letter queue with the
reason and the queue it came from in its headers. A worker killed halfway acks nothing, and
RabbitMQ gives its messages to another worker. On SIGTERM it stops taking messages, finishes
those in hand, and closes.
"""

import asyncio
import functools
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage
from aio_pika.exceptions import CONNECTION_EXCEPTIONS
from pydantic import ValidationError

from notifier_worker.handlers import Outcome, ReminderHandler
from notifier_worker.metrics import REMINDERS
from notifier_worker.sending import AnyReminder
from todo_shared.amqp import publish_confirmed
from todo_shared.concurrency import first_completed
from todo_shared.enums import Channel
from todo_shared.logs import REQUEST_ID_HEADER, request_id
from todo_shared.messages import SendEmailReminder, SendReminder
from todo_shared.retry import Backoff
from todo_shared.topology import (
    DEAD_REMINDERS_QUEUE,
    REMINDER_QUEUES,
    declare_reminder_queues,
    declare_retry_queues,
)

log = logging.getLogger(__name__)

ATTEMPTS_HEADER = "x-attempts"
REASON_HEADER = "x-reason"
QUEUE_HEADER = "x-queue"
"""A dead letter's queue to go back to, once what failed is fixed."""

MESSAGES: dict[Channel, type[AnyReminder]] = {
    Channel.TELEGRAM: SendReminder,
    Channel.EMAIL: SendEmailReminder,
}
"""The message each channel's queue carries."""


class Worker:
    """Consumes one channel's reminders until told to stop."""

    def __init__(
        self,
        handler: ReminderHandler,
        amqp_url: str,
        *,
        via: Channel,
        prefetch: int,
        max_attempts: int,
        retry_delays: Sequence[int],
        shutdown_seconds: float,
    ) -> None:
        self._handler = handler
        self._via = via
        self._queues = REMINDER_QUEUES[via]
        self._model = MESSAGES[via]
        self._amqp_url = amqp_url
        self._prefetch = prefetch
        self._max_attempts = max_attempts
        self._delays = sorted(set(retry_delays))
        self._attempt_delays = list(retry_delays)
        self._shutdown_seconds = shutdown_seconds
        self._in_hand = 0
        self._handling: set[asyncio.Task[Outcome]] = set()
        self._empty_handed = asyncio.Event()
        self._empty_handed.set()
        self.connected = asyncio.Event()

    async def run(self, stopping: asyncio.Event) -> None:
        """Consume, reconnecting with growing delays whenever RabbitMQ goes away."""
        backoff = Backoff()
        while not stopping.is_set():
            try:
                await self._consume_until_stopped(stopping)
            except CONNECTION_EXCEPTIONS as error:
                log.warning("worker lost RabbitMQ", extra={"error": repr(error)})
                if self.connected.is_set():  # it had connected: a new outage
                    backoff.reached()
                await backoff.wait(stopping)
            finally:
                self.connected.clear()
        if self._handling:  # sends seen through after a lost connection: let them end
            await asyncio.wait(self._handling, timeout=self._shutdown_seconds)

    async def _consume_until_stopped(self, stopping: asyncio.Event) -> None:
        async with await aio_pika.connect(
            self._amqp_url,
            timeout=10,
            client_properties={"connection_name": f"notifier-worker ({self._via})"},
        ) as connection:
            lost = asyncio.Event()
            connection.close_callbacks.add(lambda *_: lost.set())
            channel = await connection.channel(publisher_confirms=True)
            await channel.set_qos(prefetch_count=self._prefetch)
            queue = await declare_reminder_queues(channel, self._via)
            await declare_retry_queues(channel, self._delays, self._via)
            consumer_tag = await queue.consume(functools.partial(self._on_message, channel))
            self.connected.set()
            await first_completed(stopping.wait(), lost.wait())
            if lost.is_set():
                raise ConnectionError("RabbitMQ closed the connection")
            await queue.cancel(consumer_tag)
            await self._finish_what_is_in_hand()

    async def _finish_what_is_in_hand(self) -> None:
        try:
            async with asyncio.timeout(self._shutdown_seconds):
                await self._empty_handed.wait()
        except TimeoutError:
            # Closing the channel gives RabbitMQ back what was not acked: nothing is lost.
            log.warning("stopping with reminders in hand", extra={"in_hand": self._in_hand})

    async def _on_message(self, channel: AbstractChannel, message: AbstractIncomingMessage) -> None:
        self._in_hand += 1
        self._empty_handed.clear()
        try:
            await self._process(channel, message)
        finally:
            self._in_hand -= 1
            if self._in_hand == 0:
                self._empty_handed.set()

    async def _process(self, channel: AbstractChannel, message: AbstractIncomingMessage) -> None:
        # Each delivery runs in a task of its own, so the id stays with this message's lines.
        given = message.headers.get(REQUEST_ID_HEADER.lower())
        request_id.set(str(given) if given else None)
        try:
            reminder = self._model.model_validate_json(message.body)
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            REMINDERS.labels("invalid").inc()
            await self._dead_letter(channel, message, f"not a reminder: {problem['msg']}", 0)
            return
        attempts = int(message.headers.get(ATTEMPTS_HEADER, 0))  # type: ignore[arg-type]
        handling = asyncio.create_task(self._handler.handle(reminder))
        self._handling.add(handling)
        handling.add_done_callback(self._handling.discard)
        try:
            # aiormq cancels a delivery's task when RabbitMQ drops the channel: a send begun is
            # seen through and noted all the same, so that its message, back, finds it sent.
            outcome = await asyncio.shield(handling)
        except Exception:  # a bug: RabbitMQ's delivery limit ends a message that keeps failing
            log.exception("reminder crashed the handler", extra={"reminder": reminder.reminder_id})
            await message.nack(requeue=True)
            return
        await self._settle(channel, message, reminder, outcome, attempts)
        log.info(
            "reminder settled",
            extra={
                "reminder": reminder.reminder_id,
                "task_id": reminder.task_id,
                "outcome": outcome.kind,
                "reason": outcome.reason,
            },
        )

    async def _settle(
        self,
        channel: AbstractChannel,
        message: AbstractIncomingMessage,
        reminder: AnyReminder,
        outcome: Outcome,
        attempts: int,
    ) -> None:
        if outcome.kind == "dead":
            await self._give_up(channel, message, reminder, outcome.reason, attempts)
            return
        if outcome.kind == "requeue":
            REMINDERS.labels("requeued").inc()
            await message.nack(requeue=True)
            return
        if outcome.kind != "retry":
            REMINDERS.labels(outcome.kind).inc()
            await message.ack()
            return
        if outcome.failed_send:
            attempts += 1
            if attempts >= self._max_attempts:
                reason = f"gave up after {attempts} attempts: {outcome.reason}"
                await self._give_up(channel, message, reminder, reason, attempts)
                return
        REMINDERS.labels("retried").inc()
        await publish_confirmed(
            channel,
            _copy(message, {ATTEMPTS_HEADER: attempts, REASON_HEADER: outcome.reason}),
            routing_key=self._queues.retry(
                self._queue_for(outcome.delay or self._delay_after(attempts))
            ),
        )
        await message.ack()

    def _delay_after(self, attempts: int) -> int:
        """How long to wait after this many failed sends (as long as after one, for none)."""
        return self._attempt_delays[min(max(attempts, 1), len(self._attempt_delays)) - 1]

    def _queue_for(self, delay: float) -> int:
        """The shortest retry queue that waits at least `delay` (or the longest there is)."""
        return next((d for d in self._delays if d >= delay), self._delays[-1])

    async def _give_up(
        self,
        channel: AbstractChannel,
        message: AbstractIncomingMessage,
        reminder: AnyReminder,
        reason: str,
        attempts: int,
    ) -> None:
        """Dead-letter the reminder, its task handed back first: one dead letter per reminder,
        not one each time its claim's lease runs out."""
        REMINDERS.labels("dead_lettered").inc()
        await self._handler.give_up(reminder)
        await self._dead_letter(channel, message, reason, attempts)

    async def _dead_letter(
        self, channel: AbstractChannel, message: AbstractIncomingMessage, reason: str, attempts: int
    ) -> None:
        headers = {
            ATTEMPTS_HEADER: attempts,
            REASON_HEADER: reason,
            QUEUE_HEADER: self._queues.send,
            "x-dead-lettered-at": datetime.now(UTC).isoformat(),
        }
        await publish_confirmed(channel, _copy(message, headers), routing_key=DEAD_REMINDERS_QUEUE)
        await message.ack()
        log.warning(
            "reminder dead-lettered", extra={"message_id": message.message_id, "reason": reason}
        )


def _copy(message: AbstractIncomingMessage, headers: dict[str, object]) -> aio_pika.Message:
    """The message again, persistent, with these headers added."""
    return aio_pika.Message(
        message.body,
        message_id=message.message_id,
        content_type=message.content_type,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        headers={**(message.headers or {}), **headers},  # type: ignore[dict-item]
    )
