"""Sending mail: the SMTP settings of every service that mails, and one message sent with them.

One message has a plain-text and an HTML part; aiosmtplib speaks SMTP (STARTTLS or TLS, and a
sign-in when the settings give one). The SMTP server's refusals reach the caller as aiosmtplib's
exceptions, so each caller decides what a 4xx and a 5xx mean for it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Literal, Self

import aiosmtplib
from pydantic import Field, SecretStr, model_validator

from todo_shared.settings import ServiceSettings


class MailSettings(ServiceSettings):
    """The SMTP server mail goes through, and whom it comes from."""

    smtp_host: str | None = Field(
        None, description="The SMTP server mail is sent through; unset: no mail at all."
    )
    smtp_port: int = Field(587, ge=1, le=65535, description="The SMTP server's port.")
    smtp_security: Literal["none", "starttls", "tls"] = Field(
        "starttls",
        description="none, starttls (upgrade a plain connection) or tls (from the start).",
    )
    smtp_username: str | None = Field(
        None, description="Sign in to the SMTP server as; unset: none."
    )
    smtp_password: SecretStr | None = Field(None, description="The SMTP user's password.")
    smtp_timeout_seconds: float = Field(10, gt=0, description="How long the SMTP server may take.")
    mail_from: str | None = Field(
        None, description='The sender of mail: "Todo Nudge <nudge@example.org>"; needs SMTP_HOST.'
    )

    @model_validator(mode="after")
    def _mail_has_a_sender(self) -> Self:
        if self.smtp_host and not self.mail_from:
            raise ValueError("MAIL_FROM is needed with SMTP_HOST: the sender of mail")
        return self

    @property
    def sends_mail(self) -> bool:
        """True when an SMTP server is set, so that mail can be sent."""
        return self.smtp_host is not None


@dataclass(frozen=True)
class Mail:
    """One message to one person: its subject, and its body as plain text and as HTML.

    `message_id` is the left part of a `Message-ID` that says which message this is (a
    repeat keeps it); None: a new one. `headers` are added as they are.
    """

    to: str
    subject: str
    text: str
    html: str
    message_id: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


def build_message(mail: Mail, sender: str) -> EmailMessage:
    """The message as it is sent: both parts, with a Message-ID and a Date."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    if mail.message_id is None:
        message["Message-ID"] = make_msgid(domain=domain)
    else:
        message["Message-ID"] = f"<{mail.message_id}@{domain}>"
    for name, value in mail.headers.items():
        message[name] = value
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    return message


async def send_mail(settings: MailSettings, mail: Mail) -> None:
    """Send `mail` through the settings' SMTP server (which must be set).

    Raises aiosmtplib.SMTPResponseException (with the server's code) when it refuses, and
    aiosmtplib.SMTPException, OSError or TimeoutError when it cannot be reached.
    """
    assert settings.mail_from is not None, "mail has a sender"
    await aiosmtplib.send(build_message(mail, settings.mail_from), **_server(settings))


async def reach_mail_server(settings: MailSettings) -> None:
    """Connect to the settings' SMTP server (which must be set), sign in, and say goodbye: the
    errors of `send_mail` when it cannot be reached or refuses the sign-in."""
    async with aiosmtplib.SMTP(**_server(settings)):
        pass  # connecting signs in; leaving says QUIT


def _server(settings: MailSettings) -> dict:
    """How to reach the SMTP server, as aiosmtplib takes it."""
    assert settings.smtp_host is not None, "mail is set up"
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    return {
        "hostname": settings.smtp_host,
        "port": settings.smtp_port,
        "username": settings.smtp_username,
        "password": password,
        "use_tls": settings.smtp_security == "tls",
        "start_tls": settings.smtp_security == "starttls",
        "timeout": settings.smtp_timeout_seconds,
    }
