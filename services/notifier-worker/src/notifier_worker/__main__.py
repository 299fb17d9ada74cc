"""`python -m notifier_worker`: send queued reminders to Telegram, until SIGTERM."""

# First, before the imports that take seconds: a stop meanwhile is a clean exit, not a death.
from todo_shared.early_stop import exit_cleanly_on_stop

exit_cleanly_on_stop()

import argparse
import asyncio
from contextlib import AsyncExitStack

from redis.asyncio import Redis

from notifier_worker.config import Settings
from notifier_worker.consumer import Worker
from notifier_worker.deliveries import DeliveryLog, LocalDeliveryLog, RedisDeliveryLog
from notifier_worker.handlers import ReminderHandler
from notifier_worker.rate_limit import LocalRateLimiter, RateLimiter, RedisRateLimiter
from notifier_worker.telegram import TelegramSender
from todo_shared.api_client import TaskApi
from todo_shared.lifecycle import run_service
from todo_shared.ops_server import ops_server
from todo_shared.settings import load_settings


def main() -> None:
    """Parse the command line (only --help), then send reminders until stopped."""
    argparse.ArgumentParser(
        prog="python -m notifier_worker",
        description="Takes reminders from RabbitMQ's notifications.send (AMQP_URL), sends each "
        "to Telegram (TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE) within the fleet's limits (shared "
        "through REDIS_URL when set), records it in task-api (API_URL, API_TOKEN), then acks. "
        "Serves /health, /ready and /metrics on HOST:PORT. Every setting is an environment "
        "variable; see README.md.",
    ).parse_args()
    settings = load_settings(Settings, "notifier-worker")
    run_service("notifier-worker", settings.log_level, lambda stopping: serve(settings, stopping))


async def serve(settings: Settings, stopping: asyncio.Event) -> None:
    """Consume, with the ops port open, until `stopping` is set."""
    async with AsyncExitStack() as stack:
        api = TaskApi(settings.api_url, settings.api_token.get_secret_value())
        stack.push_async_callback(api.aclose)
        telegram = TelegramSender(
            settings.telegram_bot_token.get_secret_value(),
            settings.telegram_api_base,
            timeout_seconds=settings.telegram_timeout_seconds,
        )
        stack.push_async_callback(telegram.close)
        limiter, deliveries = await _shared_state(settings, stack)
        handler = ReminderHandler(
            api,
            telegram,
            limiter,
            deliveries,
            lease_seconds=settings.telegram_timeout_seconds * 2,
            stopping=stopping,
        )
        worker = Worker(
            handler,
            settings.amqp_url,
            prefetch=settings.worker_prefetch,
            max_attempts=settings.worker_max_attempts,
            retry_delays=settings.worker_retry_delays,
            shutdown_seconds=settings.worker_shutdown_seconds,
        )

        async def rabbitmq() -> str | None:
            return None if worker.connected.is_set() else "not connected"

        checks = {"rabbitmq": rabbitmq, "telegram": telegram.ready}
        await stack.enter_async_context(ops_server(settings.host, settings.port, checks))
        await worker.run(stopping)


async def _shared_state(
    settings: Settings, stack: AsyncExitStack
) -> tuple[RateLimiter, DeliveryLog]:
    """The rate limiter and delivery log: the fleet's, in Redis, or this worker's own."""
    limits = {
        "per_second": settings.telegram_messages_per_second,
        "per_chat_per_second": settings.telegram_chat_messages_per_second,
        "send_timeout_seconds": settings.telegram_timeout_seconds,
    }
    if settings.redis_url is None:
        return (
            LocalRateLimiter(**limits),
            LocalDeliveryLog(),
        )
    redis = Redis.from_url(settings.redis_url)
    stack.push_async_callback(redis.aclose)
    return (
        RedisRateLimiter(redis, **limits),
        RedisDeliveryLog(redis),
    )


if __name__ == "__main__":
    main()
