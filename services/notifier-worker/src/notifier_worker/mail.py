"""Sending a reminder by email, and what the SMTP server's answer means for it.

One message per reminder, in the person's language: the reminder's text and its Done and
"Snooze 1 h" links, as plain text and as HTML (links as buttons), with the headers a mail
client needs to offer one-click unsubscribe (RFC 8058) and to see a repeat as the same message.
One SMTP session per message: at the fleet's rate of a few mails a second, a session's cost is
small beside what holding a connection per worker would have to handle (timeouts, idle drops).
"""

import asyncio
import html
import re

import aiosmtplib

from notifier_worker.metrics import SEND_SECONDS, SMTP_ERRORS
from notifier_worker.sending import (
    PermanentFailure,
    RecipientUnreachable,
    SendFailure,
    TransientFailure,
)
from todo_shared.api_client import TaskApi
from todo_shared.i18n import translations
from todo_shared.mail import Mail, MailSettings, reach_mail_server, send_mail
from todo_shared.messages import SendEmailReminder

NO_SUCH_MAILBOX_REPLIES = {550, 551, 553}
"""The RCPT replies that say the mailbox is not there (RFC 5321), unless an enhanced status
(RFC 3463) says something else: "550 5.7.1" is a policy refusal, not a missing mailbox."""

NO_SUCH_MAILBOX_STATUSES = {"5.1.0", "5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10", "5.2.1"}
"""Bad address, mailbox or domain; moved; a domain that takes no mail; a disabled mailbox."""

ENHANCED_STATUS = re.compile(r"\d\.\d{1,3}\.\d{1,3}")


class MailSender:
    """Sends reminders by email through the SMTP server of the settings (a `Sender`)."""

    name = "SMTP"

    def __init__(self, settings: MailSettings) -> None:
        self._settings = settings

    def recipient(self, reminder: SendEmailReminder) -> str:
        """The reminder's address: mailbox providers slow a sender who bursts to one."""
        return reminder.email.lower()

    async def send(self, reminder: SendEmailReminder) -> None:
        """Mail the reminder; raises a SendFailure when the server could not be reached or
        refused it."""
        with SEND_SECONDS.labels("email").time():
            try:
                # The whole session, as a Telegram send is one call: the lease on the task and
                # the hold on the address last twice this.
                async with asyncio.timeout(self._settings.smtp_timeout_seconds):
                    await send_mail(self._settings, reminder_mail(reminder))
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                failure = smtp_failure(error)
                SMTP_ERRORS.labels(str(failure.code)).inc()
                raise failure from error

    async def mark_unreachable(self, api: TaskApi, reminder: SendEmailReminder) -> None:
        """No such mailbox: no reminders by email until the person verifies an address again."""
        await api.mark_email_unreachable(reminder.user_id, reminder.email)

    async def ready(self) -> str | None:
        """None when the SMTP server takes a connection (and the sign-in), or what is wrong."""
        try:
            await reach_mail_server(self._settings)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            return f"unavailable: {error!r}"
        return None

    async def close(self) -> None:
        """Nothing to close: each message has a session of its own."""


def reminder_mail(reminder: SendEmailReminder) -> Mail:
    """The mail of a reminder, in its language."""
    t = translations(reminder.language, "reminders")
    links = [
        (t.gettext("Done"), reminder.done_url),
        (t.gettext("Snooze 1 h"), reminder.snooze_url),
    ]
    why = t.gettext("You get this mail because reminders by email are on.")
    stop = t.gettext("Stop reminders by email")
    return Mail(
        to=reminder.email,
        subject=t.gettext("Reminder: {title}").format(title=reminder.title),
        text=_text(reminder, links, why, stop),
        html=_html(reminder, links, why, stop),
        message_id=message_id(reminder.reminder_id),
        headers={
            "List-Unsubscribe": f"<{reminder.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def message_id(reminder_id: str) -> str:
    """The left part of the reminder's Message-ID, the same for each repeat: "12@1765000000.0"
    (an "@" may not be in the left part) gives "reminder.12.1765000000.0"."""
    return f"reminder.{reminder_id.replace('@', '.')}"


def _text(reminder: SendEmailReminder, links: list[tuple[str, str]], why: str, stop: str) -> str:
    actions = "\n".join(f"{label}: {url}" for label, url in links)
    return f"{reminder.text}\n\n{actions}\n\n-- \n{why}\n{stop}: {reminder.unsubscribe_url}\n"


BUTTON_STYLE = (
    "display:inline-block;margin:0 8px 8px 0;padding:10px 18px;border-radius:6px;"
    "background:#1f6feb;color:#ffffff;text-decoration:none;font-weight:bold"
)


def _html(reminder: SendEmailReminder, links: list[tuple[str, str]], why: str, stop: str) -> str:
    text = html.escape(reminder.text).replace("\n", "<br>\n")
    buttons = "\n".join(
        f'<a href="{html.escape(url)}" style="{BUTTON_STYLE}">{html.escape(label)}</a>'
        for label, url in links
    )
    unsubscribe = html.escape(reminder.unsubscribe_url)
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(reminder.language)}">\n'
        '<body style="font-family:sans-serif;line-height:1.5">\n'
        f'<p style="font-size:16px">{text}</p>\n'
        f"<p>\n{buttons}\n</p>\n"
        f'<p style="color:#666666;font-size:12px">{html.escape(why)}<br>\n'
        f'<a href="{unsubscribe}" style="color:#666666">{html.escape(stop)}</a></p>\n'
        "</body>\n</html>\n"
    )


def smtp_failure(error: Exception) -> SendFailure:
    """What an error of aiosmtplib (or of the network) means for the reminder.

    A 5xx refusing the recipient for want of a mailbox: unreachable. Another 5xx refusing the
    recipient or the message: refused for good. Anything else (a 4xx, no connection, a timeout,
    a refused sign-in or sender, which the settings fix): worth trying again later.
    """
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        [refusal, *_] = error.recipients
        if _no_such_mailbox(refusal):
            return RecipientUnreachable(_reply(refusal), refusal.code)
        error = refusal
    if isinstance(error, aiosmtplib.SMTPResponseException):
        refused = isinstance(error, aiosmtplib.SMTPRecipientRefused | aiosmtplib.SMTPDataError)
        if refused and error.code >= 500:
            return PermanentFailure(_reply(error), error.code)
        return TransientFailure(_reply(error), error.code)
    return TransientFailure(repr(error), "network")


def _no_such_mailbox(refusal: aiosmtplib.SMTPRecipientRefused) -> bool:
    if refusal.code not in NO_SUCH_MAILBOX_REPLIES:
        return False
    status = refusal.message.split(maxsplit=1)[0] if refusal.message else ""
    return not ENHANCED_STATUS.fullmatch(status) or status in NO_SUCH_MAILBOX_STATUSES


def _reply(error: aiosmtplib.SMTPResponseException) -> str:
    return f"{error.code} {error.message}"
