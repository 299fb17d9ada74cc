"""The person's own settings: /tz, /quiet, /before."""

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from telegram_bot import texts
from telegram_bot.chat_api import ChatApi
from telegram_bot.parsing import QuietChoice, UrgentThrough, parse_quiet, parse_remind_before
from todo_shared.schemas import QuietHoursSetting, UserPublic
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
        await message.answer(texts.QUIET_USAGE)
        return
    if isinstance(choice, UrgentThrough) and user.quiet_hours is None:
        await message.answer(texts.QUIET_NEEDS_HOURS)
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
        await message.answer(texts.BEFORE_USAGE)
        return
    account = await api.set_remind_before(delays)
    await message.answer(texts.remind_before_now(account.remind_before))


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
