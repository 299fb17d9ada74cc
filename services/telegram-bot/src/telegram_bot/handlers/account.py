"""Linking a chat to an account (/start, with a code or without) and /help."""

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message

from telegram_bot import texts
from telegram_bot.chat_api import ChatApi
from telegram_bot.languages import speak
from todo_shared.schemas import UserPublic

router = Router(name="account")


@router.message(CommandStart())
async def cmd_start(
    message: Message, command: CommandObject, api: ChatApi, user: UserPublic | None
) -> None:
    """Link the chat: to the account whose link code follows /start, or to one of its own (in
    the language of the person's Telegram); then speak the account's language."""
    if command.args:
        account = await api.link(command.args.strip())
        speak(account.language)
        await message.answer(texts.LINKED.format(username=account.username))
        return
    sender = message.from_user
    account = await api.start(sender.language_code if sender else None)
    speak(account.language)
    if user is None:
        await message.answer(str(texts.NEW_ACCOUNT))
    else:
        await message.answer(texts.WELCOME_BACK.format(username=account.username))


@router.message(Command("help"))
async def cmd_help(message: Message) -> None:
    """List the commands, with an example each."""
    await message.answer(texts.help_text())
