"""The dead-letter office: what the notifier gave up on, filed from `notifications.dead` into
PostgreSQL, listed for admins, sent again or discarded."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import aio_pika
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from task_api.config import Settings
from task_api.db import create_engine, create_sessionmaker
from task_api.dead_letters.filer import DeadLetterFiler
from task_api.dead_letters.resender import Resender
from task_api.main import create_app
from todo_shared.amqp import publish_confirmed
from todo_shared.topology import (
    DEAD_REMINDERS_QUEUE,
    EMAIL_REMINDERS_QUEUE,
    REMINDER_QUEUES,
    REMINDERS_QUEUE,
    declare_reminder_queues,
)
from todo_testkit.broker import take_all
from todo_testkit.typing import Caller, Json, MakeCaller
from todo_testkit.waiting import eventually

ROUTE = "/api/v1/admin/dead-letters"
WORKER_GAVE_UP = "Telegram: Bad Request: message is too long"

DeadLetter = Callable[..., Awaitable[str]]
Listed = Callable[..., Awaitable[list[Json]]]


@pytest.fixture
async def office(engine: AsyncEngine, amqp_url: str) -> None:
    """No dead letter filed nor waiting: each test counts its own."""
    async with engine.begin() as connection:
        await connection.execute(text("DELETE FROM dead_letter"))
    await _empty_queues(amqp_url)


@pytest.fixture
async def filer(office: None, settings: Settings, amqp_url: str) -> AsyncIterator[DeadLetterFiler]:
    """A filer consuming the dead letters while the test runs, as task-api's lifespan runs it."""
    engine = create_engine(settings)
    filing = DeadLetterFiler(amqp_url, create_sessionmaker(engine))
    stopping = asyncio.Event()
    running = asyncio.create_task(filing.run(stopping))
    await asyncio.wait_for(filing.connected.wait(), 10)
    yield filing
    stopping.set()
    await asyncio.wait_for(running, 15)
    await engine.dispose()


@pytest.fixture
def dead_letter(amqp_url: str) -> DeadLetter:
    """Publish a message to `notifications.dead` as a worker gives one up (or, with `x_death`,
    as RabbitMQ dead-letters one); its message_id."""

    async def publish(
        body: bytes | None = None,
        *,
        queue: str = REMINDERS_QUEUE,
        reason: str = WORKER_GAVE_UP,
        x_death: bool = False,
        task_id: int = 7,
        user_id: int = 1,
        at: datetime | None = None,
        message_id: str | None = None,
    ) -> str:
        message_id = message_id or f"{task_id}@{uuid.uuid4().hex}"
        at = at or datetime.now(UTC)
        if body is None:
            reminder = {"version": 2, "reminder_id": message_id, "task_id": task_id}
            body = json.dumps({**reminder, "user_id": user_id, "text": "⏰ Pay rent"}).encode()
        if x_death:
            death = {"queue": queue, "reason": "delivery_limit", "count": 1, "time": at}
            headers: dict[str, Any] = {"x-death": [death], "x-delivery-count": 20}
        else:
            headers = {
                "x-attempts": 5,
                "x-reason": reason,
                "x-queue": queue,
                "x-dead-lettered-at": at.isoformat(),
                "x-request-id": "req-1",
            }
        message = aio_pika.Message(
            body,
            message_id=message_id,
            content_type="application/json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            headers=headers,
        )
        async with await aio_pika.connect(amqp_url) as connection:
            channel = await connection.channel(publisher_confirms=True)
            await declare_reminder_queues(channel)
            await publish_confirmed(channel, message, routing_key=DEAD_REMINDERS_QUEUE)
        return message_id

    return publish


@pytest.fixture
def listed(admin: Caller) -> Listed:
    """The letters an admin sees, once there are `count` of them."""

    async def wait_for(count: int, **params: Any) -> list[Json]:
        async def filed() -> bool:
            return (await admin.client.get(ROUTE, params=params)).json()["total"] >= count

        await eventually(filed, within_seconds=10)
        return (await admin.client.get(ROUTE, params=params)).json()["items"]

    return wait_for


async def _empty_queues(amqp_url: str) -> None:
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel()
        for via in REMINDER_QUEUES:
            await (await declare_reminder_queues(channel, via)).purge()
        await (await channel.get_queue(DEAD_REMINDERS_QUEUE)).purge()


@pytest.mark.usefixtures("filer")
async def test_a_workers_dead_letter_is_filed_with_its_reason(
    dead_letter: DeadLetter, listed: Listed
) -> None:
    at = datetime(2026, 12, 10, 9, 30, tzinfo=UTC)
    message_id = await dead_letter(task_id=41, user_id=3, at=at)
    [letter] = await listed(1)
    assert letter["message_id"] == message_id
    assert letter["queue"] == REMINDERS_QUEUE
    assert letter["reason"] == WORKER_GAVE_UP
    assert letter["attempts"] == 5
    assert datetime.fromisoformat(letter["dead_lettered_at"]) == at
    assert (letter["task_id"], letter["user_id"]) == (41, 3)
    assert json.loads(letter["body"])["reminder_id"] == message_id
    assert set(letter) == {
        "id",
        "message_id",
        "queue",
        "reason",
        "attempts",
        "dead_lettered_at",
        "task_id",
        "user_id",
        "body",
    }


@pytest.mark.usefixtures("filer")
async def test_rabbitmqs_dead_letter_names_its_queue_and_reason_in_x_death(
    dead_letter: DeadLetter, listed: Listed
) -> None:
    await dead_letter(queue=EMAIL_REMINDERS_QUEUE, x_death=True)
    [letter] = await listed(1)
    assert letter["queue"] == EMAIL_REMINDERS_QUEUE
    assert letter["reason"] == "delivery_limit"
    assert letter["attempts"] is None


@pytest.mark.usefixtures("filer")
async def test_a_message_that_is_no_reminder_is_filed_all_the_same(
    dead_letter: DeadLetter, listed: Listed, amqp_url: str
) -> None:
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel(publisher_confirms=True)
        bare = aio_pika.Message(b"\xff not json \x00")
        await publish_confirmed(channel, bare, routing_key=DEAD_REMINDERS_QUEUE)
    [letter] = await listed(1)
    assert letter["queue"] is None
    assert letter["reason"] is None
    assert (letter["task_id"], letter["user_id"]) == (None, None)
    assert letter["body"] == "\ufffd not json \x00"


@pytest.mark.usefixtures("filer")
async def test_the_list_is_newest_first_in_pages_and_by_queue(
    dead_letter: DeadLetter, listed: Listed, admin: Caller
) -> None:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    for day in range(5):
        queue = REMINDERS_QUEUE if day % 2 == 0 else EMAIL_REMINDERS_QUEUE
        await dead_letter(task_id=100 + day, queue=queue, at=start + timedelta(days=day))
    everything = await listed(5)
    assert [letter["task_id"] for letter in everything] == [104, 103, 102, 101, 100]
    page = (await admin.client.get(ROUTE, params={"skip": 1, "limit": 2})).json()
    assert [letter["task_id"] for letter in page["items"]] == [103, 102]
    assert (page["total"], page["skip"], page["limit"]) == (5, 1, 2)
    emails = (await admin.client.get(ROUTE, params={"queue": EMAIL_REMINDERS_QUEUE})).json()
    assert [letter["task_id"] for letter in emails["items"]] == [103, 101]
    assert emails["total"] == 2


@pytest.mark.usefixtures("filer")
async def test_a_letter_delivered_twice_is_filed_once(
    dead_letter: DeadLetter, listed: Listed, admin: Caller
) -> None:
    at = datetime.now(UTC)
    message_id = await dead_letter(at=at)
    await dead_letter(at=at, message_id=message_id)
    await dead_letter(task_id=8)  # a later letter: once it is filed, both copies were
    await listed(2)
    letters = (await admin.client.get(ROUTE)).json()["items"]
    assert [letter["message_id"] for letter in letters].count(message_id) == 1


async def test_a_letter_is_acked_only_once_its_row_is_committed(
    office: None, settings: Settings, engine: AsyncEngine
) -> None:
    """The filer is handed a message whose ack looks for the row from another connection."""
    seen_at_ack: list[int] = []

    class Message:
        body = b'{"task_id": 5, "user_id": 6}'
        headers: ClassVar = {
            "x-queue": REMINDERS_QUEUE,
            "x-dead-lettered-at": "2026-12-10T09:00:00+00:00",
        }
        message_id = "5@1"
        content_type = "application/json"
        timestamp = None

        async def ack(self) -> None:
            async with engine.connect() as connection:
                rows = await connection.scalar(text("SELECT count(*) FROM dead_letter"))
            seen_at_ack.append(rows)

    filer_engine = create_engine(settings)
    filing = DeadLetterFiler("amqp://unused", create_sessionmaker(filer_engine))
    await filing.file(Message(), asyncio.Event())
    await filing.file(Message(), asyncio.Event())
    await filer_engine.dispose()
    assert seen_at_ack == [1, 1]


@pytest.mark.usefixtures("filer")
async def test_sending_again_puts_the_letter_back_on_its_queue_and_forgets_it(
    dead_letter: DeadLetter, listed: Listed, admin: Caller, amqp_url: str
) -> None:
    message_id = await dead_letter(task_id=12)
    [letter] = await listed(1)
    resent = await admin.client.post(f"{ROUTE}/{letter['id']}/resend")
    assert resent.status_code == 200, resent.text
    assert resent.json() == {"resent": 1}
    [message] = await take_all(amqp_url, REMINDERS_QUEUE)
    assert message.message_id == message_id
    assert message.body.decode() == letter["body"]
    assert message.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    # A fresh set of attempts: nothing of the failed ones goes with it (the queue counts its
    # deliveries afresh in x-delivery-count).
    assert {**message.headers, "x-delivery-count": 0} == {
        "x-request-id": "req-1",
        "x-delivery-count": 0,
    }
    assert (await admin.client.get(ROUTE)).json()["total"] == 0
    again = await admin.client.post(f"{ROUTE}/{letter['id']}/resend")
    assert again.status_code == 404


@pytest.mark.usefixtures("filer")
async def test_a_letter_of_no_reminder_queue_is_not_sent_again(
    dead_letter: DeadLetter, listed: Listed, admin: Caller
) -> None:
    await dead_letter(queue="somewhere.else")
    [letter] = await listed(1)
    refused = await admin.client.post(f"{ROUTE}/{letter['id']}/resend")
    assert refused.status_code == 409
    assert "cannot be sent again" in refused.json()["detail"]
    russian = await admin.client.post(
        f"{ROUTE}/{letter['id']}/resend", headers={"Accept-Language": "ru"}
    )
    assert russian.headers["Content-Language"] == "ru"
    assert (await admin.client.get(ROUTE)).json()["total"] == 1
    everything = await admin.client.post(f"{ROUTE}/resend")
    assert everything.json() == {"resent": 0}
    assert (await admin.client.post(f"{ROUTE}/resend?queue=somewhere.else")).status_code == 409


@pytest.mark.usefixtures("filer")
async def test_sending_all_again_sends_each_to_its_queue(
    dead_letter: DeadLetter, listed: Listed, admin: Caller, amqp_url: str
) -> None:
    telegram = {await dead_letter(task_id=task_id) for task_id in range(1, 151)}
    email = await dead_letter(task_id=500, queue=EMAIL_REMINDERS_QUEUE)
    await listed(151)
    only_email = await admin.client.post(f"{ROUTE}/resend", params={"queue": EMAIL_REMINDERS_QUEUE})
    assert only_email.json() == {"resent": 1}
    assert [m.message_id for m in await take_all(amqp_url, EMAIL_REMINDERS_QUEUE)] == [email]
    assert (await admin.client.get(ROUTE)).json()["total"] == 150
    rest = await admin.client.post(f"{ROUTE}/resend")
    assert rest.json() == {"resent": 150}
    assert {m.message_id for m in await take_all(amqp_url, REMINDERS_QUEUE)} == telegram
    assert (await admin.client.get(ROUTE)).json()["total"] == 0


@pytest.mark.usefixtures("filer")
async def test_a_letter_can_be_discarded(
    dead_letter: DeadLetter, listed: Listed, admin: Caller, amqp_url: str
) -> None:
    await dead_letter()
    [letter] = await listed(1)
    assert (await admin.client.delete(f"{ROUTE}/{letter['id']}")).status_code == 204
    assert (await admin.client.get(ROUTE)).json()["total"] == 0
    assert await take_all(amqp_url, REMINDERS_QUEUE) == []
    assert (await admin.client.delete(f"{ROUTE}/{letter['id']}")).status_code == 404


@pytest.mark.usefixtures("filer")
async def test_only_admins_reach_the_dead_letters(
    dead_letter: DeadLetter,
    listed: Listed,
    make_person: MakeCaller,
    worker: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
) -> None:
    await dead_letter()
    [letter] = await listed(1)
    person = (await make_person()).client
    for client, status in ((person, 403), (worker, 403), (anonymous, 401)):
        assert (await client.get(ROUTE)).status_code == status
        assert (await client.post(f"{ROUTE}/{letter['id']}/resend")).status_code == status
        assert (await client.post(f"{ROUTE}/resend")).status_code == status
        assert (await client.delete(f"{ROUTE}/{letter['id']}")).status_code == status
    assert len(await listed(1)) == 1


async def test_task_api_files_dead_letters_while_it_runs(
    office: None, settings: Settings, dead_letter: DeadLetter, engine: AsyncEngine
) -> None:
    filing = create_app(settings.model_copy(update={"file_dead_letters": True}))
    async with filing.router.lifespan_context(filing):
        await asyncio.wait_for(filing.state.dead_letter_filer.connected.wait(), 10)
        await dead_letter()

        async def filed() -> bool:
            async with engine.connect() as connection:
                return await connection.scalar(text("SELECT count(*) FROM dead_letter")) == 1

        await eventually(filed, within_seconds=10)


@pytest.mark.usefixtures("filer")
async def test_rabbitmq_away_answers_503_and_keeps_the_letter(
    dead_letter: DeadLetter,
    listed: Listed,
    admin: Caller,
    app: FastAPI,
) -> None:
    await dead_letter()
    [letter] = await listed(1)
    resender = app.state.resender
    app.state.resender = Resender("amqp://guest:guest@127.0.0.1:1/")  # nothing listens there
    try:
        for path in (f"{ROUTE}/{letter['id']}/resend", f"{ROUTE}/resend"):
            refused = await admin.client.post(path)
            assert refused.status_code == 503, refused.text
            assert refused.headers["Retry-After"] == "5"
            assert "RabbitMQ" in refused.json()["detail"]
    finally:
        app.state.resender = resender
    assert (await admin.client.get(ROUTE)).json()["total"] == 1
