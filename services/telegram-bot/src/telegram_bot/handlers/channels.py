"""Where reminders go: /channels shows each channel with a button to turn it on or off."""

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from telegram_bot import texts_channels
from telegram_bot.chat_api import ChatApi
from telegram_bot.keyboards import ChannelChoice, channels_keyboard
from telegram_bot.replies import rewrite
from todo_shared.enums import Channel
from todo_shared.schemas import UserPublic

router = Router(name="channels")


@router.message(Command("channels"))
async def cmd_channels(message: Message, user: UserPublic) -> None:
    """Show where reminders go, with the buttons that change it."""
    await message.answer(texts_channels.channels_now(user), reply_markup=channels_keyboard(user))


@router.callback_query(ChannelChoice.filter())
async def on_channel_chosen(
    callback: CallbackQuery, callback_data: ChannelChoice, api: ChatApi, user: UserPublic
) -> None:
    """Turn a channel on or off and show the result in place, warning when no reminders will
    come any more. Email is refused while its address cannot be mailed: turned on, it would
    only look as if reminders went there."""
    wanted = callback_data.channel
    if wanted == Channel.EMAIL and callback_data.on and not texts_channels.email_mailable(user):
        await callback.answer(texts_channels.email_refusal(user), show_alert=True)
        return
    chosen = set(user.channels) | {wanted} if callback_data.on else set(user.channels) - {wanted}
    account = await api.set_channels(chosen)
    await rewrite(callback, texts_channels.channels_now(account), channels_keyboard(account))
    if texts_channels.reaching(account):
        await callback.answer()
    else:
        await callback.answer(str(texts_channels.GOING_NOWHERE), show_alert=True)
