"""/list and /list done, a page at a time, with Previous and Next buttons (and /due's list)."""

from datetime import UTC, datetime

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from telegram_bot import texts
from telegram_bot.chat_api import ChatApi
from telegram_bot.keyboards import PAGE_SIZE, ListPage, page_keyboard
from telegram_bot.parsing import View, parse_view
from telegram_bot.replies import rewrite

router = Router(name="listing")


@router.message(Command("list"))
async def cmd_list(message: Message, command: CommandObject, api: ChatApi, zone: str) -> None:
    """The first page of the open tasks (/list) or of the done ones (/list done)."""
    try:
        view = parse_view(command.args)
    except ValueError:
        await message.answer(str(texts.LIST_USAGE))
        return
    text, markup = await list_page(api, view, skip=0, zone=zone)
    await message.answer(text, reply_markup=markup)


@router.callback_query(ListPage.filter())
async def on_page_pressed(
    callback: CallbackQuery, callback_data: ListPage, api: ChatApi, zone: str
) -> None:
    """Previous or Next pressed: show that page in place of this one."""
    text, markup = await list_page(api, callback_data.view, skip=callback_data.skip, zone=zone)
    await rewrite(callback, text, markup)
    await callback.answer()


async def list_page(
    api: ChatApi, view: View, *, skip: int, zone: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of a list as text, and its buttons."""
    if view == "open":
        page = await api.open_tasks(skip=skip, limit=PAGE_SIZE)
    elif view == "done":
        page = await api.done_tasks(skip=skip, limit=PAGE_SIZE)
    else:
        page = await api.due_tasks(skip=skip, limit=PAGE_SIZE)
    now = datetime.now(UTC)
    text = texts.task_list(view, page.items, total=page.total, skip=skip, zone=zone, now=now)
    return text, page_keyboard(view, skip, page.total)
