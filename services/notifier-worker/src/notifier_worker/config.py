"""notifier-worker's settings, read once at start-up from the environment.

A worker sends by one channel (WORKER_CHANNEL): a Telegram worker needs the bot's token, an
email worker the SMTP server and the sender (todo_shared.mail's settings); neither needs the
other's.
"""

from typing import Annotated, Self

from pydantic import BeforeValidator, Field, SecretStr, model_validator

from todo_shared.enums import Channel
from todo_shared.mail import MailSettings
from todo_shared.settings import Secret


def _comma_separated(value: object) -> object:
    return [part.strip() for part in value.split(",")] if isinstance(value, str) else value


Delays = Annotated[list[Annotated[int, Field(ge=1)]], BeforeValidator(_comma_separated)]


class Settings(MailSettings):
    """Everything a worker can be told; each field is read from the variable of its name."""

    model_config = MailSettings.model_config | {"enable_decoding": False}

    worker_channel: Channel = Field(
        Channel.TELEGRAM,
        description="The channel this worker sends by: telegram (notifications.send) or email "
        "(notifications.send.email).",
    )

    api_url: str = Field("http://127.0.0.1:8000", description="Where task-api is.")
    api_token: Secret = Field(description="The worker's secret (reads tasks, records reminders).")
    amqp_url: str = Field("amqp://guest:guest@127.0.0.1:5672/", description="RabbitMQ.")
    redis_url: str | None = Field(
        None, description="Redis, for the fleet-wide send limit and duplicate detection."
    )
    telegram_bot_token: SecretStr | None = Field(
        None, description="The bot's token, from @BotFather; needed by a Telegram worker."
    )
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
    email_messages_per_second: float = Field(
        10, gt=0, description="Mails a second for the whole fleet (the SMTP relay's limit)."
    )
    email_recipient_messages_per_second: float = Field(
        1, gt=0, description="Mails a second to one address (mailbox providers slow bursts)."
    )
    worker_shutdown_seconds: float = Field(
        25, gt=0, description="On SIGTERM, how long the sends in flight may take to finish."
    )

    @model_validator(mode="after")
    def _the_channel_is_set_up(self) -> Self:
        """A worker that could not send by its channel would take reminders only to fail."""
        if self.worker_channel is Channel.TELEGRAM and self.telegram_bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is needed by a Telegram worker")
        if self.worker_channel is Channel.EMAIL and not self.sends_mail:
            raise ValueError("SMTP_HOST and MAIL_FROM are needed by an email worker")
        return self

    @property
    def send_timeout_seconds(self) -> float:
        """How long one send by the worker's channel may take."""
        if self.worker_channel is Channel.EMAIL:
            return self.smtp_timeout_seconds
        return self.telegram_timeout_seconds
