"""Adding and changing tasks: /new, the urgency buttons, /done, /start_task, /urgency, /remind,
/every."""

from datetime import UTC, datetime

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from telegram_bot import texts
from telegram_bot.chat_api import ChatApi
from telegram_bot.keyboards import UrgencyChoice, urgency_keyboard
from telegram_bot.parsing import (
    parse_cadence,
    parse_new_task,
    parse_task_id,
    parse_urgency,
    parse_when,
    split_first,
)
from telegram_bot.replies import label, rewrite, task_id_or_usage
from todo_shared.enums import TaskStatus, Urgency

router = Router(name="tasks")


@router.message(Command("new"))
async def cmd_new(message: Message, command: CommandObject, api: ChatApi, zone: str) -> None:
    """Add a task: /new Pay rent, with `!` or `!!` for its urgency (else buttons ask), and
    `due friday 18:00` and `every month` if it has them."""
    try:
        new = parse_new_task(command.args, now=datetime.now(UTC), zone=zone)
    except ValueError:
        await message.answer(str(texts.NEW_USAGE))
        return
    urgency = new.urgency or Urgency.NOT_URGENT
    task = await api.create_task(new.title, urgency, due=new.due, recurrence=new.recurrence)
    name = label(task, zone)
    if new.urgency is None:
        await message.answer(
            texts.ASK_URGENCY.format(task=name), reply_markup=urgency_keyboard(task.id)
        )
    else:
        await message.answer(texts.ADDED.format(task=name, urgency=texts.URGENCY_NAMES[urgency]))


@router.callback_query(UrgencyChoice.filter())
async def on_urgency_chosen(
    callback: CallbackQuery, callback_data: UrgencyChoice, api: ChatApi, zone: str
) -> None:
    """An urgency button pressed: set it, and say so in place of the question."""
    task = await api.set_urgency(callback_data.task_id, callback_data.urgency)
    urgency = texts.URGENCY_NAMES[task.urgency]
    await rewrite(callback, texts.URGENCY_SET.format(task=label(task, zone), urgency=urgency))
    await callback.answer()


@router.message(Command("done"))
async def cmd_done(message: Message, command: CommandObject, api: ChatApi, zone: str) -> None:
    """Mark a task done: /done 12; a repeating one says when it is next due."""
    if (task_id := await task_id_or_usage(message, command)) is not None:
        task = await api.set_status(task_id, TaskStatus.DONE)
        await message.answer(texts.marked_done(task, zone=zone, now=datetime.now(UTC)))


@router.message(Command("start_task"))
async def cmd_start_task(message: Message, command: CommandObject, api: ChatApi, zone: str) -> None:
    """Say a task is in progress: /start_task 12."""
    if (task_id := await task_id_or_usage(message, command)) is not None:
        task = await api.set_status(task_id, TaskStatus.IN_PROGRESS)
        await message.answer(texts.STARTED.format(task=label(task, zone)))


@router.message(Command("urgency"))
async def cmd_urgency(message: Message, command: CommandObject, api: ChatApi, zone: str) -> None:
    """Change a task's urgency: /urgency 12 very_urgent; without a level, buttons ask."""
    first, rest = split_first(command.args)
    try:
        task_id = parse_task_id(first)
        urgency = parse_urgency(rest) if rest else None
    except ValueError:
        await message.answer(str(texts.URGENCY_USAGE))
        return
    if urgency is None:
        task = await api.get_task(task_id)
        question = texts.ASK_URGENCY_OF.format(task=label(task, zone))
        await message.answer(question, reply_markup=urgency_keyboard(task.id))
        return
    task = await api.set_urgency(task_id, urgency)
    level = texts.URGENCY_NAMES[task.urgency]
    await message.answer(texts.URGENCY_SET.format(task=label(task, zone), urgency=level))


@router.message(Command("remind"))
async def cmd_remind(message: Message, command: CommandObject, api: ChatApi, zone: str) -> None:
    """A one-off reminder: /remind 12 in 2h, tomorrow 9:00, 2026-12-01 09:00 (the user's zone)."""
    first, rest = split_first(command.args)
    now = datetime.now(UTC)
    try:
        task_id = parse_task_id(first)
        moment = parse_when(rest, now=now, zone=zone)
    except ValueError:
        await message.answer(texts.REMIND_USAGE.format(zone=zone))
        return
    task = await api.remind_at(task_id, moment)
    when = texts.local_moment(moment, zone=zone, now=now)
    await message.answer(texts.REMINDER_SET.format(task=label(task, zone), moment=when))


@router.message(Command("every"))
async def cmd_every(message: Message, command: CommandObject, api: ChatApi, zone: str) -> None:
    """How often to remind of a task: /every 12 2h; /every 12 off; /every 12 urgency."""
    first, rest = split_first(command.args)
    try:
        task_id = parse_task_id(first)
        cadence = parse_cadence(rest)
    except ValueError:
        await message.answer(str(texts.EVERY_USAGE))
        return
    task = await api.set_cadence(task_id, cadence)
    await message.answer(texts.cadence_set(task, zone=zone, now=datetime.now(UTC)))
