"""The signed tokens of the links in a reminder mail: one purpose each, for one task (or one
address), expiring.

A claim mints three for each reminder by email, up to a thousand reminders at a time, so they
are HMACs (itsdangerous' `Signer`, some 3 µs each) and not JWTs (20 µs each, measured). Each
purpose signs with a salt of its own, so a Done token is no Snooze token; the address of an
Unsubscribe token is only a digest, so that the address is not in the link for logs to keep.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from itsdangerous import BadSignature, Signer
from pydantic import SecretStr


class Purpose(StrEnum):
    """What a token does; each signs with a salt of its own."""

    DONE = "email-task-done"
    SNOOZE = "email-task-snooze"
    UNSUBSCRIBE = "email-unsubscribe"


class TokenRefused(Exception):
    """A token that does nothing: `user_id` is whose it was, when its signature held."""

    def __init__(self, reason: str, user_id: int | None = None) -> None:
        super().__init__(reason)
        self.user_id = user_id


class TokenExpired(TokenRefused):
    """A genuine token, too old."""


@dataclass(frozen=True)
class ActionToken:
    """What a genuine token says: whose, and the task it acts on (with, for Done, the moment it
    was due, `<task>-<unix seconds>`) or the digest of the address it unsubscribes."""

    user_id: int
    subject: str

    @property
    def task_id(self) -> int:
        """The task a Done or Snooze token acts on."""
        return int(self.subject.partition("-")[0])

    @property
    def due_at(self) -> int | None:
        """When the task was due as the reminder went out (Unix seconds), if it was: a
        repeating task's occurrence, which one Done link finishes once."""
        due = self.subject.partition("-")[2]
        return int(due) if due else None

    def is_for(self, address: str | None) -> bool:
        """True when an Unsubscribe token is for this address."""
        return address is not None and address_digest(address) == self.subject


def task_subject(task_id: int, due_at: datetime | None) -> str:
    """The subject of a Done token: the task, and the moment it is due, if it is."""
    return str(task_id) if due_at is None else f"{task_id}-{int(due_at.timestamp())}"


def address_digest(address: str) -> str:
    """A short digest that tells an address from another, and does not show it."""
    return hashlib.blake2b(address.encode(), digest_size=8).hexdigest()


class ActionTokens:
    """Mints and reads the tokens of every purpose, keyed by the server's secret."""

    def __init__(self, secret: SecretStr) -> None:
        key = secret.get_secret_value()
        self._signers = {
            purpose: Signer(key, salt=purpose.value, digest_method=hashlib.sha256)
            for purpose in Purpose
        }

    def mint(self, purpose: Purpose, user_id: int, subject: str | int, *, expires: int) -> str:
        """A token of `user_id` for `subject` (a task id, or an address's digest), valid until
        `expires` (Unix seconds)."""
        return self._signers[purpose].sign(f"{user_id}.{subject}.{expires}").decode()

    def read(self, purpose: Purpose, token: str, *, now: datetime) -> ActionToken:
        """What a genuine, unexpired token of this purpose says; TokenExpired or TokenRefused
        otherwise."""
        try:
            value = self._signers[purpose].unsign(token).decode()
            user_id, subject, expires = value.split(".")
            claims = ActionToken(int(user_id), subject)
            ends = int(expires)
        except (BadSignature, UnicodeDecodeError, ValueError) as error:
            raise TokenRefused("not a genuine token of this purpose") from error
        if ends <= now.timestamp():
            raise TokenExpired("expired", claims.user_id)
        return claims
