"""Waiting for the first of several things."""

import asyncio
from collections.abc import Awaitable
from typing import Any


async def first_completed(*awaitables: Awaitable[Any]) -> set[asyncio.Future[Any]]:
    """Wait until one of `awaitables` ends, cancel the others, and give back those that ended.

    Their exceptions count as seen, so that one ending in error is not reported as never
    retrieved; a caller that cares looks at the futures it gets back.
    """
    futures = [asyncio.ensure_future(awaitable) for awaitable in awaitables]
    try:
        done, _ = await asyncio.wait(futures, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for future in futures:
            future.cancel()
    for future in done:
        if not future.cancelled():
            future.exception()
    return done
