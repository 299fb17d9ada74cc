"""Fixtures: one fake for the whole run, reset after each test."""

from collections.abc import AsyncIterator

import pytest

from fake_smtp import FakeSmtp


@pytest.fixture(scope="session")
async def running_fake() -> AsyncIterator[FakeSmtp]:
    """The fake, started once: no AUTH, STARTTLS offered."""
    async with FakeSmtp.running() as fake:
        yield fake


@pytest.fixture(autouse=True)
async def fake(running_fake: FakeSmtp) -> AsyncIterator[FakeSmtp]:
    """The fake, as fresh as new: every message and fault of a test is forgotten after it."""
    yield running_fake
    running_fake.reset()
