"""Waiting between attempts: growing delays, cut short when the service is stopping."""

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable

Sleep = Callable[[asyncio.Event, float], Awaitable[None]]


async def pause(stopping: asyncio.Event, seconds: float) -> None:
    """Wait `seconds`, or less if `stopping` is set meanwhile."""
    # Not wait_for(stopping.wait()): on Python 3.11, cancelling that hung a shutdown.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stopping.wait()


def _jitter() -> float:
    return random.uniform(0.8, 1.2)


class Backoff:
    """The waits between attempts to reach something that is away (RabbitMQ, an API).

    Each wait is twice the last, from `first` up to `most`, with some jitter so that services
    cut off together do not come back together. Once what was away has been reached, the
    waits start over: every outage is retried as soon as the first one was, not after the
    longest delay some earlier outage had grown to.
    """

    def __init__(
        self,
        first: float = 0.5,
        most: float = 15.0,
        *,
        jitter: Callable[[], float] = _jitter,
        sleep: Sleep = pause,
    ) -> None:
        self._first = first
        self._most = most
        self._next = first
        self._jitter = jitter
        self._sleep = sleep

    def reached(self) -> None:
        """What was away answered: the next outage starts again from the first delay."""
        self._next = self._first

    async def wait(self, stopping: asyncio.Event) -> None:
        """Wait before the next attempt, less if `stopping` is set meanwhile."""
        delay = self._next * self._jitter()
        self._next = min(self._next * 2, self._most)
        await self._sleep(stopping, delay)
