"""What no other handler took: chats not linked yet, unknown commands, stray text and buttons."""

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from telegram_bot import texts
from telegram_bot.filters import Linked

router = Router(name="fallback")


@router.message(~Linked())
async def on_not_linked(message: Message) -> None:
    """A command that needs an account, from a chat without one."""
    await message.answer(str(texts.NOT_LINKED))


@router.callback_query(~Linked())
async def on_pressed_not_linked(callback: CallbackQuery) -> None:
    """A button pressed in a chat without an account."""
    await callback.answer(str(texts.NOT_LINKED), show_alert=True)


@router.message(F.text.startswith("/"))
async def on_unknown_command(message: Message) -> None:
    """A command the bot does not have (or one for another bot)."""
    [command, *_] = (message.text or "/").split(maxsplit=1)
    await message.answer(texts.unknown_command(command))


@router.message()
async def on_other_message(message: Message) -> None:
    """Text (or anything else) that is not a command."""
    await message.answer(str(texts.NOT_A_COMMAND))


@router.callback_query()
async def on_stale_button(callback: CallbackQuery) -> None:
    """A button no handler knows, such as one of an older version of the bot."""
    await callback.answer(str(texts.STALE_BUTTON), show_alert=True)
