"""What the SMTP server does at each command: aiosmtpd's handler hooks and its authenticator."""

import hmac
import json
import logging

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from fake_smtp.faults import Faults
from fake_smtp.mailbox import Mailbox
from fake_smtp.message import ReceivedMessage

OK = "250 OK"
AUTH_REQUIRED = "530 5.7.0 Authentication required"

log = logging.getLogger("fake_smtp")


class Credentials:
    """The one username and password AUTH accepts."""

    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self._password = password

    def __repr__(self) -> str:
        """The username only: never the password in a log."""
        return f"Credentials({self.username!r}, password=...)"

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object
    ) -> AuthResult:
        """aiosmtpd's authenticator: success for the configured username and password."""
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        # Both compared, always: how long it takes says nothing of which one was wrong.
        valid = hmac.compare_digest(data.login, self.username.encode()) & hmac.compare_digest(
            data.password, self._password.encode()
        )
        return AuthResult(success=valid, handled=False, auth_data=self.username if valid else None)


class Handler:
    """Keeps what DATA accepts in the mailbox; fails RCPT and DATA as the faults say."""

    def __init__(self, mailbox: Mailbox, faults: Faults, credentials: Credentials | None) -> None:
        self.mailbox = mailbox
        self.faults = faults
        self.credentials = credentials

    async def handle_EHLO(
        self, server: SMTP, session: Session, envelope: Envelope, hostname: str, lines: list[str]
    ) -> list[str]:
        """EHLO's answer, without AUTH when no credentials are configured (none would do)."""
        session.host_name = hostname
        if self.credentials is None:
            return [line for line in lines if not line.startswith("250-AUTH")]
        return lines

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        """MAIL FROM: with credentials configured, only after AUTH, as a submission relay."""
        if self.credentials is not None and not session.authenticated:
            return AUTH_REQUIRED
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return OK

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        """RCPT TO: accepted, unless a fault answers for it."""
        refused = self.faults.take("RCPT", [address])
        if refused is not None:
            _log("refused", command="RCPT", recipient=address, reply=refused)
            return refused
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return OK

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """The message: kept, unless a fault answers for it."""
        refused = self.faults.take("DATA", envelope.rcpt_tos)
        if refused is not None:
            _log("refused", command="DATA", rcpt_tos=envelope.rcpt_tos, reply=refused)
            return refused
        assert envelope.mail_from is not None
        assert envelope.original_content is not None
        message = ReceivedMessage.parse(
            self.mailbox.new_id(),
            envelope.mail_from,
            envelope.rcpt_tos,
            envelope.original_content,
            tls=session.ssl is not None,
            username=session.auth_data if session.authenticated else None,
        )
        self.mailbox.add(message)
        _log("message", id=message.id, rcpt_tos=envelope.rcpt_tos, subject=message.subject)
        return f"250 2.0.0 OK: queued as {message.id}"


def _log(event: str, **fields: object) -> None:
    """One JSON line about what the server did (no bodies: they may be long, or private)."""
    log.info(json.dumps({"event": event, **fields}, ensure_ascii=False))
