"""The names on RabbitMQ, defined here only, and how each is declared."""

from collections.abc import Sequence
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractQueue

from todo_shared.enums import Channel

TASKS_EXCHANGE = "tasks"
"""Durable topic exchange of task events (`task.created`, ..., `import.completed`)."""

TASK_EVENT_KEYS = ("task.*", "import.completed")
"""The routing keys a consumer of every task event binds."""

PRODUCER_WAKE_QUEUE_PREFIX = "notifier-producer.wake."
"""Each producer's own queue of task events, which wake it when a reminder comes sooner."""

REMINDERS_QUEUE = "notifications.send"
"""One message per due reminder to a Telegram chat, from the producer to the Telegram workers."""

EMAIL_REMINDERS_QUEUE = "notifications.send.email"
"""One message per due reminder to an email address, from the producer to the email workers."""

DEAD_REMINDERS_QUEUE = "notifications.dead"
"""Reminders of every channel that failed for good, each with the reason in its `x-reason`
header and the queue it came from in `x-queue`."""


@dataclass(frozen=True)
class ReminderQueues:
    """The queues of one channel's reminders: where they wait to be sent, and between tries."""

    send: str
    retry_prefix: str

    def retry(self, delay_seconds: int) -> str:
        """The queue where a reminder waits `delay_seconds` before going back to be sent."""
        return f"{self.retry_prefix}{delay_seconds}s"


REMINDER_QUEUES = {
    Channel.TELEGRAM: ReminderQueues(REMINDERS_QUEUE, "notifications.retry."),
    Channel.EMAIL: ReminderQueues(EMAIL_REMINDERS_QUEUE, "notifications.email.retry."),
}
"""Each channel's queues: a queue of its own, so that its senders scale apart."""

DELIVERY_LIMIT = 20
"""Deliveries of one message (workers dying on it) before RabbitMQ dead-letters it."""

# Quorum queues replicate, and with at-least-once dead-lettering a message moving to a retry or
# a dead-letter queue is never dropped on the way (classic queues can lose it).
_QUORUM = {"x-queue-type": "quorum"}
_AT_LEAST_ONCE = {"x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"}


def retry_queue(delay_seconds: int, via: Channel = Channel.TELEGRAM) -> str:
    """The queue where a reminder of the channel waits `delay_seconds` before going back."""
    return REMINDER_QUEUES[via].retry(delay_seconds)


async def declare_tasks_exchange(channel: AbstractChannel) -> AbstractExchange:
    """The `tasks` exchange, declared as every service expects it."""
    return await channel.declare_exchange(TASKS_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)


async def declare_dead_letter_queue(channel: AbstractChannel) -> AbstractQueue:
    """`notifications.dead`, where every channel's reminders that failed for good rest."""
    return await channel.declare_queue(DEAD_REMINDERS_QUEUE, durable=True, arguments=_QUORUM)


async def declare_reminder_queues(
    channel: AbstractChannel, via: Channel = Channel.TELEGRAM
) -> AbstractQueue:
    """The channel's send queue (`notifications.send` for Telegram) and the dead-letter queue;
    the first is returned."""
    await declare_dead_letter_queue(channel)
    return await channel.declare_queue(
        REMINDER_QUEUES[via].send,
        durable=True,
        arguments={
            **_QUORUM,
            **_AT_LEAST_ONCE,
            "x-delivery-limit": DELIVERY_LIMIT,
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": DEAD_REMINDERS_QUEUE,
        },
    )


async def declare_retry_queues(
    channel: AbstractChannel, delays: Sequence[int], via: Channel = Channel.TELEGRAM
) -> None:
    """One queue per delay, whose messages expire back into the channel's send queue.

    A queue per delay, because a message's time-to-live only runs out at the head of its queue:
    mixed delays in one queue would hold short waits behind long ones.
    """
    for delay in delays:
        await channel.declare_queue(
            retry_queue(delay, via),
            durable=True,
            arguments={
                **_QUORUM,
                **_AT_LEAST_ONCE,
                "x-message-ttl": delay * 1000,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": REMINDER_QUEUES[via].send,
            },
        )
