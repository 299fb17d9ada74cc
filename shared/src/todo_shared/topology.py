"""The names on RabbitMQ, defined here only, and how each is declared."""

from collections.abc import Sequence

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractQueue

TASKS_EXCHANGE = "tasks"
"""Durable topic exchange of task events (`task.created`, ..., `import.completed`)."""

TASK_EVENT_KEYS = ("task.*", "import.completed")
"""The routing keys a consumer of every task event binds."""

PRODUCER_WAKE_QUEUE_PREFIX = "notifier-producer.wake."
"""Each producer's own queue of task events, which wake it when a reminder comes sooner."""

REMINDERS_QUEUE = "notifications.send"
"""One message per due reminder, published by the producer, consumed by the workers."""

DEAD_REMINDERS_QUEUE = "notifications.dead"
"""Reminders that failed for good, each with the reason in its `x-reason` header."""

DELIVERY_LIMIT = 20
"""Deliveries of one message (workers dying on it) before RabbitMQ dead-letters it."""

# Quorum queues replicate, and with at-least-once dead-lettering a message moving to a retry or
# a dead-letter queue is never dropped on the way (classic queues can lose it).
_QUORUM = {"x-queue-type": "quorum"}
_AT_LEAST_ONCE = {"x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"}


def retry_queue(delay_seconds: int) -> str:
    """The queue where a reminder waits `delay_seconds` before going back to be sent."""
    return f"notifications.retry.{delay_seconds}s"


async def declare_tasks_exchange(channel: AbstractChannel) -> AbstractExchange:
    """The `tasks` exchange, declared as every service expects it."""
    return await channel.declare_exchange(TASKS_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)


async def declare_reminder_queues(channel: AbstractChannel) -> AbstractQueue:
    """`notifications.send` and its dead-letter queue; the first is returned."""
    await channel.declare_queue(DEAD_REMINDERS_QUEUE, durable=True, arguments=_QUORUM)
    return await channel.declare_queue(
        REMINDERS_QUEUE,
        durable=True,
        arguments={
            **_QUORUM,
            **_AT_LEAST_ONCE,
            "x-delivery-limit": DELIVERY_LIMIT,
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": DEAD_REMINDERS_QUEUE,
        },
    )


async def declare_retry_queues(channel: AbstractChannel, delays: Sequence[int]) -> None:
    """One queue per delay, whose messages expire back into `notifications.send`.

    A queue per delay, because a message's time-to-live only runs out at the head of its queue:
    mixed delays in one queue would hold short waits behind long ones.
    """
    for delay in delays:
        await channel.declare_queue(
            retry_queue(delay),
            durable=True,
            arguments={
                **_QUORUM,
                **_AT_LEAST_ONCE,
                "x-message-ttl": delay * 1000,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": REMINDERS_QUEUE,
            },
        )
