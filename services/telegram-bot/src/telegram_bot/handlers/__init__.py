"""The bot's handlers: one router per module, assembled here in the order they are tried.

Errors first; then /start and /help; then what needs a linked chat; then whatever is left.
"""

from aiogram import Router

from telegram_bot.filters import Linked
from telegram_bot.handlers import (
    account,
    channels,
    dates,
    deleting,
    errors,
    fallback,
    listing,
    profile,
    reminders,
    tasks,
)

linked = Router(name="linked")
linked.message.filter(Linked())
linked.callback_query.filter(Linked())
linked.include_routers(
    tasks.router,
    listing.router,
    dates.router,
    deleting.router,
    reminders.router,
    profile.router,
    channels.router,
)

router = Router(name="telegram_bot")
router.include_routers(errors.router, account.router, linked, fallback.router)
