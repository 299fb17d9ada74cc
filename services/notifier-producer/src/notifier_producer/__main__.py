"""`python -m notifier_producer`: claim due reminders and queue them, until SIGTERM."""

# First, before the imports that take seconds: a stop meanwhile is a clean exit, not a death.
from todo_shared.early_stop import exit_cleanly_on_stop

exit_cleanly_on_stop()

import argparse
import asyncio

from notifier_producer.config import Settings
from notifier_producer.producer import Producer
from todo_shared.api_client import TaskApi
from todo_shared.lifecycle import run_service
from todo_shared.ops_server import ops_server
from todo_shared.settings import load_settings


def main() -> None:
    """Parse the command line (only --help), then produce until stopped."""
    argparse.ArgumentParser(
        prog="python -m notifier_producer",
        description="Claims the reminders due in task-api (API_URL, API_TOKEN) when they fall "
        "due (at least every PRODUCER_INTERVAL_SECONDS) and publishes one message per reminder "
        "and channel to RabbitMQ (AMQP_URL): notifications.send for Telegram, "
        "notifications.send.email for email. Serves /health, /ready and /metrics on "
        "HOST:PORT. Every setting is an environment variable; see README.md.",
    ).parse_args()
    settings = load_settings(Settings, "notifier-producer")
    run_service("notifier-producer", settings.log_level, lambda stopping: serve(settings, stopping))


async def serve(settings: Settings, stopping: asyncio.Event) -> None:
    """Produce, with the ops port open, until `stopping` is set."""
    api = TaskApi(settings.api_url, settings.api_token.get_secret_value())
    producer = Producer(
        api,
        settings.amqp_url,
        batch_size=settings.producer_batch_size,
        lease_seconds=settings.producer_lease_seconds,
        interval_seconds=settings.producer_interval_seconds,
    )

    async def rabbitmq() -> str | None:
        return None if producer.connected.is_set() else "not connected"

    try:
        async with ops_server(settings.host, settings.port, {"rabbitmq": rabbitmq}):
            await producer.run(stopping)
    finally:
        await api.aclose()


if __name__ == "__main__":
    main()
