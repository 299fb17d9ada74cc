"""The person's own settings: /tz, /quiet, /before, /language, /email."""

import re

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from telegram_bot import texts, texts_channels
from telegram_bot.chat_api import ChatApi, FieldRefused
from telegram_bot.keyboards import LanguageChoice, language_keyboard
from telegram_bot.languages import language_name, speak
from telegram_bot.parsing import QuietChoice, UrgentThrough, parse_quiet, parse_remind_before
from telegram_bot.replies import rewrite
from todo_shared.api_client import ApiUnavailable
from todo_shared.i18n import language_of
from todo_shared.schemas import QuietHoursSetting, UserPublic
from todo_shared.timezones import check_timezone

router = Router(name="profile")
CODE = re.compile(r"\d{6}")
ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


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


@router.message(Command("quiet"))
async def cmd_quiet(
    message: Message, command: CommandObject, api: ChatApi, user: UserPublic, zone: str
) -> None:
    """Hours without reminders: /quiet 23:00-07:30, /quiet off, /quiet urgent on|off (very
    urgent tasks through them or not); /quiet alone shows them."""
    text = (command.args or "").strip()
    if not text:
        await message.answer(texts.quiet_hours_now(user.quiet_hours, zone))
        return
    try:
        choice = parse_quiet(text)
    except ValueError:
        await message.answer(str(texts.QUIET_USAGE))
        return
    if isinstance(choice, UrgentThrough) and user.quiet_hours is None:
        await message.answer(str(texts.QUIET_NEEDS_HOURS))
        return
    account = await api.set_quiet_hours(_quiet_hours(choice, user.quiet_hours))
    await message.answer(texts.quiet_hours_now(account.quiet_hours, zone))


@router.message(Command("before"))
async def cmd_before(
    message: Message, command: CommandObject, api: ChatApi, user: UserPublic
) -> None:
    """Reminders before each task is due: /before 1d 1h; /before off; /before alone shows them."""
    text = (command.args or "").strip()
    if not text:
        await message.answer(texts.remind_before_now(user.remind_before))
        return
    try:
        delays = parse_remind_before(text)
    except ValueError:
        await message.answer(str(texts.BEFORE_USAGE))
        return
    account = await api.set_remind_before(delays)
    await message.answer(texts.remind_before_now(account.remind_before))


@router.message(Command("language"))
async def cmd_language(
    message: Message, command: CommandObject, api: ChatApi, user: UserPublic
) -> None:
    """The language the bot speaks: /language ru; /language alone says which, with buttons."""
    text = (command.args or "").strip()
    if not text:
        await message.answer(texts.language_now(user.language), reply_markup=language_keyboard())
        return
    # Exactly a code the bot has ("ru", "EN"); not any tag language_of would read, like "ru-RU".
    if (language := language_of(text)) is None or language != text.lower():
        await message.answer(texts.language_usage())
        return
    account = await api.set_language(language)
    speak(account.language)
    await message.answer(texts.LANGUAGE_SET.format(language=language_name(account.language)))


@router.callback_query(LanguageChoice.filter())
async def on_language_chosen(
    callback: CallbackQuery, callback_data: LanguageChoice, api: ChatApi
) -> None:
    """A language pressed: speak it from now on, and say so in place of the question."""
    account = await api.set_language(callback_data.language)
    speak(account.language)
    language = language_name(account.language)
    await rewrite(callback, texts.LANGUAGE_SET.format(language=language))
    await callback.answer()


@router.message(Command("email"))
async def cmd_email(
    message: Message, command: CommandObject, api: ChatApi, user: UserPublic
) -> None:
    """Your email address: /email you@example.org mails it a code, /email 123456 confirms it,
    /email off removes it; /email alone shows it."""
    text = (command.args or "").strip()
    if not text:
        await message.answer(texts_channels.email_now(user))
    elif text.lower() == "off":
        await api.set_email(None)
        await message.answer(str(texts_channels.EMAIL_OFF))
    elif CODE.fullmatch(text):
        await message.answer(await _confirm_email(api, user, text))
    elif ADDRESS.fullmatch(text):
        await message.answer(await _new_email(api, user, text))
    else:
        await message.answer(str(texts_channels.EMAIL_USAGE))


async def _new_email(api: ChatApi, user: UserPublic, address: str) -> str:
    """Give the person this address, or a new code for it when it is theirs but cannot be
    mailed yet (not confirmed, or mail to it bounced: verifying it again)."""
    mailable = texts_channels.email_mailable(user)
    try:
        if address == user.email and not mailable:
            await api.resend_email_code()
        elif address != user.email:
            await api.set_email(address)
    except ApiUnavailable:
        return str(texts_channels.EMAIL_NOT_SENT)
    if address == user.email and mailable:
        return texts_channels.email_now(user)
    return texts_channels.EMAIL_CODE_SENT.format(email=address)


async def _confirm_email(api: ChatApi, user: UserPublic, code: str) -> str:
    """Confirm the person's address with the code of the mail."""
    if user.email is None:
        return str(texts_channels.EMAIL_NONE)
    try:
        account = await api.verify_email(code)
    except FieldRefused:
        return texts_channels.EMAIL_CODE_REFUSED.format(email=user.email)
    return texts_channels.email_now(account)


def _quiet_hours(
    choice: QuietChoice, current: QuietHoursSetting | None
) -> QuietHoursSetting | None:
    """The quiet hours `choice` makes of the `current` ones; new hours keep whether very urgent
    tasks come through."""
    if isinstance(choice, str):
        return None
    if isinstance(choice, UrgentThrough):
        assert current is not None, "letting urgent tasks through needs quiet hours"
        return current.model_copy(update={"let_very_urgent_through": choice.let})
    start, end = choice
    through = current is not None and current.let_very_urgent_through
    return QuietHoursSetting(start=start, end=end, let_very_urgent_through=through)
