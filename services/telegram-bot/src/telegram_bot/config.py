"""telegram-bot's settings, read once at start-up from the environment."""

import re
from datetime import time
from typing import Self
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator

from todo_shared.i18n import Language
from todo_shared.settings import Secret, ServiceSettings
from todo_shared.timezones import TimeZoneName

# What @BotFather hands out, and what aiogram accepts: "<bot id>:<secret>".
_BOT_TOKEN = re.compile(r"\d+:[\w-]+")
# Telegram's rule for a webhook's secret_token.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class Settings(ServiceSettings):
    """Everything the bot can be told; each field is read from the variable of its name."""

    telegram_bot_token: SecretStr = Field(description="The bot's token, from @BotFather.")
    telegram_api_base: str = Field(
        "https://api.telegram.org", description="The Bot API server (a fake one in tests)."
    )
    api_url: str = Field("http://127.0.0.1:8000", description="Where task-api is.")
    api_token: Secret = Field(
        description="The bot's secret for task-api (its telegram-bot entry in SERVICE_TOKENS)."
    )
    bot_webhook_url: str | None = Field(
        None,
        description="The public URL Telegram posts updates to; set, the bot takes updates on "
        "this URL's path on HOST:PORT instead of long polling.",
    )
    bot_webhook_secret: SecretStr | None = Field(
        None,
        description="Required with BOT_WEBHOOK_URL: the X-Telegram-Bot-Api-Secret-Token every "
        "webhook call must carry (1-256 of A-Z a-z 0-9 _ -).",
    )
    default_timezone: TimeZoneName = Field(
        "Europe/Moscow",
        description="Reads /remind, /due and /new times for users with no zone of their own.",
    )
    default_language: Language = Field(
        "en",
        description="The language (en or ru) of a chat the bot cannot place: one not linked to "
        "an account yet, whose Telegram language is none of the bot's; and of the command menu "
        "for people whose Telegram language is none of them.",
    )
    snooze_morning_at: time = Field(
        time(9, 0),
        description='What "Tomorrow morning" under a reminder snoozes until: this time of the '
        "person's next day, on their clock (HH:MM).",
    )
    port: int = Field(
        8003, ge=0, le=65535, description="Port of /health, /ready, /metrics (and the webhook)."
    )
    bot_shutdown_seconds: float = Field(
        20, gt=0, description="On SIGTERM, how long the updates in hand may take to finish."
    )

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, token: SecretStr) -> SecretStr:
        """Refuse a token aiogram would refuse later, and name the variable now."""
        if not _BOT_TOKEN.fullmatch(token.get_secret_value()):
            raise ValueError("must look like <digits>:<text>, as @BotFather gives it")
        return token

    @field_validator("bot_webhook_url")
    @classmethod
    def _webhook_url_shape(cls, url: str | None) -> str | None:
        """Telegram posts to http(s) URLs only."""
        if url is not None and urlsplit(url).scheme not in ("http", "https"):
            raise ValueError("must be an http(s) URL")
        return url

    @field_validator("bot_webhook_secret")
    @classmethod
    def _webhook_secret_shape(cls, secret: SecretStr | None) -> SecretStr | None:
        """Refuse a secret Telegram's setWebhook would refuse."""
        if secret is not None and not _WEBHOOK_SECRET.fullmatch(secret.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return secret

    @field_validator("snooze_morning_at")
    @classmethod
    def _morning_has_no_offset(cls, morning: time) -> time:
        """The morning is read on each person's own clock, so an offset would mean nothing."""
        if morning.tzinfo is not None:
            raise ValueError("must be a time of day without an offset, such as 09:00")
        return morning

    @model_validator(mode="after")
    def _webhook_needs_a_secret(self) -> Self:
        """A webhook without a secret would take updates from anyone who finds its URL."""
        if self.bot_webhook_url is not None and self.bot_webhook_secret is None:
            raise ValueError("BOT_WEBHOOK_SECRET is required when BOT_WEBHOOK_URL is set")
        return self

    @property
    def webhook_path(self) -> str:
        """The path of the webhook URL, where the bot's HTTP server takes updates."""
        return urlsplit(self.bot_webhook_url or "").path or "/"
