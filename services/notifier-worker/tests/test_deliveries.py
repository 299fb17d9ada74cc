"""The delivery log, alone: each channel's is its own, so one channel never holds up or stands
in for another's reminder of the same task."""

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis

from notifier_worker.deliveries import Begin, RedisDeliveryLog
from todo_shared.enums import Channel

task_ids = itertools.count(2_000_000)
LEASE = 30.0


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


async def test_a_reminder_in_flight_by_telegram_leaves_its_email_free(redis: Redis) -> None:
    telegram, email = (
        RedisDeliveryLog(redis, Channel.TELEGRAM),
        RedisDeliveryLog(redis, Channel.EMAIL),
    )
    task_id = next(task_ids)
    reminder = f"{task_id}@1765000000.000000"
    assert (await telegram.begin(task_id, reminder, LEASE)).state is Begin.FRESH
    assert (await telegram.begin(task_id, reminder, LEASE)).state is Begin.IN_FLIGHT

    assert (await email.begin(task_id, reminder, LEASE)).state is Begin.FRESH


async def test_a_reminder_sent_by_telegram_is_not_mailed_already(redis: Redis) -> None:
    telegram, email = (
        RedisDeliveryLog(redis, Channel.TELEGRAM),
        RedisDeliveryLog(redis, Channel.EMAIL),
    )
    task_id = next(task_ids)
    reminder, sent_at = f"{task_id}@1765000000.000000", datetime.now(UTC)
    await telegram.begin(task_id, reminder, LEASE)
    await telegram.sent(task_id, reminder, sent_at)
    await telegram.release(task_id, reminder)

    mailed = await email.begin(task_id, reminder, LEASE)
    assert (mailed.state, mailed.task_sent_at) == (Begin.FRESH, None)
    again = await telegram.begin(task_id, reminder, LEASE)
    assert (again.state, again.sent_at, again.task_sent_at) == (Begin.SENT, sent_at, sent_at)
