"""Due dates and repeating tasks: /due (alone: what is due soonest), /repeat, /history."""

from datetime import UTC, datetime

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from telegram_bot import texts
from telegram_bot.chat_api import ChatApi
from telegram_bot.handlers.listing import list_page
from telegram_bot.parsing import parse_due_change, parse_repeat, parse_task_id, split_first
from telegram_bot.replies import label, task_id_or_usage

router = Router(name="dates")

HISTORY_SIZE = 20
"""How many of the latest times a task was done /history shows."""


@router.message(Command("due"))
async def cmd_due(message: Message, command: CommandObject, api: ChatApi, zone: str) -> None:
    """Set a task's due date: /due 12 friday 18:00; /due 12 off; /due alone lists what is due."""
    if not (command.args or "").strip():
        text, markup = await list_page(api, "due", skip=0, zone=zone)
        await message.answer(text, reply_markup=markup)
        return
    first, rest = split_first(command.args)
    now = datetime.now(UTC)
    try:
        task_id = parse_task_id(first)
        due = parse_due_change(rest, now=now, zone=zone)
    except ValueError:
        await message.answer(texts.DUE_USAGE.format(zone=zone))
        return
    task = await api.set_due(task_id, due)
    await message.answer(texts.due_changed(task, cleared=due is None, zone=zone, now=now))


@router.message(Command("repeat"))
async def cmd_repeat(message: Message, command: CommandObject, api: ChatApi, zone: str) -> None:
    """Bring a task back open each time it is done: /repeat 12 every monday; /repeat 12 off."""
    first, rest = split_first(command.args)
    try:
        task_id = parse_task_id(first)
    except ValueError:
        await message.answer(str(texts.REPEAT_USAGE))
        return
    try:
        rule = parse_repeat(rest)
    except ValueError as refused:
        said = texts.repeat_refused(refused) if rest else str(texts.REPEAT_USAGE)
        await message.answer(said)
        return
    task = await api.set_recurrence(task_id, rule)
    said = texts.REPEAT_OFF if rule is None else texts.REPEAT_SET
    await message.answer(said.format(task=label(task, zone)))


@router.message(Command("history"))
async def cmd_history(message: Message, command: CommandObject, api: ChatApi, zone: str) -> None:
    """When a task was done, latest first: /history 12."""
    if (task_id := await task_id_or_usage(message, command)) is None:
        return
    task = await api.get_task(task_id)
    done = await api.completions(task_id, limit=HISTORY_SIZE)
    now = datetime.now(UTC)
    await message.answer(texts.history(task, done.items, total=done.total, zone=zone, now=now))
