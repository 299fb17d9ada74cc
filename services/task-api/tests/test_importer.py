"""The importer: todos from an outside API become tasks of its own user, once, or not at all."""

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from websockets.asyncio.client import connect

from task_api.admin import create_admin
from task_api.config import Settings
from task_api.errors import Conflict
from task_api.importer import IMPORT_LOCK
from task_api.main import create_app
from todo_shared.postgres import asyncpg_dsn
from todo_testkit.broker import tap_task_events
from todo_testkit.processes import free_port, serve_in_process
from todo_testkit.stub_http import StubAnswer, StubServer, stub_http_server
from todo_testkit.typing import Caller

RUN = "/api/v1/task-generator/run"
PASSWORD = "correct horse battery staple"


def todos(
    count: int, *, done: set[int] = frozenset(), titles: dict[int, str] | None = None
) -> bytes:
    """A body like jsonplaceholder's `/todos`."""
    titles = titles or {}
    return json.dumps(
        [
            {
                "userId": 1 + n // 20,
                "id": n,
                "title": titles.get(n, f"todo {n}"),
                "completed": n in done,
            }
            for n in range(1, count + 1)
        ]
    ).encode()


@pytest.fixture(scope="module")
async def source() -> AsyncIterator[StubServer]:
    async with stub_http_server("/todos") as stub:
        yield stub


@asynccontextmanager
async def importing_app(settings: Settings, **changes: object) -> AsyncIterator[FastAPI]:
    app = create_app(settings.model_copy(update={"import_timeout_seconds": 0.5, **changes}))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture(scope="module")
async def importer_app(settings: Settings, source: StubServer) -> AsyncIterator[FastAPI]:
    async with importing_app(settings, import_source_url=source.url) as app:
        yield app


MakeClient = Callable[[FastAPI, Caller], httpx.AsyncClient]


@pytest.fixture
async def client_of() -> AsyncIterator[MakeClient]:
    clients: list[httpx.AsyncClient] = []

    def make(app: FastAPI, caller: Caller) -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://task-api",
            headers={"Authorization": f"Bearer {caller.tokens['access_token']}"},
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


async def the_importer(admin: httpx.AsyncClient) -> dict:
    """The importer's account: the one account of the `importer` role."""
    users = (await admin.get("/api/v1/users", params={"limit": 1000})).json()["items"]
    [owner] = [user for user in users if user["role"] == "importer"]
    return owner


async def imported_tasks(admin: httpx.AsyncClient) -> list[dict]:
    owner = await the_importer(admin)
    listed = await admin.get("/api/v1/tasks", params={"user_id": owner["id"], "limit": 1000})
    return listed.json()["items"]


async def test_a_second_run_creates_nothing_and_changes_are_updated(
    importer_app: FastAPI,
    source: StubServer,
    admin: Caller,
    client_of: MakeClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    http = client_of(importer_app, admin)
    source.answer = StubAnswer(body=todos(30, done={2, 4}))
    with caplog.at_level(logging.INFO, logger="task_api.importer"):  # as the service logs
        first = await http.post(RUN)
    assert first.status_code == 200, first.text
    [done] = [r for r in caplog.records if r.getMessage() == "import done"]
    assert done.tasks_created == 30
    assert (first.json()["tasks_created"], first.json()["tasks_updated"]) == (30, 0)
    tasks = await imported_tasks(http)
    assert len(tasks) == 30
    by_title = {task["title"]: task for task in tasks}
    assert by_title["todo 2"]["status"] == "done"
    assert by_title["todo 1"]["description"] == "From external API: User 1"

    again = await http.post(RUN)
    assert (again.json()["tasks_created"], again.json()["tasks_updated"]) == (0, 0)

    source.answer = StubAnswer(body=todos(31, done={2, 3}, titles={1: "renamed"}))
    changed = await http.post(RUN)
    # todo 1 renamed, todo 3 finished, todo 4 reopened; todo 31 is new
    assert (changed.json()["tasks_created"], changed.json()["tasks_updated"]) == (1, 3)
    assert len(await imported_tasks(http)) == 31


async def test_a_run_is_announced_to_every_client(
    importer_app: FastAPI,
    source: StubServer,
    admin: Caller,
    person: Caller,
    client_of: MakeClient,
    amqp_url: str,
) -> None:
    source.answer = StubAnswer(body=todos(35))
    http = client_of(importer_app, admin)
    async with (
        serve_in_process(importer_app) as address,
        connect(f"ws://{address}/ws/tasks?token={person.tokens['access_token']}") as ws,
        tap_task_events(amqp_url) as tap,
    ):
        assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "subscribed"
        run = await http.post(RUN)
        created = run.json()["tasks_created"]
        events = await tap.collect_until(
            lambda got: bool(got) and got[-1].routing_key == "import.completed"
        )
        assert [m.routing_key for m in events].count("task.created") == created
        message = json.loads(await asyncio.wait_for(ws.recv(), 10))
        # The person sees no importer's task, only that the run finished.
        assert message == {"type": "background_task_completed", "data": {"created_count": created}}


BROKEN_SOURCES = [
    ("answers 500", StubAnswer(status=500, body=b"oops"), "answered 500"),
    ("is slow", StubAnswer(body=todos(3), delay_seconds=2), "did not answer in time"),
    ("sends malformed JSON", StubAnswer(body=b"{not json"), "malformed"),
    ("sends partial JSON", StubAnswer(body=todos(5)[:60]), "malformed"),
    ("sends something else", StubAnswer(body=b'{"todos": []}'), "malformed"),
    (
        "sends a todo without a title",
        StubAnswer(body=b'[{"userId": 1, "id": 1, "completed": true}]'),
        "title",
    ),
    (
        "sends a title PostgreSQL cannot store",
        StubAnswer(body=b'[{"userId": 1, "id": 1, "title": "a\\u0000b", "completed": true}]'),
        "title",
    ),
]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [case[1:] for case in BROKEN_SOURCES],
    ids=[case[0] for case in BROKEN_SOURCES],
)
async def test_a_broken_source_saves_nothing_and_says_why(
    importer_app: FastAPI,
    source: StubServer,
    admin: Caller,
    client_of: MakeClient,
    answer: StubAnswer,
    reason: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    http = client_of(importer_app, admin)
    before = len(await imported_tasks(http))
    source.answer = answer
    with caplog.at_level(logging.WARNING, logger="task_api.importer"):
        failed = await http.post(RUN)
    logged = [r for r in caplog.records if r.getMessage() == "import failed"]
    assert [reason in r.reason for r in logged] == [True], "an operator sees why it failed"
    assert failed.status_code == 502
    assert failed.json()["tasks_created"] == 0
    assert failed.json()["message"].startswith("import failed")
    assert reason in failed.json()["message"]
    assert len(await imported_tasks(http)) == before
    assert (await http.get("/health")).status_code == 200


async def test_a_source_that_is_down_is_reported(
    settings: Settings, admin: Caller, client_of: MakeClient
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/todos"
    async with importing_app(settings, import_source_url=nowhere) as app:
        failed = await client_of(app, admin).post(RUN)
    assert failed.status_code == 502
    assert "could not be reached" in failed.json()["message"]


async def test_only_admins_run_the_importer(
    importer_app: FastAPI, person: Caller, client_of: MakeClient
) -> None:
    assert (await client_of(importer_app, person).post(RUN)).status_code == 403


async def test_only_one_process_imports_at_a_time(
    importer_app: FastAPI,
    source: StubServer,
    admin: Caller,
    client_of: MakeClient,
    settings: Settings,
) -> None:
    source.answer = StubAnswer(body=todos(3))
    other_process = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        await other_process.execute("SELECT pg_advisory_lock($1)", IMPORT_LOCK)
        busy = await client_of(importer_app, admin).post(RUN)
    finally:
        await other_process.close()
    assert busy.status_code == 409
    assert "another process" in busy.json()["detail"]


async def test_the_periodic_import_runs_at_start(
    settings: Settings, source: StubServer, amqp_url: str
) -> None:
    source.answer = StubAnswer(body=todos(3))
    asked_before = source.requests
    async with (
        tap_task_events(amqp_url) as tap,
        importing_app(settings, import_source_url=source.url, import_interval_seconds=3600),
    ):
        await tap.collect_until(lambda got: bool(got) and got[-1].routing_key == "import.completed")
    assert source.requests == asked_before + 1


# The importer's name in other cases, with look-alike letters (a Cyrillic i, a small L),
# an accent, full-width letters.
LOOK_ALIKES = [
    "Importer",
    "IMPORTER",
    "\u0456mporter",
    "lmporter",
    "\u00edmporter",
    "\uff49mporter",
]


@pytest.mark.parametrize("name", LOOK_ALIKES)
async def test_nobody_signs_up_as_the_importer(anonymous: httpx.AsyncClient, name: str) -> None:
    body = {"username": name, "password": PASSWORD}
    answer = await anonymous.post("/api/v1/auth/register", json=body)
    assert answer.status_code == 409, answer.text
    assert answer.json() == {"detail": f"the username {name!r} is reserved"}


async def test_nobody_is_made_an_admin_under_the_importers_name(settings: Settings) -> None:
    with pytest.raises(Conflict):
        await create_admin(settings, "Importer", PASSWORD)


async def test_imported_tasks_belong_to_the_importer_whoever_took_its_name(
    importer_app: FastAPI,
    source: StubServer,
    admin: Caller,
    anonymous: httpx.AsyncClient,
    client_of: MakeClient,
) -> None:
    for name in LOOK_ALIKES:  # refused, as above; were one taken, it must not matter
        await anonymous.post("/api/v1/auth/register", json={"username": name, "password": PASSWORD})
    http = client_of(importer_app, admin)
    source.answer = StubAnswer(body=todos(3))
    assert (await http.post(RUN)).status_code == 200
    owner = await the_importer(http)
    assert (owner["username"], owner["email"], owner["telegram_chat_id"]) == (
        "importer",
        None,
        None,
    )
    assert len(await imported_tasks(http)) >= 3


async def test_nobody_becomes_the_importer_nor_changes_its_account(
    importer_app: FastAPI, source: StubServer, admin: Caller, person: Caller, client_of: MakeClient
) -> None:
    http = client_of(importer_app, admin)
    source.answer = StubAnswer(body=todos(1))
    assert (await http.post(RUN)).status_code == 200
    owner = await the_importer(http)
    made = await http.patch(f"/api/v1/users/{person.id}", json={"role": "importer"})
    assert made.status_code == 403
    for change in ({"role": "admin"}, {"telegram_chat_id": 42}, {"email": "me@example.org"}):
        changed = await http.patch(f"/api/v1/users/{owner['id']}", json=change)
        assert changed.status_code == 403, change
    assert await the_importer(http) == owner
