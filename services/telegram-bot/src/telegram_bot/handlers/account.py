"""Linking a chat to an account (/start, with a code or without) and /help."""

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message

from telegram_bot import texts
from telegram_bot.chat_api import ChatApi
from todo_shared.schemas import UserPublic

router = Router(name="account")


@router.message(CommandStart())
async def cmd_start(
    message: Message, command: CommandObject, api: ChatApi, user: UserPublic | None
) -> None:
    """Link the chat: to the account whose link code follows /start, or to one of its own."""
    if command.args:
        account = await api.link(command.args.strip())
        await message.answer(texts.LINKED.format(username=account.username))
        return
    account = await api.start()
    if user is None:
        await message.answer(texts.NEW_ACCOUNT)
    else:
        await message.answer(texts.WELCOME_BACK.format(username=account.username))


@router.message(Command("help"))
async def cmd_help(message: Message) -> None:
    """List the commands, with an example each."""
    await message.answer(texts.HELP)
