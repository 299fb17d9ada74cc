"""The limiters, alone: a chat's turns are spaced from the end of its last send."""

import asyncio
import itertools
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from notifier_worker.rate_limit import LocalRateLimiter, RateLimiter, RedisRateLimiter

LIMITS = {"per_second": 1000.0, "per_chat_per_second": 5.0, "send_timeout_seconds": 30.0}
CHAT_SPACING = 1 / LIMITS["per_chat_per_second"]
CLOCKS = 0.005  # seconds: Redis's clock against this process's, read to the microsecond
chat_ids = itertools.count(1_000_000)


@pytest.fixture(params=["redis", "local"])
async def limiter(request: pytest.FixtureRequest, redis_url: str) -> AsyncIterator[RateLimiter]:
    if request.param == "local":
        yield LocalRateLimiter(**LIMITS)
        return
    redis = Redis.from_url(redis_url)
    yield RedisRateLimiter(redis, namespace="test", **LIMITS)
    await redis.aclose()


async def _turn_taken_at(limiter: RateLimiter, chat_id: int) -> float:
    assert await limiter.wait_turn(chat_id, asyncio.Event())
    return asyncio.get_running_loop().time()


async def test_a_chat_waits_a_spacing_after_its_last_send_was_answered(
    limiter: RateLimiter,
) -> None:
    chat = next(chat_ids)
    await _turn_taken_at(limiter, chat)
    # A send far slower than the spacing: the next turn must not come while it is in flight.
    next_turn = asyncio.create_task(_turn_taken_at(limiter, chat))
    await asyncio.sleep(CHAT_SPACING * 2)
    assert not next_turn.done(), "a second turn for the chat while its send was in flight"
    send_answered = asyncio.get_running_loop().time()
    await limiter.turn_over(chat)

    taken = await next_turn
    assert taken - send_answered >= CHAT_SPACING - CLOCKS
    assert taken - send_answered < CHAT_SPACING * 2, "it slept past the turn once it came"


async def test_other_chats_are_not_held_by_a_send_in_flight(limiter: RateLimiter) -> None:
    busy, other = next(chat_ids), next(chat_ids)
    await _turn_taken_at(limiter, busy)
    started = asyncio.get_running_loop().time()
    assert await _turn_taken_at(limiter, other) - started < CHAT_SPACING


async def test_a_stop_ends_the_wait_without_taking_the_turn(limiter: RateLimiter) -> None:
    chat = next(chat_ids)
    await _turn_taken_at(limiter, chat)
    stopping = asyncio.Event()
    waiting = asyncio.create_task(limiter.wait_turn(chat, stopping))
    await asyncio.sleep(0)
    stopping.set()
    assert await waiting is False
    await limiter.turn_over(chat)
    await _turn_taken_at(limiter, chat)


async def test_a_turn_given_back_unused_lets_the_chat_send_at_once(limiter: RateLimiter) -> None:
    chat = next(chat_ids)
    await _turn_taken_at(limiter, chat)
    started = asyncio.get_running_loop().time()
    await limiter.give_back(chat)  # the reminder was no longer due: nothing went to the chat
    assert await _turn_taken_at(limiter, chat) - started < CHAT_SPACING
