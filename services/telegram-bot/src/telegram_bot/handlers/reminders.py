"""The buttons under the reminders the worker sends: Done, and the snoozes."""

from datetime import UTC, datetime, time

from aiogram import Router
from aiogram.types import CallbackQuery

from telegram_bot import texts
from telegram_bot.chat_api import ChatApi
from telegram_bot.filters import ReminderPress
from telegram_bot.keyboards import done_only_keyboard
from telegram_bot.parsing import snooze_end
from telegram_bot.replies import note_under
from todo_shared.enums import TaskStatus
from todo_shared.reminder_buttons import ReminderButton

router = Router(name="reminders")


@router.callback_query(ReminderPress("done"))
async def on_done_pressed(
    callback: CallbackQuery, press: ReminderButton, api: ChatApi, zone: str
) -> None:
    """Done under a reminder: mark the task done, and say so (and when a repeating task is
    next due) under the reminder."""
    task = await api.set_status(press.task_id, TaskStatus.DONE)
    if (due := texts.next_due(task, zone=zone, now=datetime.now(UTC))) is None:
        await note_under(callback, str(texts.REMINDER_DONE_NOTE))
        await callback.answer(str(texts.REMINDER_DONE_ANSWER))
    else:
        await note_under(callback, texts.REMINDER_DONE_NEXT_NOTE.format(due=due))
        await callback.answer(texts.REMINDER_DONE_NEXT_ANSWER.format(due=due))


@router.callback_query(ReminderPress("snooze"))
async def on_snooze_pressed(
    callback: CallbackQuery,
    press: ReminderButton,
    api: ChatApi,
    zone: str,
    snooze_morning_at: time,
) -> None:
    """Snooze under a reminder: no reminder of the task until then (or until the person's
    quiet hours end, when it falls within them); Done stays."""
    assert press.snooze is not None, "a snooze button always says for how long"
    now = datetime.now(UTC)
    until = snooze_end(press.snooze, now=now, zone=zone, morning=snooze_morning_at)
    task = await api.snooze_until(press.task_id, until)
    reminded_at = task.next_notification_at or until
    moment = texts.local_moment(reminded_at, zone=zone, now=now)
    if reminded_at > until:
        note = texts.REMINDER_SNOOZED_PAST_QUIET_HOURS_NOTE.format(moment=moment)
    else:
        note = texts.REMINDER_SNOOZED_NOTE.format(moment=moment)
    await note_under(callback, note, done_only_keyboard(press.task_id))
    await callback.answer(texts.REMINDER_SNOOZED_ANSWER.format(moment=moment))
