"""The worker's tests: real task-api, RabbitMQ and Redis; the fake Telegram and the fake SMTP
server in-process."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import aio_pika
import pytest
from aio_pika.abc import AbstractChannel

from fake_smtp import FakeSmtp
from fake_telegram import FakeTelegram
from notifier_worker.__main__ import serve
from notifier_worker.config import Settings
from todo_shared.api_client import TaskApi
from todo_shared.enums import Channel
from todo_shared.messages import SendEmailReminder, SendReminder, reminder_id
from todo_shared.topology import (
    DEAD_REMINDERS_QUEUE,
    REMINDER_QUEUES,
    REMINDERS_QUEUE,
    declare_reminder_queues,
    declare_retry_queues,
)
from todo_testkit.broker import take_all
from todo_testkit.clock import travel
from todo_testkit.processes import free_port
from todo_testkit.task_api import RunningApi
from todo_testkit.typing import Caller

BOT_TOKEN = "42:TEST"
RETRY_DELAYS = (1, 2)
MAIL_DOMAIN = "todo.example"


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


@pytest.fixture(scope="session")
async def smtp_server() -> AsyncIterator[FakeSmtp]:
    """The fake SMTP server of the session, in clear; reset for each test."""
    async with FakeSmtp.running(starttls=False) as running:
        yield running


@pytest.fixture
def smtp(smtp_server: FakeSmtp) -> FakeSmtp:
    smtp_server.reset()
    return smtp_server


@pytest.fixture
def email_env(worker_env: dict[str, str], smtp_server: FakeSmtp) -> dict[str, str]:
    """The environment of an email worker of these tests: no Telegram settings at all."""
    return {
        **{name: value for name, value in worker_env.items() if not name.startswith("TELEGRAM")},
        "WORKER_CHANNEL": "email",
        "SMTP_HOST": smtp_server.host,
        "SMTP_PORT": str(smtp_server.smtp_port),
        "SMTP_SECURITY": "none",
        "SMTP_TIMEOUT_SECONDS": "3",
        "MAIL_FROM": f"Todo Nudge <nudge@{MAIL_DOMAIN}>",
    }


@pytest.fixture
async def queues(amqp_url: str) -> AsyncIterator[AbstractChannel]:
    """A confirming channel, with every channel's reminder queues declared and emptied."""
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel(publisher_confirms=True)
        for via, queues in REMINDER_QUEUES.items():
            await declare_reminder_queues(channel, via)
            await declare_retry_queues(channel, RETRY_DELAYS, via)
            for queue in (queues.send, *map(queues.retry, RETRY_DELAYS)):
                await take_all(amqp_url, queue)
        await take_all(amqp_url, DEAD_REMINDERS_QUEUE)
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


@pytest.fixture
def start_email_worker(start_worker: StartWorker, email_env: dict[str, str]) -> StartWorker:
    """Start email workers in this process; stopped after."""

    async def start(**env: str) -> None:
        await start_worker(**(email_env | env))

    return start


Publish = Callable[..., Awaitable[None]]


@pytest.fixture
def publish(queues: AbstractChannel) -> Publish:
    """Put a message on notifications.send (or `queue`), as the producer does."""

    async def send(
        body: bytes, message_id: str | None = None, queue: str = REMINDERS_QUEUE
    ) -> None:
        message = aio_pika.Message(
            body,
            message_id=message_id,
            content_type="application/json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
        await queues.default_exchange.publish(message, routing_key=queue)

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


PublishEmail = Callable[[SendEmailReminder], Awaitable[None]]


@pytest.fixture
def publish_email(publish: Publish) -> PublishEmail:
    """Put an email reminder on notifications.send.email, as the producer does."""

    async def send(reminder: SendEmailReminder) -> None:
        queue = REMINDER_QUEUES[Channel.EMAIL].send
        await publish(reminder.model_dump_json().encode(), reminder.reminder_id, queue)

    return send


def by_email(reminder: SendReminder, title: str = "Pay rent") -> SendEmailReminder:
    """The email the producer would publish beside the Telegram reminder: the same reminder,
    to an address of its person, with links signed for it (made up here)."""
    links = f"https://{MAIL_DOMAIN}/r/{reminder.task_id}"
    return SendEmailReminder(
        reminder_id=reminder.reminder_id,
        task_id=reminder.task_id,
        user_id=reminder.user_id,
        email=f"person-{reminder.user_id}@mail.example",
        title=title,
        text=reminder.text,
        due_at=reminder.due_at,
        language=reminder.language,
        done_url=f"{links}/done?token=a1&lang={reminder.language}",
        snooze_url=f"{links}/snooze?token=b2&lang={reminder.language}",
        unsubscribe_url=f"https://{MAIL_DOMAIN}/unsubscribe?token=c3&lang={reminder.language}",
    )


MakeEmailReminder = Callable[..., Awaitable[tuple[Caller, SendEmailReminder]]]


@pytest.fixture
def make_email_reminder(make_reminder: MakeReminder) -> MakeEmailReminder:
    """A person (or `person`) with one very urgent task that is due now, and its email."""

    async def make(
        person: Caller | None = None, title: str = "Pay rent"
    ) -> tuple[Caller, SendEmailReminder]:
        owner, reminder = await make_reminder(person, title)
        return owner, by_email(reminder, title)

    return make
