"""The names on RabbitMQ, defined here only, and how each is declared."""

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange

TASKS_EXCHANGE = "tasks"
"""Durable topic exchange of task events (`task.created`, ..., `import.completed`)."""

TASK_EVENT_KEYS = ("task.*", "import.completed")
"""The routing keys a consumer of every task event binds."""


async def declare_tasks_exchange(channel: AbstractChannel) -> AbstractExchange:
    """The `tasks` exchange, declared as every service expects it."""
    return await channel.declare_exchange(TASKS_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
