"""The waits between attempts to reach something that is away."""

import asyncio

import pytest

from todo_shared.retry import Backoff

FAIL = "an attempt fails"
REACH = "what was away is reached"

CASES = [
    # (what, first, most, jitter, what happens in turn, the waits)
    ("one failure waits the first delay", 0.5, 15.0, 1.0, [FAIL], [0.5]),
    (
        "failures in a row double the wait up to the most",
        0.5,
        15.0,
        1.0,
        [FAIL] * 8,
        [0.5, 1, 2, 4, 8, 15, 15, 15],
    ),
    (
        "once reached, the next outage starts from the first delay",
        0.5,
        15.0,
        1.0,
        [FAIL, FAIL, FAIL, FAIL, REACH, FAIL, FAIL],
        [0.5, 1, 2, 4, 0.5, 1],
    ),
    (
        "a later outage after a long one is retried as soon as the first was",
        1.0,
        30.0,
        1.0,
        [FAIL] * 6 + [REACH] + [FAIL] * 3,
        [1, 2, 4, 8, 16, 30, 1, 2, 4],
    ),
    (
        "a connection that keeps dropping is retried at the first delay each time",
        0.5,
        15.0,
        1.0,
        [REACH, FAIL, REACH, FAIL, REACH, FAIL],
        [0.5, 0.5, 0.5],
    ),
    ("reached before any failure changes nothing", 0.5, 15.0, 1.0, [REACH, FAIL], [0.5]),
    ("the jitter scales each wait", 0.5, 15.0, 0.8, [FAIL, FAIL, REACH, FAIL], [0.4, 0.8, 0.4]),
]


@pytest.mark.parametrize(
    ("first", "most", "jitter", "events", "waits"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
async def test_the_waits_between_attempts(
    first: float, most: float, jitter: float, events: list[str], waits: list[float]
) -> None:
    waited: list[float] = []

    async def sleep(stopping: asyncio.Event, seconds: float) -> None:
        waited.append(seconds)

    backoff = Backoff(first, most, jitter=lambda: jitter, sleep=sleep)
    for event in events:
        if event == REACH:
            backoff.reached()
        else:
            await backoff.wait(asyncio.Event())
    assert waited == pytest.approx(waits)


async def test_a_stopping_service_does_not_wait() -> None:
    stopping = asyncio.Event()
    stopping.set()
    backoff = Backoff(first=3600.0)
    async with asyncio.timeout(60):  # an hour's wait would end the test with TimeoutError
        await backoff.wait(stopping)
