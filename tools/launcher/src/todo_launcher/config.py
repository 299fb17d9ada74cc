"""What the launcher is told: where PostgreSQL, RabbitMQ and Redis are, and what to start."""

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Read from the environment, then from `.env` in the current directory (the one the
    Quick Start copies from `.env.example`); the environment wins.

    The one line of `.env.example` that names a container's host, TELEGRAM_API_BASE, is used
    only with a real bot's token: with the demo's, the launcher starts the fake here, and the
    fake SMTP server beside it.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    database_url: str = Field(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/todo",
        description="The database; made if the server does not have it yet.",
    )
    amqp_url: str = Field("amqp://guest:guest@127.0.0.1:5672/", description="RabbitMQ.")
    redis_url: str | None = Field(
        "redis://127.0.0.1:6379/0", description="Redis for the workers' fleet-wide limit."
    )
    jwt_secret: SecretStr | None = Field(
        None, description="Signs access tokens; unset, a new one each start (sign in again)."
    )
    telegram_bot_token: SecretStr | None = Field(
        None, description="The bot's token; unset, the fake Telegram is started and used."
    )
    telegram_api_base: str = Field("https://api.telegram.org", description="The Bot API.")
    api_port: int = Field(
        8000,
        ge=1,
        le=65000,
        description="task-api's port; the producer's is one more, the bot's three more, "
        "the email workers' five more and up, the Telegram workers' ten more and up.",
    )
    fake_telegram_port: int = Field(8081, ge=1, le=65535, description="The fake's port.")
    smtp_host: str | None = Field(
        None, description="A real SMTP server, used without the fakes (see task-api's SMTP_*)."
    )
    fake_smtp_port: int = Field(
        1025, ge=1, le=65535, description="The fake SMTP server's port, started with the fake."
    )
    fake_smtp_control_port: int = Field(
        8025, ge=1, le=65535, description="The port of the fake SMTP server's control routes."
    )
    web_dist: Path = Field(
        Path("services/web/dist"),
        description="The built web app task-api serves (npm --prefix services/web run build).",
    )
    notifier_workers: int = Field(
        2, ge=1, le=64, description="notifier-worker processes sending to Telegram."
    )
    notifier_email_workers: int = Field(
        1,
        ge=0,
        le=5,
        description="notifier-worker processes sending email (WORKER_CHANNEL=email); started "
        "with the fake SMTP server, or when SMTP_HOST is set.",
    )
