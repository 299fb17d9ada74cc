"""A faithful in-memory fake of the Telegram Bot API HTTP server, for tests and local demos."""

from fake_telegram.control import Control
from fake_telegram.errors import ApiError
from fake_telegram.fake import FakeTelegram
from fake_telegram.faults import FaultKind
from fake_telegram.state import ApiCall, BotAction

__all__ = ["ApiCall", "ApiError", "BotAction", "Control", "FakeTelegram", "FaultKind"]
