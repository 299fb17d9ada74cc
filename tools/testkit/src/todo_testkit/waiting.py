"""Waiting for a state of another process, which sends no signal when it changes."""

import asyncio
from collections.abc import Awaitable, Callable


async def eventually(check: Callable[[], Awaitable[bool]], within_seconds: float = 20) -> None:
    """Return once `check()` holds; TimeoutError after `within_seconds`.

    Only for states that nothing announces (a row in task-api, a queue's depth): whatever can
    be awaited (a fake's wait, an event, a message) should be awaited instead.
    """
    async with asyncio.timeout(within_seconds):
        while not await check():  # noqa: ASYNC110 - polling another process's state
            await asyncio.sleep(0.05)
