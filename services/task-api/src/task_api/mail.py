"""Sending mail: one message with a plain-text and an HTML part, through the SMTP server of the
settings. Nothing else in task-api speaks SMTP."""

import logging
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

import aiosmtplib

from task_api.config import Settings
from task_api.errors import Unavailable
from todo_shared.i18n import Text

log = logging.getLogger("task_api.mail")
MAIL_NOT_SET_UP = Text("this server sends no mail, so addresses cannot be verified here")
MAIL_SERVER_DOWN = Text("the mail server is unavailable; try again in a moment")
RETRY_AFTER_SECONDS = 30


@dataclass(frozen=True)
class Mail:
    """One message to one person: its subject, and its body as plain text and as HTML."""

    to: str
    subject: str
    text: str
    html: str


class Mailer:
    """Sends mail through the SMTP server of the settings."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def build(self, mail: Mail) -> EmailMessage:
        """The message as it is sent: both parts, with a Message-ID and a Date."""
        sender = self._settings.mail_from or ""
        message = EmailMessage()
        message["From"] = sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        domain = parseaddr(sender)[1].rpartition("@")[2] or None
        message["Message-ID"] = make_msgid(domain=domain)
        message.set_content(mail.text)
        message.add_alternative(mail.html, subtype="html")
        return message

    async def send(self, mail: Mail) -> None:
        """Send `mail`; Unavailable (503) when there is no mail server, or it fails."""
        settings = self._settings
        if not settings.sends_mail:
            raise Unavailable(MAIL_NOT_SET_UP)
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        try:
            await aiosmtplib.send(
                self.build(mail),
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username,
                password=password,
                use_tls=settings.smtp_security == "tls",
                start_tls=settings.smtp_security == "starttls",
                timeout=settings.smtp_timeout_seconds,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            log.warning("mail not sent", extra={"error": repr(error)})
            raise Unavailable(MAIL_SERVER_DOWN, retry_after=RETRY_AFTER_SECONDS) from error
