"""The worker's tests: real task-api, RabbitMQ and Redis; the fake Telegram in-process."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import aio_pika
import pytest
from aio_pika.abc import AbstractChannel

from fake_telegram import FakeTelegram
from notifier_worker.__main__ import serve
from notifier_worker.config import Settings
from todo_shared.api_client import TaskApi
from todo_shared.messages import SendReminder, reminder_id
from todo_shared.topology import (
    DEAD_REMINDERS_QUEUE,
    REMINDERS_QUEUE,
    declare_reminder_queues,
    declare_retry_queues,
    retry_queue,
)
from todo_testkit.broker import take_all
from todo_testkit.clock import travel
from todo_testkit.processes import free_port
from todo_testkit.task_api import RunningApi
from todo_testkit.typing import Caller

BOT_TOKEN = "42:TEST"
RETRY_DELAYS = (1, 2)


@pytest.fixture(scope="session")
async def fake() -> AsyncIterator[FakeTelegram]:
    """The fake Telegram of the session; reset for each test."""
    async with FakeTelegram.running(port=0, tokens=[BOT_TOKEN]) as running:
        yield running


@pytest.fixture
async def telegram(fake: FakeTelegram) -> FakeTelegram:
    await fake.reset()
    return fake


@pytest.fixture
def worker_env(
    task_api: RunningApi, amqp_url: str, redis_url: str, fake: FakeTelegram
) -> dict[str, str]:
    """The environment of a worker of these tests: quick retries, three attempts."""
    return {
        "API_URL": task_api.base_url,
        "API_TOKEN": task_api.service_tokens["notifier-worker"],
        "AMQP_URL": amqp_url,
        "REDIS_URL": redis_url,
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_API_BASE": fake.base_url,
        "WORKER_RETRY_DELAYS": ",".join(map(str, RETRY_DELAYS)),
        "WORKER_MAX_ATTEMPTS": "3",
        "TELEGRAM_TIMEOUT_SECONDS": "3",
        "PORT": str(free_port()),
    }


@pytest.fixture
async def queues(amqp_url: str) -> AsyncIterator[AbstractChannel]:
    """A confirming channel, with the reminder queues declared and emptied."""
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel(publisher_confirms=True)
        await declare_reminder_queues(channel)
        await declare_retry_queues(channel, RETRY_DELAYS)
        for queue in (REMINDERS_QUEUE, DEAD_REMINDERS_QUEUE, *map(retry_queue, RETRY_DELAYS)):
            await take_all(amqp_url, queue)
        yield channel


StartWorker = Callable[..., Awaitable[None]]


@pytest.fixture
async def start_worker(
    worker_env: dict[str, str], queues: AbstractChannel
) -> AsyncIterator[StartWorker]:
    """Start workers in this process, as `python -m notifier_worker` runs one; stopped after."""
    stopping = asyncio.Event()
    running: list[asyncio.Task[None]] = []

    async def start(**env: str) -> None:
        settings = Settings.model_validate(
            {key.lower(): value for key, value in (worker_env | env | {"PORT": "0"}).items()}
        )
        running.append(asyncio.create_task(serve(settings, stopping)))

    yield start
    stopping.set()
    await asyncio.gather(*running)


Publish = Callable[..., Awaitable[None]]


@pytest.fixture
def publish(queues: AbstractChannel) -> Publish:
    """Put a message on notifications.send, as the producer does."""

    async def send(body: bytes, message_id: str | None = None) -> None:
        message = aio_pika.Message(
            body,
            message_id=message_id,
            content_type="application/json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
        await queues.default_exchange.publish(message, routing_key=REMINDERS_QUEUE)

    return send


MakeReminders = Callable[..., Awaitable[list[tuple[Caller, SendReminder]]]]


@pytest.fixture
def make_reminders(task_api: RunningApi, database_url: str) -> MakeReminders:
    """Very urgent tasks, due now, of `people` (or of `chats` new linked people); their messages."""

    async def make(
        *,
        people: list[Caller] | None = None,
        chats: int = 1,
        per_chat: int = 1,
        title: str = "Pay rent",
    ) -> list[tuple[Caller, SendReminder]]:
        owners = people or [await task_api.sign_up_linked() for _ in range(chats)]
        created = []
        for owner in owners:
            for n in range(per_chat):
                body = {
                    "title": title if per_chat == 1 else f"{title} {n}",
                    "urgency": "very_urgent",
                }
                created.append(
                    (owner, (await owner.client.post("/api/v1/tasks", json=body)).json())
                )
        await travel(database_url, timedelta(hours=3, minutes=1))
        api = TaskApi(task_api.base_url, task_api.service_tokens["notifier-worker"])
        try:
            return [(owner, await _reminder_of(api, owner, task)) for owner, task in created]
        finally:
            await api.aclose()

    return make


async def _reminder_of(api: TaskApi, owner: Caller, task: dict) -> SendReminder:
    """The message the producer would publish for this task's reminder, due now."""
    due = await api.get_task(task["id"])
    assert due is not None
    assert due.next_notification_at is not None
    return SendReminder(
        reminder_id=reminder_id(task["id"], due.next_notification_at),
        task_id=task["id"],
        user_id=owner.id,
        chat_id=owner.user["telegram_chat_id"],
        text=f"⏰ {task['title']}",
        due_at=due.next_notification_at,
        language=owner.user["language"],
    )


MakeReminder = Callable[..., Awaitable[tuple[Caller, SendReminder]]]


@pytest.fixture
def make_reminder(make_reminders: MakeReminders) -> MakeReminder:
    """A linked person (or `person`) with one very urgent task that is due now, and its message."""

    async def make(
        person: Caller | None = None, title: str = "Pay rent"
    ) -> tuple[Caller, SendReminder]:
        [made] = await make_reminders(people=[person] if person else None, title=title)
        return made

    return make
