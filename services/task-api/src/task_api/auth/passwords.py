"""Passwords: long enough, hashed with argon2id off the event loop."""

import asyncio

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from task_api.config import AdminSettings
from task_api.errors import InvalidField
from todo_shared.i18n import Plural


class Passwords:
    """Hashes and checks passwords; a check costs the same whether or not the user exists."""

    def __init__(self, *, min_length: int, time_cost: int, memory_kib: int) -> None:
        self._min_length = min_length
        self._hasher = PasswordHash((Argon2Hasher(time_cost=time_cost, memory_cost=memory_kib),))
        self._decoy = self._hasher.hash("a password that nobody has")

    @classmethod
    def from_settings(cls, settings: AdminSettings) -> "Passwords":
        """The password rules these settings describe."""
        return cls(
            min_length=settings.password_min_length,
            time_cost=settings.password_hash_time_cost,
            memory_kib=settings.password_hash_memory_kib,
        )

    async def hash_new(self, password: str) -> str:
        """The argon2id hash of a new password; one shorter than the minimum is refused."""
        if len(password) < self._min_length:
            too_short = Plural(
                "the password must have at least {min_length} character",
                "the password must have at least {min_length} characters",
                count="min_length",
                min_length=self._min_length,
            )
            raise InvalidField(["body", "password"], too_short)
        # Hashing takes about 100 ms of CPU; in a thread it does not stall other requests.
        return await asyncio.to_thread(self._hasher.hash, password)

    async def check(self, password: str, stored: str | None) -> tuple[bool, str | None]:
        """Whether `password` matches `stored`, and a new hash when the settings changed.

        With nothing stored the password is checked against a decoy, so that the answer for an
        unknown user takes as long as the answer for a wrong password.
        """
        if stored is None:
            await asyncio.to_thread(self._hasher.verify, password, self._decoy)
            return False, None
        return await asyncio.to_thread(self._hasher.verify_and_update, password, stored)
