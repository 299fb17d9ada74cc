"""Sending task-api's own mail (verification codes) through the SMTP server of the settings."""

import logging

import aiosmtplib

from task_api.config import Settings
from task_api.errors import Unavailable
from todo_shared.i18n import Text
from todo_shared.mail import Mail, send_mail

log = logging.getLogger("task_api.mail")
MAIL_NOT_SET_UP = Text("this server sends no mail, so addresses cannot be verified here")
MAIL_SERVER_DOWN = Text("the mail server is unavailable; try again in a moment")
RETRY_AFTER_SECONDS = 30


class Mailer:
    """Sends mail through the SMTP server of the settings."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def send(self, mail: Mail) -> None:
        """Send `mail`; Unavailable (503) when there is no mail server, or it fails."""
        if not self._settings.sends_mail:
            raise Unavailable(MAIL_NOT_SET_UP)
        try:
            await send_mail(self._settings, mail)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            log.warning("mail not sent", extra={"error": repr(error)})
            raise Unavailable(MAIL_SERVER_DOWN, retry_after=RETRY_AFTER_SECONDS) from error
