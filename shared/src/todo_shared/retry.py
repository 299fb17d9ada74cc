"""Waiting between attempts: growing delays, cut short when the service is stopping."""

import asyncio
import contextlib
import random
from collections.abc import Iterator


def backoff(first: float = 0.5, most: float = 15.0) -> Iterator[float]:
    """Delays that double from `first` up to `most`, each with some jitter, forever."""
    delay = first
    while True:
        yield delay * random.uniform(0.8, 1.2)
        delay = min(delay * 2, most)


async def pause(stopping: asyncio.Event, seconds: float) -> None:
    """Wait `seconds`, or less if `stopping` is set meanwhile."""
    # Not wait_for(stopping.wait()): on Python 3.11, cancelling that hung a shutdown.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stopping.wait()
