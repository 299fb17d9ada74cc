"""/delete: it asks first, and deletes only when Delete is pressed."""

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from telegram_bot import texts
from telegram_bot.chat_api import ChatApi
from telegram_bot.keyboards import DeleteChoice, delete_keyboard
from telegram_bot.replies import label, rewrite, task_id_or_usage

router = Router(name="deleting")


@router.message(Command("delete"))
async def cmd_delete(message: Message, command: CommandObject, api: ChatApi, zone: str) -> None:
    """Ask whether to delete a task: /delete 12."""
    if (task_id := await task_id_or_usage(message, command)) is None:
        return
    task = await api.get_task(task_id)
    question = texts.ASK_DELETE.format(task=label(task, zone))
    await message.answer(question, reply_markup=delete_keyboard(task.id))


@router.callback_query(DeleteChoice.filter())
async def on_delete_chosen(
    callback: CallbackQuery, callback_data: DeleteChoice, api: ChatApi, zone: str
) -> None:
    """Delete or Keep pressed: do it, and say so in place of the question."""
    task = await api.get_task(callback_data.task_id)
    name = label(task, zone)
    if callback_data.sure:
        await api.delete_task(task.id)
        await rewrite(callback, texts.DELETED.format(task=name))
    else:
        await rewrite(callback, texts.KEPT.format(task=name))
    await callback.answer()
