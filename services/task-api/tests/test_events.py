"""Task events: every change announced once it is committed, in order, and never invented."""

import asyncio
import json
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import pytest
from aio_pika.abc import AbstractIncomingMessage, DeliveryMode
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from task_api.config import Settings
from task_api.main import create_app
from task_api.relay import APPLICATION_NAME, prune
from todo_shared.events import EVENT, TaskEvent, TaskEventType
from todo_testkit.broker import EventTap, TestBroker, tap_task_events
from todo_testkit.typing import Caller, MakeJson


@pytest.fixture
async def tap(amqp_url: str, app: FastAPI) -> AsyncIterator[EventTap]:
    async with tap_task_events(amqp_url) as events:
        yield events


def parsed(message: AbstractIncomingMessage) -> TaskEvent:
    event = EVENT.validate_json(message.body)
    assert isinstance(event, TaskEvent)
    return event


def seen_task(task_id: int) -> Callable[[Sequence[AbstractIncomingMessage]], bool]:
    return lambda messages: any(
        json.loads(m.body).get("task", {}).get("id") == task_id for m in messages
    )


async def test_each_change_is_announced_in_order(
    tap: EventTap, person: Caller, make_task: MakeJson
) -> None:
    task = await make_task(title="Pay rent")
    updated = (
        await person.client.patch(f"/api/v1/tasks/{task['id']}", json={"urgency": "urgent"})
    ).json()
    await person.client.delete(f"/api/v1/tasks/{task['id']}")

    messages = await tap.collect_until(
        lambda got: (
            [parsed(m).type for m in got if parsed(m).task.id == task["id"]]
            == [TaskEventType.CREATED, TaskEventType.UPDATED, TaskEventType.DELETED]
        )
    )
    mine = [m for m in messages if parsed(m).task.id == task["id"]]
    assert [m.routing_key for m in mine] == ["task.created", "task.updated", "task.deleted"]
    for message in mine:
        assert message.message_id == str(parsed(message).event_id)
        assert message.delivery_mode == DeliveryMode.PERSISTENT
        assert message.content_type == "application/json"
        assert json.loads(message.body)["version"] == 1
    assert parsed(mine[0]).task.model_dump(mode="json") == task
    assert parsed(mine[1]).task.model_dump(mode="json") == updated


async def test_a_transaction_that_rolls_back_publishes_nothing(
    app: FastAPI, tap: EventTap, make_task: MakeJson, person: Caller
) -> None:
    task = await make_task()

    async def announce_then_roll_back() -> None:
        store = app.state.store
        async with app.state.sessionmaker() as session, store.transaction_of(session) as tx:
            record = await tx.load(task["id"])
            await tx.announce(TaskEventType.UPDATED, record, now=record.updated_at)
            raise RuntimeError("the user's change failed after the task's event")

    with pytest.raises(RuntimeError):
        await announce_then_roll_back()
    marker = await make_task(title="marker")

    messages = await tap.collect_until(seen_task(marker["id"]))
    updates_of_task = [
        m for m in messages if parsed(m).task.id == task["id"] and m.routing_key == "task.updated"
    ]
    assert updates_of_task == []


async def test_a_task_write_that_fails_midway_publishes_nothing(
    app: FastAPI, tap: EventTap, make_task: MakeJson, person: Caller
) -> None:
    task = await make_task()

    async def write_then_fail() -> None:
        async with app.state.store.transaction() as tx:
            record = await tx.load(task["id"])
            record.title = "never saved"
            await tx.save(record)
            await tx.announce(TaskEventType.UPDATED, record, now=record.updated_at)
            raise RuntimeError("the request failed after writing")

    with pytest.raises(RuntimeError):
        await write_then_fail()
    marker = await make_task(title="marker")

    messages = await tap.collect_until(seen_task(marker["id"]))
    updates_of_task = [
        m for m in messages if parsed(m).task.id == task["id"] and m.routing_key == "task.updated"
    ]
    assert updates_of_task == []
    kept = await person.client.get(f"/api/v1/tasks/{task['id']}")
    assert kept.json()["title"] == task["title"]


async def test_cutting_the_relays_connection_loses_and_invents_nothing(
    tap: EventTap, broker: TestBroker, person: Caller, make_task: MakeJson
) -> None:
    expected: dict[int, list[str]] = defaultdict(list)
    cutting_done = asyncio.Event()

    async def change_tasks_while_cutting() -> None:
        for round_ in range(300):
            task = await make_task(title=f"round {round_}")
            expected[task["id"]].append("task.created")
            for title in ("a", "b"):
                await person.client.patch(f"/api/v1/tasks/{task['id']}", json={"title": title})
                expected[task["id"]].append("task.updated")
            if cutting_done.is_set():
                return
            await asyncio.sleep(0.02)  # paces the changes over the cuts

    async def cut_the_relay_twice() -> int:
        cuts = 0
        for _ in range(2):
            cuts += await broker.close_connections("task-api relay")
        cutting_done.set()
        return cuts

    _, cuts = await asyncio.gather(change_tasks_while_cutting(), cut_the_relay_twice())
    assert cuts >= 1, "the relay's connection was never cut"
    total = sum(len(events) for events in expected.values())

    def all_arrived(messages: Sequence[AbstractIncomingMessage]) -> bool:
        return len({m.message_id for m in messages if parsed(m).task.id in expected}) >= total

    messages = await tap.collect_until(all_arrived, within_seconds=60)
    first_copies = _first_copies(m for m in messages if parsed(m).task.id in expected)
    assert len(first_copies) == total, "an event was lost or invented"
    arrived: dict[int, list[str]] = defaultdict(list)
    for message in first_copies:
        arrived[parsed(message).task.id].append(message.routing_key or "")
    assert arrived == expected, "a task's events arrived out of the order of its changes"
    for message in messages:  # a repeat is a copy of an event, never a new one
        assert message.body == next(
            m.body for m in first_copies if m.message_id == message.message_id
        )


async def test_postgresql_ending_the_relays_connections_loses_no_event(
    tap: EventTap, engine: AsyncEngine, make_task: MakeJson
) -> None:
    # As a restart of PostgreSQL or an operator's pg_terminate_backend does, at any moment: a
    # connection ended just before its next use fails with an error of asyncpg's own.
    changing = asyncio.Event()
    created: list[int] = []

    async def create_tasks() -> None:
        for round_ in range(150):
            created.append((await make_task(title=f"round {round_}"))["id"])
        changing.set()

    async def end_the_relays_connections() -> int:
        ended = 0
        async with engine.connect() as connection:
            while not changing.is_set():
                ended += await connection.scalar(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE application_name = :name AND datname = current_database()"
                    ),
                    {"name": APPLICATION_NAME},
                )
                await asyncio.sleep(0.005)  # paces the cuts over the changes
        return ended

    _, ended = await asyncio.gather(create_tasks(), end_the_relays_connections())
    assert ended >= 1, "no connection of the relay was ended"

    def all_arrived(messages: Sequence[AbstractIncomingMessage]) -> bool:
        return {parsed(m).task.id for m in messages} >= set(created)

    await tap.collect_until(all_arrived, within_seconds=60)


def _first_copies(messages: Iterable[AbstractIncomingMessage]) -> list[AbstractIncomingMessage]:
    seen: set[str | None] = set()
    first = []
    for message in messages:
        if message.message_id not in seen:
            seen.add(message.message_id)
            first.append(message)
    return first


@pytest.fixture
async def second_replica(settings: Settings) -> AsyncIterator[FastAPI]:
    """Another API process's relay and WebSocket feed, on the same database and broker."""
    replica = create_app(settings)
    async with replica.router.lifespan_context(replica):
        yield replica


async def test_two_relays_never_publish_an_event_twice(
    second_replica: FastAPI, tap: EventTap, make_task: MakeJson
) -> None:
    tasks = await asyncio.gather(*(make_task(title=f"task {n}") for n in range(60)))
    ids = {task["id"] for task in tasks}
    marker = await make_task(title="after")

    messages = await tap.collect_until(seen_task(marker["id"]))
    ours = [m for m in messages if parsed(m).task.id in ids]
    assert len(ours) == len(ids)
    assert len({m.message_id for m in ours}) == len(ids)


async def test_published_events_older_than_the_retention_are_deleted(
    app: FastAPI, engine: AsyncEngine, tap: EventTap, make_task: MakeJson
) -> None:
    task = await make_task()
    await tap.collect_until(seen_task(task["id"]))
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE outbox_event SET published_at = published_at - interval '8 days' "
                "WHERE body LIKE :task"
            ),
            {"task": f'%"id":{task["id"]},%'},
        )
        waiting = await connection.scalar(
            text("SELECT count(*) FROM outbox_event WHERE published_at IS NULL")
        )
    await prune(app.state.pool, timedelta(days=7))
    async with engine.connect() as connection:
        left: Any = await connection.scalar(
            text("SELECT count(*) FROM outbox_event WHERE body LIKE :task"),
            {"task": f'%"id":{task["id"]},%'},
        )
        still_waiting = await connection.scalar(
            text("SELECT count(*) FROM outbox_event WHERE published_at IS NULL")
        )
    assert left == 0
    assert still_waiting <= waiting  # unpublished events are never pruned


async def test_events_carry_due_dates_and_repeats(tap: EventTap, make_task: MakeJson) -> None:
    task = await make_task(title="Bins out", due_at="2030-12-20", recurrence="every monday")
    messages = await tap.collect_until(seen_task(task["id"]))
    [created] = [parsed(m).task for m in messages if parsed(m).task.id == task["id"]]
    assert created.due_date == date(2030, 12, 20)
    assert created.due_at is not None
    assert created.recurrence == "FREQ=WEEKLY;BYDAY=MO"
