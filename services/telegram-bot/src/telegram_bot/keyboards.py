"""The bot's own inline buttons and what their presses carry back (64 bytes at most).

The reminder buttons are the worker's, in `todo_shared.reminder_buttons`; these prefixes
(urgency, page, delete, language, channel) stay clear of its `done` and `snooze`.
"""

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n.context import get_i18n

from telegram_bot import texts, texts_channels
from telegram_bot.languages import language_name
from telegram_bot.parsing import View
from todo_shared.enums import Channel, Urgency
from todo_shared.i18n import languages
from todo_shared.reminder_buttons import reminder_keyboard
from todo_shared.schemas import UserPublic

PAGE_SIZE = 10


class UrgencyChoice(CallbackData, prefix="urgency"):
    """A press on one of the urgency buttons under a new task."""

    task_id: int
    urgency: Urgency


class ListPage(CallbackData, prefix="page"):
    """A press on a list's Previous or Next button."""

    view: View
    skip: int


class DeleteChoice(CallbackData, prefix="delete"):
    """A press on Delete or Keep, under the question /delete asks."""

    task_id: int
    sure: bool


def urgency_keyboard(task_id: int) -> InlineKeyboardMarkup:
    """One button per urgency."""
    buttons = [
        InlineKeyboardButton(
            text=str(label), callback_data=UrgencyChoice(task_id=task_id, urgency=urgency).pack()
        )
        for urgency, label in texts.URGENCY_BUTTONS.items()
    ]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


def page_keyboard(view: View, skip: int, total: int) -> InlineKeyboardMarkup | None:
    """Previous and Next, where there is a page that way; None when the list fits one page."""
    buttons = []
    if skip > 0:
        previous = ListPage(view=view, skip=max(0, skip - PAGE_SIZE))
        buttons.append(
            InlineKeyboardButton(text=str(texts.PREVIOUS_PAGE), callback_data=previous.pack())
        )
    if skip + PAGE_SIZE < total:
        following = ListPage(view=view, skip=skip + PAGE_SIZE)
        buttons.append(
            InlineKeyboardButton(text=str(texts.NEXT_PAGE), callback_data=following.pack())
        )
    return InlineKeyboardMarkup(inline_keyboard=[buttons]) if buttons else None


def delete_keyboard(task_id: int) -> InlineKeyboardMarkup:
    """Delete, or keep the task."""
    sure = DeleteChoice(task_id=task_id, sure=True).pack()
    not_sure = DeleteChoice(task_id=task_id, sure=False).pack()
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=str(texts.DELETE_BUTTON), callback_data=sure),
                InlineKeyboardButton(text=str(texts.KEEP_BUTTON), callback_data=not_sure),
            ]
        ]
    )


class LanguageChoice(CallbackData, prefix="language"):
    """A press on one of the languages under what /language says."""

    language: str


def language_keyboard() -> InlineKeyboardMarkup:
    """One button per language the bot speaks, each in its own name."""
    buttons = [
        InlineKeyboardButton(
            text=language_name(code), callback_data=LanguageChoice(language=code).pack()
        )
        for code in languages()
    ]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


class ChannelChoice(CallbackData, prefix="channel"):
    """A press under what /channels says: turn this channel on, or off. It carries the state
    wanted rather than a toggle, so a second press of an old button changes nothing more."""

    channel: Channel
    on: bool


def channels_keyboard(user: UserPublic) -> InlineKeyboardMarkup:
    """A button per channel, turning it off when on and on when off, a row each."""
    labels = {
        (Channel.TELEGRAM, True): texts_channels.TELEGRAM_TURN_ON,
        (Channel.TELEGRAM, False): texts_channels.TELEGRAM_TURN_OFF,
        (Channel.EMAIL, True): texts_channels.EMAIL_TURN_ON,
        (Channel.EMAIL, False): texts_channels.EMAIL_TURN_OFF,
    }
    rows = []
    for channel in Channel:
        on = channel not in user.channels
        choice = ChannelChoice(channel=channel, on=on).pack()
        rows.append([InlineKeyboardButton(text=str(labels[channel, on]), callback_data=choice)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def done_only_keyboard(task_id: int) -> InlineKeyboardMarkup:
    """The reminder's own Done button, left under a snoozed reminder, in the language spoken."""
    [done_row, *_] = reminder_keyboard(task_id, get_i18n().current_locale)
    return InlineKeyboardMarkup.model_validate({"inline_keyboard": [done_row]})
