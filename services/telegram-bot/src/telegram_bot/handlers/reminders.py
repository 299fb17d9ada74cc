"""The buttons under the reminders the worker sends: Done, Snooze 1h, Snooze 1d."""

from datetime import UTC, datetime

from aiogram import Router
from aiogram.types import CallbackQuery

from telegram_bot import texts
from telegram_bot.chat_api import ChatApi
from telegram_bot.filters import ReminderPress
from telegram_bot.keyboards import done_only_keyboard
from telegram_bot.replies import note_under
from todo_shared.enums import TaskStatus
from todo_shared.reminder_buttons import ReminderButton

router = Router(name="reminders")


@router.callback_query(ReminderPress("done"))
async def on_done_pressed(callback: CallbackQuery, press: ReminderButton, api: ChatApi) -> None:
    """Done under a reminder: mark the task done, and say so under the reminder."""
    await api.set_status(press.task_id, TaskStatus.DONE)
    await note_under(callback, texts.REMINDER_DONE_NOTE)
    await callback.answer(texts.REMINDER_DONE_ANSWER)


@router.callback_query(ReminderPress("snooze"))
async def on_snooze_pressed(
    callback: CallbackQuery, press: ReminderButton, api: ChatApi, zone: str
) -> None:
    """Snooze under a reminder: no reminder of the task for that long; Done stays."""
    assert press.snooze is not None, "a snooze button always says for how long"
    until = datetime.now(UTC) + press.snooze
    await api.snooze_until(press.task_id, until)
    note = texts.REMINDER_SNOOZED_NOTE.format(moment=texts.local_moment(until, zone))
    await note_under(callback, note, done_only_keyboard(press.task_id))
    await callback.answer(
        texts.REMINDER_SNOOZED_ANSWER.format(delay=texts.delay_name(press.snooze))
    )
