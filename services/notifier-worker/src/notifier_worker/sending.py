"""What a channel's sender does, and the ways a send can fail, in words every channel shares.

The handler decides what a failure means for the reminder (wait, try again later, give up, stop
mailing the person) from these classes alone; each sender says which of them its service's
answer is (Telegram's error codes, an SMTP server's replies).
"""

from typing import Protocol, TypeVar

from todo_shared.api_client import TaskApi
from todo_shared.messages import SendEmailReminder, SendReminder

AnyReminder = SendReminder | SendEmailReminder
"""A reminder of any channel: each has its id, task, person and due moment."""

Recipient = int | str
"""Whom a reminder goes to, as the rate limiter keys it: a chat id, an address."""

Reminder = TypeVar("Reminder", bound=AnyReminder, contravariant=True)


class SendFailure(Exception):
    """A send that did not work; `code` is the service's code for it, or "network"."""

    def __init__(self, description: str, code: int | str) -> None:
        super().__init__(description)
        self.code = code


class RetryAfter(SendFailure):
    """The service asked every sender to wait this many seconds before sending again."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"asked to wait {seconds} s", 429)
        self.seconds = seconds


class RecipientUnreachable(SendFailure):
    """The recipient is gone for good (a chat that blocked the bot, no such mailbox)."""


class PermanentFailure(SendFailure):
    """This message was refused for good: sending it again cannot help."""


class TransientFailure(SendFailure):
    """The service failed or could not be reached: sending it again later may work."""


class Sender(Protocol[Reminder]):
    """One channel's way of delivering a reminder; its failures are this module's classes."""

    name: str
    """How reasons name the service: "Telegram", "SMTP"."""

    def recipient(self, reminder: Reminder) -> Recipient:
        """Whom the reminder goes to, for the per-recipient spacing of sends."""

    async def send(self, reminder: Reminder) -> None:
        """Deliver the reminder; raises a SendFailure when that did not work."""

    async def mark_unreachable(self, api: TaskApi, reminder: Reminder) -> None:
        """Tell task-api the reminder's recipient is gone, so that no reminder goes there."""

    async def ready(self) -> str | None:
        """None when the service answers, or what is wrong."""

    async def close(self) -> None:
        """Let go of the connections."""
