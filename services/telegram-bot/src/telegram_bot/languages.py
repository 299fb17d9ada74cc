"""The language of each update: aiogram's gettext, with the catalogs of the `bot` domain, in the
language of the chat's account (or of the person's Telegram, while the chat has none)."""

from typing import Any

from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18n, I18nMiddleware
from aiogram.utils.i18n.context import get_i18n
from babel import Locale

from todo_shared.i18n import LOCALES, language_of
from todo_shared.schemas import UserPublic

DOMAIN = "bot"


def bot_i18n(default_language: str) -> I18n:
    """The bot's catalogs; `default_language` for a chat the bot cannot place."""
    return I18n(path=LOCALES, domain=DOMAIN, default_locale=default_language)


class PersonsLanguage(I18nMiddleware):
    """Speaks each update in the language of the chat's account, which the `ChatAccount`
    middleware found; a chat without one gets the language of the person's Telegram, if the
    bot has it, else the default."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        """The language of the update."""
        user: UserPublic | None = data.get("user")
        if user is not None:
            return user.language
        sender: User | None = data.get("event_from_user")
        return language_of(sender.language_code if sender else None) or self.i18n.default_locale


def speak(language: str) -> None:
    """Speak `language` for the rest of the update, as after a change of the person's."""
    get_i18n().current_locale = language


def current_locale() -> Locale:
    """Babel's locale of the language being spoken, for dates."""
    return Locale.parse(get_i18n().current_locale)


def language_name(language: str) -> str:
    """A language's own name for itself: "English", "Русский"."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]
