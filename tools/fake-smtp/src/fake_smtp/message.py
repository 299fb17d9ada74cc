"""A message as the server received it: its envelope, its bytes and what they parse into."""

import email
import email.policy
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any


@dataclass(frozen=True)
class ReceivedMessage:
    """One message accepted by DATA, with the envelope it came in and how it came."""

    id: int
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    headers: tuple[tuple[str, str], ...]
    text: str | None
    html: str | None
    tls: bool
    username: str | None
    received_at: float

    @classmethod
    def parse(
        cls,
        id: int,
        mail_from: str,
        rcpt_tos: list[str],
        raw: bytes,
        *,
        tls: bool,
        username: str | None,
    ) -> "ReceivedMessage":
        """The message of these bytes, its headers decoded and its plain and HTML parts found."""
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)  # what the default policy makes
        return cls(
            id=id,
            mail_from=mail_from,
            rcpt_tos=tuple(rcpt_tos),
            raw=raw,
            headers=tuple((name, str(value)) for name, value in parsed.items()),
            text=_body(parsed, "plain"),
            html=_body(parsed, "html"),
            tls=tls,
            username=username,
            received_at=time.time(),
        )

    def header(self, name: str) -> str | None:
        """The first header of that name (any case), decoded; None if there is none."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    @property
    def subject(self) -> str | None:
        """The Subject header, decoded."""
        return self.header("Subject")

    def is_to(self, address: str) -> bool:
        """Whether `address` is one of the envelope's recipients (any case)."""
        return address.lower() in (rcpt.lower() for rcpt in self.rcpt_tos)

    def as_json(self) -> dict[str, Any]:
        """The message as the control routes show it; `raw` as text (bad UTF-8 replaced)."""
        return {
            "id": self.id,
            "mail_from": self.mail_from,
            "rcpt_tos": list(self.rcpt_tos),
            "subject": self.subject,
            "headers": [list(pair) for pair in self.headers],
            "text": self.text,
            "html": self.html,
            "raw": self.raw.decode(errors="replace"),
            "tls": self.tls,
            "username": self.username,
            "received_at": self.received_at,
        }


def _body(message: EmailMessage, subtype: str) -> str | None:
    """The text of the message's `text/<subtype>` body part (multipart/alternative or not)."""
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return None
    content = part.get_content()
    # Lines end in CRLF on the wire; to a reader (and a test) they end in "\n".
    return content.replace("\r\n", "\n") if isinstance(content, str) else None
