"""`WS /ws/tasks`: a person's live task events, over a real socket."""

import asyncio
import base64
import contextlib
import json
import os
import socket
import struct
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from task_api.config import Settings
from task_api.main import create_app
from task_api.websocket import EXPIRED
from todo_testkit.processes import (
    free_port,
    memory_mib,
    serve_in_process,
    service_process,
    wait_until_healthy,
)
from todo_testkit.typing import Caller, MakeCaller, MakeJson

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
async def address(app: FastAPI) -> AsyncIterator[str]:
    """The session's app, served on a socket."""
    async with serve_in_process(app) as served:
        yield served


async def receive(ws: ClientConnection, within_seconds: float = 10) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(ws.recv(), within_seconds))


async def subscribed(ws: ClientConnection) -> ClientConnection:
    """The client, once the server said its events are on their way (its first message)."""
    assert await receive(ws) == {"type": "subscribed", "data": {}}
    return ws


async def close_code(ws: ClientConnection) -> tuple[int, str]:
    """Read until the server closes; the code and reason it closed with."""
    with contextlib.suppress(ConnectionClosed):
        while True:
            await asyncio.wait_for(ws.recv(), 10)
    assert ws.close_code is not None, "closed without a close frame"
    return ws.close_code, ws.close_reason or ""


async def test_a_person_sees_the_life_of_their_task(
    address: str, person: Caller, make_task: MakeJson
) -> None:
    token = person.tokens["access_token"]
    async with connect(f"ws://{address}/ws/tasks?token={token}") as ws:
        await subscribed(ws)
        task = await make_task(title="live")
        assert await receive(ws) == {"type": "task_created", "data": {"task": task}}
        updated = (
            await person.client.patch(f"/api/v1/tasks/{task['id']}", json={"title": "x"})
        ).json()
        assert await receive(ws) == {"type": "task_updated", "data": {"task": updated}}
        await person.client.delete(f"/api/v1/tasks/{task['id']}")
        assert await receive(ws) == {"type": "task_deleted", "data": {"task_id": task["id"]}}


async def test_the_token_may_come_as_the_first_message(
    address: str, person: Caller, make_task: MakeJson
) -> None:
    async with connect(f"ws://{address}/ws/tasks") as ws:
        await ws.send(json.dumps({"token": person.tokens["access_token"]}))
        await subscribed(ws)
        task = await make_task()
        assert (await receive(ws))["data"]["task"]["id"] == task["id"]


async def test_a_person_never_sees_another_persons_tasks(
    address: str, make_person: MakeCaller, make_task: MakeJson
) -> None:
    alice, mallory = await make_person(), await make_person()
    async with connect(f"ws://{address}/ws/tasks?token={mallory.tokens['access_token']}") as ws:
        await subscribed(ws)
        await make_task(alice, title="Alice's")
        marker = await make_task(mallory, title="Mallory's")
        # Events arrive in the order of the changes: Alice's would have come first.
        assert (await receive(ws))["data"]["task"]["id"] == marker["id"]


async def test_an_admin_sees_every_task(
    address: str, admin: Caller, person: Caller, make_task: MakeJson
) -> None:
    async with connect(f"ws://{address}/ws/tasks?token={admin.tokens['access_token']}") as ws:
        await subscribed(ws)
        task = await make_task(person)
        assert (await receive(ws))["data"]["task"]["id"] == task["id"]


@pytest.mark.parametrize(
    ("query", "first_message"),
    [("", json.dumps({"hello": "there"})), ("?token=forged", None), ("", "not json")],
    ids=["no token", "bad token", "garbage first"],
)
async def test_without_a_valid_token_the_socket_closes_with_1008(
    address: str, query: str, first_message: str | None
) -> None:
    async with connect(f"ws://{address}/ws/tasks{query}") as ws:
        if first_message is not None:
            await ws.send(first_message)
        code, _ = await close_code(ws)
        assert code == 1008


@pytest.fixture
async def impatient(settings: Settings) -> AsyncIterator[str]:
    """An API process that lets a WebSocket client fall only 3 events behind."""
    app = create_app(settings.model_copy(update={"ws_queue_size": 3}))
    async with (
        app.router.lifespan_context(app),
        serve_in_process(app, send_buffer_bytes=8192) as served,
    ):
        await asyncio.wait_for(app.state.hub.connected.wait(), 10)
        yield served


@asynccontextmanager
async def stalled_client(
    address: str, path: str
) -> AsyncIterator[tuple[asyncio.StreamReader, Callable[[], None]]]:
    """A WebSocket client that opens the connection, then reads nothing until resumed.

    A client library keeps reading its socket in the background; a raw socket that stops
    reading is what a stuck phone on a bad network looks like to the server. Yields the
    reader and the function that makes the client read again.
    """
    host, port = address.split(":")
    reader, writer = await asyncio.open_connection(host, int(port), limit=2**22)
    writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    key = base64.b64encode(os.urandom(16)).decode()
    handshake = [
        f"GET {path} HTTP/1.1",
        f"Host: {address}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
    ]
    writer.write(("\r\n".join(handshake) + "\r\n\r\n").encode())
    assert (await reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 101")
    writer.transport.pause_reading()
    try:
        yield reader, writer.transport.resume_reading
    finally:
        writer.close()


EVENTS = 60
CLOSE_1013 = struct.pack("!H", 1013)


async def test_a_slow_client_is_dropped_and_slows_nobody(
    impatient: str, person: Caller, make_task: MakeJson
) -> None:
    token = person.tokens["access_token"]
    task = await make_task()
    received = 0
    async with (
        stalled_client(impatient, f"/ws/tasks?token={token}") as (stalled, resume),
        connect(f"ws://{impatient}/ws/tasks?token={token}") as fast,
    ):
        await subscribed(fast)
        # Each event carries the task, so a long description backs the stalled socket up soon.
        for n in range(EVENTS):
            description = f"{n} " + "x" * 9_000
            answer = await person.client.patch(
                f"/api/v1/tasks/{task['id']}", json={"description": description}
            )
            assert answer.status_code == 200
            await receive(fast)  # a client that keeps up is never dropped
            received += 1
        resume()
        stream = await asyncio.wait_for(stalled.readuntil(b"events behind"), 10)
    assert CLOSE_1013 + b"too slow: fell more than 3 events behind" in stream
    assert stream.count(b'"task_updated"') < EVENTS
    assert received == EVENTS


async def create_and_see_it(ws: ClientConnection, api: str, token: str, title: str) -> None:
    """Create a task through the API at `api`; the client on `ws` must be told of it."""
    async with httpx.AsyncClient(base_url=api) as http:
        created = await http.post(
            "/api/v1/tasks", json={"title": title}, headers={"Authorization": f"Bearer {token}"}
        )
    assert await receive(ws) == {"type": "task_created", "data": {"task": created.json()}}


def process_env(settings: Settings) -> dict[str, str]:
    """What a task-api process needs to share the tests' database, broker and secret."""
    return {
        "DATABASE_URL": settings.database_url,
        "AMQP_URL": settings.amqp_url,
        "JWT_SECRET": settings.jwt_secret.get_secret_value(),
        "IMPORT_INTERVAL_SECONDS": "0",
    }


async def test_a_change_through_one_process_reaches_a_client_of_another(
    settings: Settings, person: Caller
) -> None:
    env = process_env(settings)
    first_port, second_port = free_port(), free_port()
    async with (
        service_process("task-api-1", "task_api", {**env, "PORT": str(first_port)}) as first,
        service_process("task-api-2", "task_api", {**env, "PORT": str(second_port)}) as second,
    ):
        await wait_until_healthy(first, f"http://127.0.0.1:{first_port}/ready")
        await wait_until_healthy(second, f"http://127.0.0.1:{second_port}/ready")
        token = person.tokens["access_token"]
        async with connect(f"ws://127.0.0.1:{second_port}/ws/tasks?token={token}") as ws:
            await subscribed(ws)
            await create_and_see_it(
                ws, f"http://127.0.0.1:{first_port}", token, "through the first"
            )


async def test_a_flood_of_client_messages_does_not_grow_the_servers_memory(
    settings: Settings, person: Caller
) -> None:
    env = {**process_env(settings), "PORT": str(port := free_port())}
    token = person.tokens["access_token"]
    chunk = "x" * 4096
    flood_mib = 64
    async with service_process("task-api", "task_api", env) as api:
        await wait_until_healthy(api, f"http://127.0.0.1:{port}/ready")
        async with connect(f"ws://127.0.0.1:{port}/ws/tasks?token={token}") as ws:
            await subscribed(ws)
            for _ in range(256):  # warm up: what the first messages make the process allocate
                await ws.send(chunk)
            before = memory_mib(api.process.pid)
            for _ in range(flood_mib * 256):  # sends wait while the server does not read
                await ws.send(chunk)
            after = memory_mib(api.process.pid)
            await create_and_see_it(ws, f"http://127.0.0.1:{port}", token, "after the flood")
    assert after - before < flood_mib / 4, f"{after - before:.1f} MiB more after {flood_mib} MiB"


SHORT_TTL = timedelta(seconds=3)


@pytest.fixture
async def short_lived(settings: Settings) -> AsyncIterator[str]:
    """An API process whose access tokens live 3 seconds."""
    app = create_app(settings.model_copy(update={"access_token_ttl": SHORT_TTL}))
    async with app.router.lifespan_context(app), serve_in_process(app) as served:
        await asyncio.wait_for(app.state.hub.connected.wait(), 10)
        yield served


async def short_token(address: str, person: Caller) -> str:
    """An access token of `person` from the process at `address`."""
    credentials = {"username": person.user["username"], "password": PASSWORD}
    async with httpx.AsyncClient(base_url=f"http://{address}") as http:
        answer = await http.post("/api/v1/auth/token", json=credentials)
    assert answer.json()["expires_in"] == SHORT_TTL.total_seconds()
    return answer.json()["access_token"]


@pytest.mark.parametrize("sends_another_persons_token", [False, True])
async def test_a_socket_closes_when_its_token_expires(
    short_lived: str, make_person: MakeCaller, sends_another_persons_token: bool
) -> None:
    person, other = await make_person(), await make_person()
    async with connect(
        f"ws://{short_lived}/ws/tasks?token={await short_token(short_lived, person)}"
    ) as ws:
        if sends_another_persons_token:  # a fresh token must be the same person's
            await ws.send(json.dumps({"token": other.tokens["access_token"]}))
        code, reason = await close_code(ws)
    assert (code, reason) == (1008, EXPIRED)


async def test_a_fresh_token_keeps_the_socket_open(
    short_lived: str, person: Caller, make_task: MakeJson
) -> None:
    token = await short_token(short_lived, person)
    async with (
        connect(f"ws://{short_lived}/ws/tasks?token={token}") as expiring,
        connect(f"ws://{short_lived}/ws/tasks?token={token}") as renewed,
    ):
        await subscribed(renewed)
        await renewed.send(json.dumps({"token": person.tokens["access_token"]}))
        assert await close_code(expiring) == (1008, EXPIRED)
        # The first token has expired, and the socket that was given a fresh one lives on.
        task = await make_task()
        assert await receive(renewed) == {"type": "task_created", "data": {"task": task}}
