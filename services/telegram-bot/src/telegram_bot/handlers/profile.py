"""The person's own settings: /tz."""

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from telegram_bot import texts
from telegram_bot.chat_api import ChatApi
from todo_shared.schemas import UserPublic
from todo_shared.timezones import check_timezone

router = Router(name="profile")


@router.message(Command("tz"))
async def cmd_tz(
    message: Message, command: CommandObject, api: ChatApi, user: UserPublic, zone: str
) -> None:
    """Set the time zone /remind reads times in: /tz Europe/Berlin; /tz alone shows it."""
    name = (command.args or "").strip()
    if not name:
        await message.answer(texts.timezone_now(user, zone))
        return
    try:
        check_timezone(name)
    except ValueError:
        await message.answer(texts.unknown_zone(name))
        return
    account = await api.set_timezone(name)
    await message.answer(texts.TZ_SET.format(zone=account.timezone))
