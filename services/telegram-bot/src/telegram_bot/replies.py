"""Ways of answering: a message, a notice on a pressed button, an edit of the pressed message;
and a task as the person sees it now."""

from datetime import UTC, datetime
from typing import Any

from aiogram import html
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, Update

from telegram_bot import texts
from telegram_bot.parsing import parse_task_id
from todo_shared.schemas import TaskPublic


async def tell(update: Update, text: str) -> None:
    """Answer an update in words: a message to a message, a notice to a pressed button."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.clipped(text, texts.NOTICE_LIMIT), show_alert=True)
    elif update.message is not None:
        await update.message.answer(text)


async def task_id_or_usage(message: Message, command: CommandObject) -> int | None:
    """The task id a command names; None, once told what to type, when it names none."""
    try:
        return parse_task_id(command.args or "")
    except ValueError:
        await message.answer(texts.ID_USAGE.format(command=command.command))
        return None


def label(task: TaskPublic, zone: str) -> str:
    """A task in a sentence, now: its name, when it is due (or overdue) and how it repeats."""
    return texts.task_label(task, zone=zone, now=datetime.now(UTC))


async def rewrite(
    callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the text and buttons of the message whose button was pressed."""
    await _edit(callback, text, reply_markup=markup)


async def note_under(
    callback: CallbackQuery, note: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Add a line under the pressed message (keeping its formatting) and set its buttons."""
    if isinstance(callback.message, Message):
        text = f"{callback.message.html_text}\n\n{html.quote(note)}"
        await _edit(callback, text, parse_mode="HTML", reply_markup=markup)


async def _edit(callback: CallbackQuery, text: str, **options: Any) -> None:
    """Edit the pressed message, when it can be edited and the edit changes something."""
    # A message older than 48 hours comes as InaccessibleMessage, which cannot be edited.
    if not isinstance(callback.message, Message):
        return
    try:
        await callback.message.edit_text(text, **options)
    except TelegramBadRequest as error:
        # A button pressed twice before the first edit showed: the message already says it.
        if "message is not modified" not in error.message:
            raise
