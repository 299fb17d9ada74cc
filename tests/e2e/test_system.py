"""The whole system as the launcher runs it: a person's day, then SIGTERM to everything."""

import asyncio
import json
import random
import shutil
import sys
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import asyncpg
import httpx
import pytest
from websockets.asyncio.client import connect

from notifier_worker.config import Settings as WorkerSettings
from todo_shared.postgres import asyncpg_dsn
from todo_testkit import clock
from todo_testkit.broker import TestBroker, empty_reminder_queues
from todo_testkit.processes import (
    ServiceProcess,
    free_port_block,
    run_command,
    service_process,
)
from todo_testkit.stub_http import StubAnswer, StubServer, stub_http_server
from todo_testkit.waiting import eventually

HOUR = timedelta(hours=1)
LAUNCHED_RETRY_DELAYS = WorkerSettings.model_fields["worker_retry_delays"].default
SERVICE_PORTS = (0, 1, 3, 10, 11)
"""task-api's port and the others' offsets from it, as the launcher gives them."""


class System:
    """The launcher's process, and how to reach what it started."""

    def __init__(self, launcher: ServiceProcess, api_port: int, fake_port: int) -> None:
        self.launcher = launcher
        self.api = f"http://127.0.0.1:{api_port}"
        self.fake = f"http://127.0.0.1:{fake_port}"


TODOS = [{"userId": 1, "id": n, "title": f"imported {n}", "completed": n % 2 == 0} for n in (1, 2)]


@pytest.fixture
async def todo_source() -> AsyncIterator[StubServer]:
    """The importer's outside API, served here."""
    async with stub_http_server("/todos") as source:
        source.answer = StubAnswer(body=json.dumps(TODOS).encode())
        yield source


@pytest.fixture
async def system(
    scratch_database_url: str, amqp_url: str, empty_redis: str, todo_source: StubServer
) -> AsyncIterator[System]:
    api_port, fake_port = free_port_block(SERVICE_PORTS), free_port_block([0])
    env = {
        "DATABASE_URL": scratch_database_url,
        "AMQP_URL": amqp_url,
        "REDIS_URL": empty_redis,
        "API_PORT": str(api_port),
        "FAKE_TELEGRAM_PORT": str(fake_port),
        "JWT_SECRET": "s" * 40,
        "PASSWORD_HASH_TIME_COST": "1",
        "PASSWORD_HASH_MEMORY_KIB": "1024",
        "IMPORT_INTERVAL_SECONDS": "0",
        "IMPORT_SOURCE_URL": todo_source.url,
        "PRODUCER_INTERVAL_SECONDS": "0.2",
        # One person gets many reminders at once here; Telegram's one a second per chat would
        # make each wait its turn for longer than a stop takes.
        "TELEGRAM_CHAT_MESSAGES_PER_SECOND": "100",
    }
    # What an earlier test left in the queues names task ids that mean other tasks here.
    await empty_reminder_queues(amqp_url, LAUNCHED_RETRY_DELAYS)
    async with service_process("launcher", "todo_launcher", env) as launcher:
        await launcher.wait_for_output("everything is up", within_seconds=90)
        yield System(launcher, api_port, fake_port)
        if launcher.process.returncode is None:
            await launcher.stop(grace_seconds=60)


class Person:
    """Someone using the API and, in the fake Telegram, a chat with the bot."""

    def __init__(self, system: System, http: httpx.AsyncClient, chat_id: int) -> None:
        self.system, self.http, self.chat_id = system, http, chat_id

    async def say(self, text: str) -> str:
        """Type to the bot; its answer."""
        sent = len(await self.actions("send"))
        body = {"text": text, "user_id": self.chat_id, "token": "42:DEMO"}
        (
            await self.http.post(f"{self.system.fake}/_control/messages", json=body)
        ).raise_for_status()
        return (await self.actions("send", at_least=sent + 1))[sent]["text"]

    async def actions(self, kind: str, at_least: int = 0, within_seconds: int = 30) -> list[dict]:
        """What the bot did in the chat, waiting for `at_least` of them."""
        answer = await self.http.get(
            f"{self.system.fake}/_control/chats/{self.chat_id}/actions",
            params={"kind": kind, "min_count": at_least, "timeout": within_seconds},
            timeout=within_seconds + 10,
        )
        assert answer.status_code == 200, (
            f"the bot did not answer:\n{self.system.launcher.output()}"
        )
        return answer.json()["actions"]


async def sign_in_as_admin(http: httpx.AsyncClient, database_url: str) -> dict[str, str]:
    """Make an admin with task-api's own command, as an operator does; its auth header."""
    await run_command(
        *(sys.executable, "-m", "task_api", "create-admin", "root", "--password-stdin"),
        given=b"root password long enough\n",
        env={"DATABASE_URL": database_url, "JWT_SECRET": "s" * 40},
    )
    signed_in = await http.post(
        "/api/v1/auth/token", json={"username": "root", "password": "root password long enough"}
    )
    return {"Authorization": f"Bearer {signed_in.json()['access_token']}"}


async def sign_up_and_link(system: System, http: httpx.AsyncClient, account: dict) -> Person:
    """Sign up through the API and link a chat through the bot, as a person does."""
    assert (await http.post("/api/v1/auth/register", json=account)).status_code == 201
    tokens = (await http.post("/api/v1/auth/token", json=account)).json()
    http.headers["Authorization"] = f"Bearer {tokens['access_token']}"
    person = Person(system, http, chat_id=random.randrange(10**6, 10**9))
    code = (await http.post("/api/v1/users/me/telegram-link")).json()["code"]
    await person.say(f"/start {code}")
    me = (await http.get("/api/v1/users/me")).json()
    assert me["telegram_chat_id"] == person.chat_id
    return person


async def test_a_persons_day_and_a_clean_stop(system: System, scratch_database_url: str) -> None:
    async with httpx.AsyncClient(base_url=system.api, timeout=30) as http:
        account = {"username": "dana", "password": "correct horse battery"}
        dana = await sign_up_and_link(system, http, account)
        tokens = {"access_token": http.headers["Authorization"].removeprefix("Bearer ")}

        ws_url = system.api.replace("http", "ws") + f"/ws/tasks?token={tokens['access_token']}"
        async with connect(ws_url) as ws:
            assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "subscribed"
            by_api = await http.post("/api/v1/tasks", json={"title": "Pay rent"})
            assert by_api.status_code == 201
            event = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert (event["type"], event["data"]["task"]["title"]) == ("task_created", "Pay rent")

            await dana.say("/new Water the plants !!")
            event = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert event["data"]["task"]["title"] == "Water the plants"
            assert event["data"]["task"]["urgency"] == "very_urgent"

        await clock.travel(scratch_database_url, 3 * HOUR)
        sent = await dana.actions("send", at_least=3)
        [reminder] = [action for action in sent if action["text"].startswith("⏰")]
        assert reminder["text"].startswith("⏰ Water the plants")
        done = {
            "chat_id": dana.chat_id,
            "message_id": reminder["message_id"],
            "button_text": "✅ Done",
            "token": "42:DEMO",
        }
        (await http.post(f"{system.fake}/_control/callbacks", json=done)).raise_for_status()
        await dana.actions("answer_callback", at_least=1)

        async def plants_done() -> bool:
            tasks = (await http.get("/api/v1/tasks", params={"status": "done"})).json()
            return [t["title"] for t in tasks["items"]] == ["Water the plants"]

        await eventually(plants_done, within_seconds=10)

        admin = await sign_in_as_admin(http, scratch_database_url)
        imported = await http.post("/api/v1/task-generator/run", headers=admin)
        assert imported.status_code == 200, system.launcher.output()[-4000:]
        assert imported.json()["tasks_created"] == len(TODOS)

    started = time.monotonic()
    assert await system.launcher.stop(grace_seconds=60) == 0, system.launcher.output()
    output = system.launcher.output()
    assert "stopping" in output
    assert "exited with" not in output, output
    secrets = ["s" * 40, "42:DEMO", account["password"], tokens["access_token"]]
    assert [secret for secret in secrets if secret in output] == [], "a secret reached a log"
    assert time.monotonic() - started < 10, "the launcher and everything it ran stop within 10 s"


async def test_a_rabbitmq_restart_while_reminders_flow_loses_none_and_repeats_none(
    system: System, scratch_database_url: str, broker: TestBroker
) -> None:
    async with httpx.AsyncClient(base_url=system.api, timeout=30) as http:
        erin = await sign_up_and_link(system, http, {"username": "erin", "password": "x" * 12})
        titles = [f"before {n}" for n in range(REMINDERS_IN_FLIGHT)]
        for title in titles:
            created = await http.post(
                "/api/v1/tasks", json={"title": title, "urgency": "very_urgent"}
            )
            assert created.status_code == 201
        await http.put(f"{system.fake}/_control/latency", json={"seconds": 0.5})
        await clock.travel(scratch_database_url, 3 * HOUR)
        await erin.actions("send", at_least=1 + 5)  # the link's welcome, and reminders flowing
        await run_command("rabbitmqctl", "stop_app")
        try:
            sent_while_away = len(await erin.actions("send")) - 1
            for n in range(2):  # the outbox keeps their events while the broker is away
                titles.append(f"during {n}")
                created = await http.post(
                    "/api/v1/tasks", json={"title": titles[-1], "urgency": "very_urgent"}
                )
                assert created.status_code == 201, created.text
            assert (await http.get("/ready")).status_code == 503
        finally:
            await run_command("rabbitmqctl", "start_app")
            await run_command("rabbitmqctl", "await_startup")
        assert sent_while_away < REMINDERS_IN_FLIGHT, "every reminder went out before the stop"
        # The reminded tasks are due again only 5 h after their reminder: 2 h from then.
        await clock.travel(scratch_database_url, 3 * HOUR)

        # Producer, workers and relay reconnect by themselves: each reminder arrives, once.
        await erin.actions("send", at_least=1 + len(titles), within_seconds=120)
        await eventually(lambda: reminder_queue_empty(broker), within_seconds=30)
        sent = await erin.actions("send")
        reminded = sorted(a["text"].split("\n")[0] for a in sent if a["text"].startswith("⏰"))
        assert reminded == sorted(f"⏰ {title}" for title in titles)

        async def ready_and_every_event_published() -> bool:
            metrics = (await http.get("/metrics")).text
            backlog_empty = "\ntask_api_outbox_backlog_events 0.0\n" in metrics
            return backlog_empty and (await http.get("/ready")).status_code == 200

        await eventually(ready_and_every_event_published, within_seconds=30)


REMINDERS_IN_FLIGHT = 120
"""More than the fleet sends (25 a second) while `rabbitmqctl stop_app` takes effect."""


async def reminder_queue_empty(broker: TestBroker) -> bool:
    """Whether notifications.send holds no message, ready or in a worker's hands."""
    async with httpx.AsyncClient(base_url=broker.management_url, timeout=10) as management:
        queue = await management.get(
            f"/api/queues/{quote(broker.vhost, safe='')}/notifications.send"
        )
    return queue.json().get("messages", 1) == 0


async def test_sigterm_with_reminders_in_flight_loses_none_and_sends_none_twice(
    system: System, scratch_database_url: str, broker: TestBroker
) -> None:
    async with httpx.AsyncClient(base_url=system.api, timeout=30) as http:
        await sign_up_and_link(system, http, {"username": "gil", "password": "y" * 12})
        ids = set()
        for n in range(100):  # more than the two workers hold at once
            task = {"title": f"slow {n}", "urgency": "very_urgent"}
            ids.add((await http.post("/api/v1/tasks", json=task)).json()["id"])
        await http.put(f"{system.fake}/_control/latency", json={"seconds": 1.0})
        await clock.travel(scratch_database_url, 3 * HOUR)
        sent = await http.get(
            f"{system.fake}/_control/calls",
            params={"method": "sendMessage", "min_count": 3, "timeout": 30},
            timeout=40,
        )
        assert sent.status_code == 200
    assert await system.launcher.stop(grace_seconds=60) == 0, system.launcher.output()

    # Each reminder was either sent and recorded, or is still queued for the next worker.
    database = await asyncpg.connect(asyncpg_dsn(scratch_database_url))
    try:
        rows = await database.fetch("SELECT id FROM task WHERE last_notification IS NOT NULL")
    finally:
        await database.close()
    recorded = {row["id"] for row in rows}
    async with httpx.AsyncClient(base_url=broker.management_url, timeout=10) as management:
        peeked = await management.post(
            f"/api/queues/{quote(broker.vhost, safe='')}/notifications.send/get",
            json={"count": 200, "ackmode": "ack_requeue_true", "encoding": "auto"},
        )
    queued = {json.loads(message["payload"])["task_id"] for message in peeked.json()}
    assert recorded, "nothing was sent before the stop"
    assert queued, "everything was sent before the stop: nothing was in flight"
    assert recorded | queued == ids
    assert recorded & queued == set(), "a reminder both sent and still queued would come twice"


CLUSTERS = Path("/etc/postgresql")
LOCAL_VERSIONS = sorted(p.name for p in CLUSTERS.iterdir()) if CLUSTERS.is_dir() else []
LOCAL_CLUSTER = shutil.which("pg_ctlcluster") is not None and len(LOCAL_VERSIONS) == 1
"""Whether this machine runs PostgreSQL as one Debian cluster, which a test may restart."""
LOCAL_HOSTS = ("127.0.0.1", "localhost")


async def pg_ctlcluster(action: str) -> None:
    """Stop or start this machine's PostgreSQL cluster (the one `.ci/run` makes sure runs)."""
    await run_command(
        *("pg_ctlcluster", "--skip-systemctl-redirect", LOCAL_VERSIONS[0], "main", action),
        *(["-m", "fast"] if action == "stop" else []),
    )


async def test_a_postgresql_restart_answers_503_then_everything_recovers(
    system: System, scratch_database_url: str
) -> None:
    if not (LOCAL_CLUSTER and urlsplit(scratch_database_url).hostname in LOCAL_HOSTS):
        pytest.skip("the tests' PostgreSQL is not this machine's cluster: nothing to restart")
    async with httpx.AsyncClient(base_url=system.api, timeout=30) as http:
        hana = await sign_up_and_link(system, http, {"username": "hana", "password": "z" * 12})
        early = {"title": "before the outage", "urgency": "very_urgent"}
        assert (await http.post("/api/v1/tasks", json=early)).status_code == 201
        await pg_ctlcluster("stop")
        try:
            started = time.monotonic()
            listed = await http.get("/api/v1/tasks")
            created = await http.post("/api/v1/tasks", json={"title": "lost?"})
            took = time.monotonic() - started
            ready = await http.get("/ready")
        finally:
            await pg_ctlcluster("start")
        assert (listed.status_code, created.status_code) == (503, 503), listed.text
        assert "Retry-After" in listed.headers
        assert took < 15, "answers while the database is away come within its timeout"
        assert ready.json()["checks"]["postgresql"] != "ok"

        async def serving_again() -> bool:
            return (await http.get("/api/v1/tasks")).status_code == 200

        await eventually(serving_again, within_seconds=30)
        late = {"title": "after the outage", "urgency": "very_urgent"}
        assert (await http.post("/api/v1/tasks", json=late)).status_code == 201
        titles = [t["title"] for t in (await http.get("/api/v1/tasks")).json()["items"]]
        assert sorted(titles) == ["after the outage", "before the outage"], "nothing half-made"

        await clock.travel(scratch_database_url, 3 * HOUR)
        sent = await hana.actions("send", at_least=3, within_seconds=60)
        reminded = sorted(a["text"].split("\n")[0] for a in sent if a["text"].startswith("⏰"))
        assert reminded == ["⏰ after the outage", "⏰ before the outage"]
