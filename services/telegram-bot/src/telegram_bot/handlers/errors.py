"""Failures answered in words: what to type instead, or to try again in a moment."""

import logging

from aiogram import Router
from aiogram.types import ErrorEvent

from telegram_bot import texts
from telegram_bot.chat_api import FieldRefused, TaskNotFound
from telegram_bot.metrics import FAILURES
from telegram_bot.replies import tell
from todo_shared.api_client import ApiRefused, ApiUnavailable

log = logging.getLogger("telegram_bot")
router = Router(name="errors")

_FIELD_TEXTS = {
    "title": texts.TITLE_REFUSED,
    "remind_at": texts.MOMENT_REFUSED,
    "remind_every": texts.EVERY_REFUSED,
    "recurrence": texts.RULE_ENDED,
    "code": texts.BAD_LINK_CODE,
}


@router.errors()
async def on_error(event: ErrorEvent) -> None:
    """Log and count what went wrong, and tell the person in a sentence."""
    _record(event)
    await tell(event.update, explain(event.exception))


def explain(error: Exception) -> str:
    """What to tell the person about a failure."""
    match error:
        case TaskNotFound():
            return texts.TASK_NOT_FOUND.format(task_id=error.task_id)
        case FieldRefused():
            said = _FIELD_TEXTS.get(error.field)
            return texts.refused(error.reason) if said is None else str(said)
        case ApiRefused(status=403):
            return str(texts.NOT_LINKED)
        case ApiRefused():
            return texts.refused(error.detail)
        case ApiUnavailable():
            return str(texts.API_DOWN)
    return str(texts.BROKEN)


def _record(event: ErrorEvent) -> None:
    """Count and log the failures that are not the person's mistakes."""
    error, update_id = event.exception, event.update.update_id
    if isinstance(error, ApiUnavailable):
        FAILURES.labels("api_unavailable").inc()
        log.warning("task-api unavailable", extra={"update_id": update_id, "error": str(error)})
    elif isinstance(error, ApiRefused) and error.status != 403:
        FAILURES.labels("api_refused").inc()
        log.warning("task-api refused", extra={"update_id": update_id, "error": str(error)})
    elif not isinstance(error, TaskNotFound | FieldRefused | ApiRefused):
        FAILURES.labels("error").inc()
        log.error("update failed", extra={"update_id": update_id}, exc_info=error)
