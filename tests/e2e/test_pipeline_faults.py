"""The reminder pipeline attacked: a producer killed between claiming and publishing, and a
Telegram that is slow, rate limits and fails."""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import asyncpg
import httpx

from fake_telegram import FakeTelegram
from todo_shared.postgres import asyncpg_dsn
from todo_shared.topology import DEAD_REMINDERS_QUEUE, REMINDERS_QUEUE
from todo_testkit.broker import TestBroker, take_all
from todo_testkit.processes import free_port, run_command, service_process, wait_until_healthy
from todo_testkit.task_api import RunningApi
from todo_testkit.waiting import eventually

DUE = timedelta(hours=3, minutes=1)  # a very urgent task's first reminder is due after 3 h
PUBLISHED_METRIC = "notifier_producer_reminders_published_total"


async def rabbitmqctl(*arguments: str) -> str:
    """Run rabbitmqctl on this machine's broker (the one `.ci/run` makes sure runs)."""
    return await run_command("rabbitmqctl", *arguments)


@asynccontextmanager
async def publishing_blocked() -> AsyncIterator[None]:
    """RabbitMQ's memory alarm raised: it stops reading from every connection that publishes."""
    watermark = await rabbitmqctl("eval", "vm_memory_monitor:get_vm_memory_high_watermark().")
    await rabbitmqctl("set_vm_memory_high_watermark", "0")
    try:
        yield
    finally:
        await rabbitmqctl("eval", f"vm_memory_monitor:set_vm_memory_high_watermark({watermark}).")


async def leased(database_url: str, ids: set[int]) -> set[int]:
    """Which of these tasks a claim holds now."""
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        rows = await connection.fetch(
            "SELECT id FROM task WHERE id = ANY($1) AND lease_expires_at > now()", list(ids)
        )
    finally:
        await connection.close()
    return {row["id"] for row in rows}


async def published_by(port: int) -> float:
    async with httpx.AsyncClient() as http:
        metrics = (await http.get(f"http://127.0.0.1:{port}/metrics")).text
    # One sample a channel, once the producer published to it: none before.
    samples = [m for m in metrics.splitlines() if m.startswith(PUBLISHED_METRIC)]
    return sum(float(sample.split()[-1]) for sample in samples)


async def test_a_producer_killed_between_claiming_and_publishing_loses_nothing(
    task_api: RunningApi,
    pipeline,
    telegram: FakeTelegram,
    travel,
    all_sent,
    broker: TestBroker,
) -> None:
    people = [await task_api.sign_up_linked() for _ in range(3)]
    ids = set()
    for person in people:
        created = await person.client.post(
            "/api/v1/tasks", json={"title": "survivor", "urgency": "very_urgent"}
        )
        ids.add(created.json()["id"])
    await travel(DUE)
    env = {**pipeline.env("notifier_producer"), "PORT": str(port := free_port())}
    async with (
        publishing_blocked(),
        service_process("doomed-producer", "notifier_producer", env) as doomed,
    ):
        await wait_until_healthy(doomed, f"http://127.0.0.1:{port}/health")

        async def all_claimed() -> bool:
            return await leased(task_api.env["DATABASE_URL"], ids) == ids

        await eventually(all_claimed, within_seconds=30)
        assert await published_by(port) == 0, "it published: the kill would not be in between"
        doomed.process.kill()
        await doomed.process.wait()

    # What it had written but RabbitMQ had not read yet may get through now (published, never
    # confirmed, and claimed again below), until RabbitMQ has read the dead connection to its end.
    async def doomed_connection_gone() -> bool:
        return "notifier-producer" not in await rabbitmqctl(
            "list_connections", "-q", "--no-table-headers", "-p", broker.vhost, "client_properties"
        )

    await eventually(doomed_connection_gone, within_seconds=30)

    # The claim's lease runs out (30 s, PRODUCER_LEASE_SECONDS), and a new producer claims them.
    await travel(timedelta(seconds=31))
    await pipeline.start()
    for person in people:
        await all_sent(person)
    for person in people:
        chat = person.user["telegram_chat_id"]
        assert delivered(telegram, chat) == 1, f"chat {chat}: {delivered(telegram, chat)} reminders"


async def test_a_slow_limiting_failing_telegram_dead_letters_only_what_failed_every_time(
    task_api: RunningApi, pipeline, telegram: FakeTelegram, travel, all_sent, amqp_url: str
) -> None:
    people = [await task_api.sign_up_linked() for _ in range(5)]
    for person in people:
        created = await person.client.post(
            "/api/v1/tasks", json={"title": "through the storm", "urgency": "very_urgent"}
        )
        assert created.status_code == 201
    hopeless, limited, flaky = (person.user["telegram_chat_id"] for person in people[:3])
    telegram.set_latency(2.0)
    telegram.fail_next("server_error", count=1000, method="sendMessage", chat_id=hopeless)
    telegram.fail_next("retry_after", count=2, method="sendMessage", chat_id=limited)
    telegram.fail_next("server_error", count=2, method="sendMessage", chat_id=flaky)
    await travel(DUE)
    await pipeline.start(workers=2)

    for person in people[1:]:
        await all_sent(person)
    attempts = pipeline.env("notifier_worker")["WORKER_MAX_ATTEMPTS"]

    async def hopeless_given_up() -> bool:
        return len(telegram.calls(method="sendMessage", chat_id=hopeless)) >= int(attempts)

    await eventually(hopeless_given_up, within_seconds=60)
    dead = await wait_for_dead_letters(amqp_url, count=1)
    [(body, reason)] = [(json.loads(m.body), m.headers["x-reason"]) for m in dead]
    assert body["chat_id"] == hopeless
    assert f"gave up after {attempts} attempts" in str(reason)
    assert "Internal Server Error" in str(reason)
    for person in people[1:]:
        chat = person.user["telegram_chat_id"]
        assert delivered(telegram, chat) == 1, f"chat {chat}: {delivered(telegram, chat)} reminders"
    assert telegram.messages(hopeless) == []
    assert await take_all(amqp_url, REMINDERS_QUEUE) == []


async def wait_for_dead_letters(amqp_url: str, count: int) -> list:
    """The dead letters, once there are `count` of them (taken off the queue)."""
    taken: list = []

    async def enough() -> bool:
        taken.extend(await take_all(amqp_url, DEAD_REMINDERS_QUEUE))
        return len(taken) >= count

    await eventually(enough, within_seconds=30)
    return taken


def delivered(telegram: FakeTelegram, chat_id: int) -> int:
    """How many reminders Telegram took for the chat (failed calls not counted)."""
    return sum(call.status == 200 for call in telegram.calls(method="sendMessage", chat_id=chat_id))
