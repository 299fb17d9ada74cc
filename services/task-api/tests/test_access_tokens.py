"""Access tokens: a verified token is remembered, but never past its expiry."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr

from task_api.auth.tokens import AccessTokens
from task_api.errors import Unauthorized
from todo_shared.enums import Role

ISSUED = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = ISSUED

    def __call__(self) -> float:
        return self.now.timestamp()


def test_a_remembered_token_still_expires() -> None:
    clock = Clock()
    access = AccessTokens(
        secret=SecretStr("s" * 32), issuer="test", ttl=timedelta(minutes=15), clock=clock
    )
    token = access.issue(7, Role.USER, now=ISSUED)
    assert access.read(token).user_id == 7
    clock.now = ISSUED + timedelta(minutes=14, seconds=59)
    assert access.read(token).user_id == 7  # remembered
    clock.now = ISSUED + timedelta(minutes=15)
    with pytest.raises(Unauthorized):
        access.read(token)


def test_a_token_of_another_key_is_never_remembered() -> None:
    mine = AccessTokens(secret=SecretStr("s" * 32), issuer="test", ttl=timedelta(minutes=1))
    theirs = AccessTokens(secret=SecretStr("t" * 32), issuer="test", ttl=timedelta(minutes=1))
    forged = theirs.issue(1, Role.ADMIN, now=datetime.now(UTC))
    for _ in range(2):
        with pytest.raises(Unauthorized):
            mine.read(forged)
