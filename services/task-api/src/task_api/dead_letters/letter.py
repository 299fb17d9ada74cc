"""What a dead letter says: read from the message as `notifications.dead` delivers it.

A worker's dead letter names its queue, reason, attempts and moment in headers of its own
(`x-queue`, `x-reason`, `x-attempts`, `x-dead-lettered-at`); one that RabbitMQ dead-lettered
(a message that crashed workers past the delivery limit) has RabbitMQ's `x-death` instead, whose
first entry is the latest. Whatever a message lacks or garbles is left unknown: every message
is filed, none refused.
"""

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeGuard

from aio_pika.abc import AbstractIncomingMessage

from todo_shared.schemas import MAX_ID

QUEUE_HEADER = "x-queue"
REASON_HEADER = "x-reason"
ATTEMPTS_HEADER = "x-attempts"
DEAD_LETTERED_AT_HEADER = "x-dead-lettered-at"
DEATH_HEADER = "x-death"


@dataclass(frozen=True)
class Letter:
    """The columns of a dead letter, as read from its message."""

    message_id: str | None
    queue: str | None
    reason: str | None
    attempts: int | None
    dead_lettered_at: datetime
    body: bytes
    content_type: str | None
    headers: dict[str, Any]
    task_id: int | None
    user_id: int | None

    def columns(self) -> dict[str, Any]:
        """The row to insert."""
        return self.__dict__.copy()


def read_letter(message: AbstractIncomingMessage, received_at: datetime) -> Letter:
    """The dead letter in `message`, received at `received_at`."""
    headers = _plain(dict(message.headers or {}))
    death = _first_death(headers)
    task_id, user_id = _reminder_ids(message.body)
    return Letter(
        message_id=_text(message.message_id),
        queue=_text(headers.get(QUEUE_HEADER) or death.get("queue")),
        reason=_text(headers.get(REASON_HEADER) or death.get("reason")),
        attempts=_count(headers.get(ATTEMPTS_HEADER)),
        dead_lettered_at=_moment(headers.get(DEAD_LETTERED_AT_HEADER))
        or _moment(death.get("time"))
        or _moment(message.timestamp)
        or received_at,
        body=message.body,
        content_type=_text(message.content_type),
        headers=headers,
        task_id=task_id,
        user_id=user_id,
    )


def _first_death(headers: Mapping[str, Any]) -> Mapping[str, Any]:
    deaths = headers.get(DEATH_HEADER)
    if isinstance(deaths, list) and deaths and isinstance(deaths[0], dict):
        return deaths[0]
    return {}


def _reminder_ids(body: bytes) -> tuple[int | None, int | None]:
    """The task and user of a reminder's body; none for a body that is not one."""
    try:
        reminder = json.loads(body)
    except ValueError:
        return None, None
    if not isinstance(reminder, dict):
        return None, None
    return _id(reminder.get("task_id")), _id(reminder.get("user_id"))


def _id(value: object) -> int | None:
    """A number that fits an id column, or None."""
    return value if _is_int(value) and 0 < value <= MAX_ID else None


def _count(value: object) -> int | None:
    """A number that fits an integer column, or None."""
    return value if _is_int(value) and 0 <= value < 2**31 else None


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: object) -> str | None:
    """Text PostgreSQL takes (no NUL), or None."""
    if isinstance(value, bytes):
        value = value.decode(errors="replace")
    if value is None or value == "":
        return None
    return str(value).replace("\x00", "\ufffd")


def _moment(value: object) -> datetime | None:
    """An aware moment from a datetime or ISO 8601 text (UTC when it names no offset)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _plain(value: object) -> Any:
    """AMQP header values as JSON that PostgreSQL's jsonb takes: moments and bytes as text,
    no NUL, no NaN."""
    match value:
        case dict():
            return {str(key): _plain(item) for key, item in value.items()}
        case list() | tuple():
            return [_plain(item) for item in value]
        case bool() | int() | None:
            return value
        case float():
            return value if math.isfinite(value) else str(value)
        case datetime():
            return value.isoformat()
        case _:
            return _text(value) or ""
