"""The services that call task-api with a secret of their own: the keys of SERVICE_TOKENS."""

from typing import Literal

ServiceName = Literal["notifier", "notifier-producer", "notifier-worker", "telegram-bot"]
