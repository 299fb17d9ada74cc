"""The producer: due reminders become messages on notifications.send, once each."""

import asyncio
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import aio_pika
import httpx
import pytest
from aio_pika.abc import AbstractChannel

from notifier_producer.producer import Producer
from todo_shared.api_client import TaskApi
from todo_shared.messages import SendReminder
from todo_shared.topology import (
    PRODUCER_WAKE_QUEUE_PREFIX,
    REMINDERS_QUEUE,
    TASKS_EXCHANGE,
    declare_reminder_queues,
)
from todo_testkit.broker import TestBroker, take_all
from todo_testkit.clock import travel
from todo_testkit.processes import free_port, service_process, wait_until_healthy
from todo_testkit.task_api import RunningApi
from todo_testkit.typing import Caller


@pytest.fixture
async def channel(amqp_url: str) -> AsyncIterator[AbstractChannel]:
    """A confirming channel, with notifications.send declared and emptied."""
    async with await aio_pika.connect(amqp_url) as connection:
        opened = await connection.channel(publisher_confirms=True)
        await declare_reminder_queues(opened)
        await take_all(amqp_url, REMINDERS_QUEUE)
        yield opened


def producer(
    api: RunningApi | TaskApi, amqp_url: str, batch_size: int = 50, interval_seconds: float = 1
) -> Producer:
    """A producer calling task-api with its own secret (through `api`, when a client)."""
    client = api if isinstance(api, TaskApi) else producer_client(api)
    return Producer(
        client,
        amqp_url,
        batch_size=batch_size,
        lease_seconds=600,
        interval_seconds=interval_seconds,
    )


def producer_client(api: RunningApi) -> TaskApi:
    return TaskApi(api.base_url, api.service_tokens["notifier-producer"])


@asynccontextmanager
async def running(
    api: RunningApi, amqp_url: str, *, interval_seconds: float
) -> AsyncIterator[Producer]:
    """A producer at work, listening for task events, until the block ends."""
    client = producer_client(api)
    producing = producer(client, amqp_url, interval_seconds=interval_seconds)
    stopping = asyncio.Event()
    work = asyncio.create_task(producing.run(stopping))
    await producing.connected.wait()
    try:
        yield producing
    finally:
        stopping.set()
        await work
        await client.aclose()


async def published_at(amqp_url: str, task_id: int, within_seconds: float = 30) -> datetime:
    """When a reminder of the task reached notifications.send (taken off it)."""
    async with await aio_pika.connect(amqp_url) as connection:
        queue = await (await connection.channel()).get_queue(REMINDERS_QUEUE, ensure=True)
        async with asyncio.timeout(within_seconds), queue.iterator(no_ack=True) as messages:
            async for message in messages:
                if json.loads(message.body)["task_id"] == task_id:
                    return datetime.now(UTC)
    raise AssertionError("unreachable")


async def reminder_in(person: Caller, seconds: float) -> tuple[int, datetime]:
    """A task of the person with a one-off reminder `seconds` from now: its id and due moment."""
    due_at = datetime.now(UTC) + timedelta(seconds=seconds)
    created = await person.client.post(
        "/api/v1/tasks", json={"title": "soon", "remind_at": due_at.isoformat()}
    )
    assert created.status_code == 201, created.text
    return created.json()["id"], due_at


async def make_due(
    api: RunningApi, database_url: str, count: int, **fields: object
) -> tuple[dict, set[int]]:
    """A linked person (signed up with these fields) with `count` very urgent tasks, all due
    now."""
    person = await api.sign_up_linked(**fields)
    ids = set()
    for n in range(count):
        created = await person.client.post(
            "/api/v1/tasks", json={"title": f"task {n}", "urgency": "very_urgent"}
        )
        ids.add(created.json()["id"])
    await travel(database_url, timedelta(hours=3, minutes=1))
    return person.user, ids


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "⏰ task 0\nVery urgent · open for 3 hours"),
        ("ru", "⏰ task 0\nОчень срочно · открыта 3 часа"),
    ],
)
async def test_a_due_reminder_becomes_one_message_in_its_persons_language(
    task_api: RunningApi,
    amqp_url: str,
    database_url: str,
    channel: AbstractChannel,
    language: str,
    text: str,
) -> None:
    owner, [task_id] = await make_due(task_api, database_url, 1, language=language)
    published = await producer(task_api, amqp_url).produce_round(channel)
    assert published >= 1

    messages = [
        m
        for m in await take_all(amqp_url, REMINDERS_QUEUE)
        if json.loads(m.body)["task_id"] == task_id
    ]
    [message] = messages
    reminder = SendReminder.model_validate_json(message.body)
    assert message.message_id == reminder.reminder_id
    assert message.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
    assert message.content_type == "application/json"
    assert re.fullmatch(r"[0-9a-f]{32}", str(message.headers["x-request-id"])), "to follow it"
    assert (reminder.chat_id, reminder.user_id) == (owner["telegram_chat_id"], owner["id"])
    assert reminder.text.startswith(text)
    assert (json.loads(message.body)["version"], reminder.language) == (2, language)
    assert await producer(task_api, amqp_url).produce_round(channel) == 0, "claimed twice"


async def test_two_producers_publish_each_reminder_once(
    task_api: RunningApi, amqp_url: str, database_url: str, channel: AbstractChannel
) -> None:
    _, ids = await make_due(task_api, database_url, 150)
    async with await aio_pika.connect(amqp_url) as second_connection:
        second_channel = await second_connection.channel(publisher_confirms=True)
        counts = await asyncio.gather(
            producer(task_api, amqp_url, batch_size=20).produce_round(channel),
            producer(task_api, amqp_url, batch_size=20).produce_round(second_channel),
        )
    assert all(counts), "one producer did all the work: they did not run side by side"
    ours = [
        json.loads(m.body)["reminder_id"]
        for m in await take_all(amqp_url, REMINDERS_QUEUE)
        if json.loads(m.body)["task_id"] in ids
    ]
    assert len(ours) == len(set(ours)) == len(ids)


@pytest.mark.parametrize("missing", ["task-api", "rabbitmq"])
async def test_a_missing_dependency_makes_it_wait_not_crash(
    task_api: RunningApi, amqp_url: str, missing: str
) -> None:
    nowhere = f"127.0.0.1:{free_port()}"
    api_url = f"http://{nowhere}" if missing == "task-api" else task_api.base_url
    broker = f"amqp://guest:guest@{nowhere}/" if missing == "rabbitmq" else amqp_url
    env = {
        "API_URL": api_url,
        "API_TOKEN": task_api.service_tokens["notifier-producer"],
        "AMQP_URL": broker,
        "PORT": str(port := free_port()),
        "PRODUCER_INTERVAL_SECONDS": "0.1",
    }
    async with service_process("producer", "notifier_producer", env) as process:
        await wait_until_healthy(process, f"http://127.0.0.1:{port}/health")
        await process.wait_for_output("producer waits for what is away")
        async with httpx.AsyncClient() as http:
            ready = await http.get(f"http://127.0.0.1:{port}/ready")
        assert await process.stop() == 0, "the producer did not stop cleanly"
    if missing == "rabbitmq":
        assert ready.status_code == 503
        assert ready.json()["checks"]["rabbitmq"] == "not connected"


async def test_a_lost_connection_claims_nothing_it_could_not_publish(
    task_api: RunningApi, amqp_url: str, database_url: str, channel: AbstractChannel
) -> None:
    _, ids = await make_due(task_api, database_url, 3)
    async with await aio_pika.connect(amqp_url) as lost_connection:
        lost = await lost_connection.channel(publisher_confirms=True)
    with pytest.raises(ConnectionError):
        await producer(task_api, amqp_url).produce_round(lost)
    # Nothing was leased: a producer with a working channel publishes all of them now.
    await producer(task_api, amqp_url).produce_round(channel)
    queued = {json.loads(m.body)["task_id"] for m in await take_all(amqp_url, REMINDERS_QUEUE)}
    assert ids <= queued


# A poll this long would fail the tests below: they wait for a reminder far less than that.
LONG_INTERVAL = 60


async def test_a_sleeping_producer_wakes_when_the_next_reminder_falls_due(
    task_api: RunningApi, amqp_url: str, channel: AbstractChannel
) -> None:
    person = await task_api.sign_up_linked()
    task_id, due_at = await reminder_in(person, 2)
    async with running(task_api, amqp_url, interval_seconds=LONG_INTERVAL):
        # Its first claim found nothing due, and answered when this one falls due.
        published = await published_at(amqp_url, task_id, within_seconds=LONG_INTERVAL / 2)
    assert published >= due_at, "published before it was due"


async def test_a_reminder_brought_sooner_wakes_the_sleeping_producer(
    task_api: RunningApi, amqp_url: str, database_url: str, channel: AbstractChannel
) -> None:
    _, [first] = await make_due(task_api, database_url, 1)
    person = await task_api.sign_up_linked()
    async with running(task_api, amqp_url, interval_seconds=LONG_INTERVAL):
        await published_at(amqp_url, first)  # its claim is done: it sleeps a whole interval
        task_id, due_at = await reminder_in(person, 2)
        published = await published_at(amqp_url, task_id, within_seconds=LONG_INTERVAL / 2)
    assert published >= due_at, "published before it was due"


async def test_without_task_events_the_poll_still_publishes(
    task_api: RunningApi,
    amqp_url: str,
    database_url: str,
    broker: TestBroker,
    channel: AbstractChannel,
) -> None:
    _, [first] = await make_due(task_api, database_url, 1)
    person = await task_api.sign_up_linked()
    async with running(task_api, amqp_url, interval_seconds=1):
        await published_at(amqp_url, first)  # its claim is done: it sleeps until the poll
        assert await unbind_wake_queues(broker) >= 1
        task_id, due_at = await reminder_in(person, 1)
        published = await published_at(amqp_url, task_id)
    assert published >= due_at, "published before it was due"


async def unbind_wake_queues(broker: TestBroker) -> int:
    """Cut the producers' queues of task events from the exchange; how many bindings went."""
    vhost = quote(broker.vhost, safe="")
    async with httpx.AsyncClient(base_url=broker.management_url, timeout=10) as management:
        queues = (await management.get(f"/api/queues/{vhost}")).json()
        unbound = 0
        for queue in queues:
            if not queue["name"].startswith(PRODUCER_WAKE_QUEUE_PREFIX):
                continue
            name = quote(queue["name"], safe="")
            path = f"/api/bindings/{vhost}/e/{TASKS_EXCHANGE}/q/{name}"
            for binding in (await management.get(path)).json():
                key = quote(binding["properties_key"], safe="")
                deleted = await management.delete(f"{path}/{key}")
                assert deleted.is_success, deleted.text
                unbound += 1
    return unbound
