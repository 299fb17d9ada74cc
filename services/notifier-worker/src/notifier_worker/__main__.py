"""`python -m notifier_worker`: send queued reminders by one channel, until SIGTERM."""

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
from notifier_worker.mail import MailSender
from notifier_worker.rate_limit import LocalRateLimiter, RateLimiter, RedisRateLimiter
from notifier_worker.sending import Sender
from notifier_worker.telegram import TelegramSender
from todo_shared.api_client import TaskApi
from todo_shared.enums import Channel
from todo_shared.lifecycle import run_service
from todo_shared.ops_server import ops_server
from todo_shared.settings import load_settings


def main() -> None:
    """Parse the command line (only --help), then send reminders until stopped."""
    argparse.ArgumentParser(
        prog="python -m notifier_worker",
        description="Takes reminders from RabbitMQ (AMQP_URL) and sends each by the channel "
        "WORKER_CHANNEL names: telegram (the default) from notifications.send to Telegram "
        "(needs TELEGRAM_BOT_TOKEN; TELEGRAM_API_BASE), or email from notifications.send.email "
        "through an SMTP server (needs SMTP_HOST and MAIL_FROM; SMTP_PORT, SMTP_SECURITY, "
        "SMTP_USERNAME, SMTP_PASSWORD), within the fleet's limits (shared through REDIS_URL "
        "when set); records it in task-api (API_URL, API_TOKEN), then acks. Serves /health, "
        "/ready and /metrics on HOST:PORT. Every setting is an environment variable; see "
        "README.md.",
    ).parse_args()
    settings = load_settings(Settings, "notifier-worker")
    run_service("notifier-worker", settings.log_level, lambda stopping: serve(settings, stopping))


async def serve(settings: Settings, stopping: asyncio.Event) -> None:
    """Consume the channel's queue, with the ops port open, until `stopping` is set."""
    async with AsyncExitStack() as stack:
        api = TaskApi(settings.api_url, settings.api_token.get_secret_value())
        stack.push_async_callback(api.aclose)
        sender = _sender(settings)
        stack.push_async_callback(sender.close)
        limiter, deliveries = await _shared_state(settings, stack)
        handler = ReminderHandler(
            api,
            sender,
            limiter,
            deliveries,
            lease_seconds=settings.send_timeout_seconds * 2,
            stopping=stopping,
        )
        worker = Worker(
            handler,
            settings.amqp_url,
            via=settings.worker_channel,
            prefetch=settings.worker_prefetch,
            max_attempts=settings.worker_max_attempts,
            retry_delays=settings.worker_retry_delays,
            shutdown_seconds=settings.worker_shutdown_seconds,
        )

        async def rabbitmq() -> str | None:
            return None if worker.connected.is_set() else "not connected"

        checks = {"rabbitmq": rabbitmq, str(settings.worker_channel): sender.ready}
        await stack.enter_async_context(ops_server(settings.host, settings.port, checks))
        await worker.run(stopping)


def _sender(settings: Settings) -> Sender:
    """What sends by the worker's channel."""
    if settings.worker_channel is Channel.EMAIL:
        return MailSender(settings)
    assert settings.telegram_bot_token is not None, "the settings checked it"
    return TelegramSender(
        settings.telegram_bot_token.get_secret_value(),
        settings.telegram_api_base,
        timeout_seconds=settings.telegram_timeout_seconds,
    )


async def _shared_state(
    settings: Settings, stack: AsyncExitStack
) -> tuple[RateLimiter, DeliveryLog]:
    """The channel's rate limiter and delivery log: the fleet's, in Redis, or this worker's."""
    channel = settings.worker_channel
    if channel is Channel.EMAIL:
        rates = (settings.email_messages_per_second, settings.email_recipient_messages_per_second)
    else:
        rates = (settings.telegram_messages_per_second, settings.telegram_chat_messages_per_second)
    limits = {
        "per_second": rates[0],
        "per_chat_per_second": rates[1],
        "send_timeout_seconds": settings.send_timeout_seconds,
    }
    if settings.redis_url is None:
        return LocalRateLimiter(**limits), LocalDeliveryLog()
    redis = Redis.from_url(settings.redis_url)
    stack.push_async_callback(redis.aclose)
    limiter = RedisRateLimiter(redis, namespace=str(channel), **limits)
    return limiter, RedisDeliveryLog(redis, channel)


if __name__ == "__main__":
    main()
