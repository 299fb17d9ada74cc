"""notifier-worker's settings, read once at start-up from the environment."""

from typing import Annotated

from pydantic import BeforeValidator, Field, SecretStr

from todo_shared.settings import Secret, ServiceSettings


def _comma_separated(value: object) -> object:
    return [part.strip() for part in value.split(",")] if isinstance(value, str) else value


Delays = Annotated[list[Annotated[int, Field(ge=1)]], BeforeValidator(_comma_separated)]


class Settings(ServiceSettings):
    """Everything a worker can be told; each field is read from the variable of its name."""

    model_config = ServiceSettings.model_config | {"enable_decoding": False}

    api_url: str = Field("http://127.0.0.1:8000", description="Where task-api is.")
    api_token: Secret = Field(description="The worker's secret (reads tasks, records reminders).")
    amqp_url: str = Field("amqp://guest:guest@127.0.0.1:5672/", description="RabbitMQ.")
    redis_url: str | None = Field(
        None, description="Redis, for the fleet-wide send limit and duplicate detection."
    )
    telegram_bot_token: SecretStr = Field(description="The bot's token, from @BotFather.")
    telegram_api_base: str = Field("https://api.telegram.org", description="The Bot API server.")
    port: int = Field(8002, ge=0, le=65535, description="Port of /health, /ready and /metrics.")
    worker_prefetch: int = Field(
        16, ge=1, description="Reminders a worker holds and sends at once."
    )
    worker_max_attempts: int = Field(
        5, ge=1, description="Failed sends (5xx, network) before a reminder is dead-lettered."
    )
    worker_retry_delays: Delays = Field(
        [5, 30, 120, 600],
        description="Seconds to wait after the 1st, 2nd, ... failed send, comma-separated.",
    )
    telegram_messages_per_second: float = Field(
        25, gt=0, description="Sends a second for the whole fleet (Telegram allows about 30)."
    )
    telegram_chat_messages_per_second: float = Field(
        1, gt=0, description="Sends a second to one chat (Telegram allows about 1)."
    )
    telegram_timeout_seconds: float = Field(30, gt=0, description="How long a send may take.")
    worker_shutdown_seconds: float = Field(
        25, gt=0, description="On SIGTERM, how long the sends in flight may take to finish."
    )
