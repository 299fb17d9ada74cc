"""A local HTTP server standing in for an outside API, told per test how to behave."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class StubAnswer:
    """How the stub answers: a status, a body, and how long it takes first."""

    status: int = 200
    body: bytes = b"[]"
    content_type: str = "application/json"
    delay_seconds: float = 0.0


@dataclass
class StubServer:
    """A running stub: its URL, what it answers now, and how often it was asked."""

    url: str
    answer: StubAnswer = field(default_factory=StubAnswer)
    requests: int = 0


@asynccontextmanager
async def stub_http_server(path: str = "/") -> AsyncIterator[StubServer]:
    """Serve `path` on a free port of 127.0.0.1 until the block ends."""
    stub = StubServer(url="")

    async def handle(_: web.Request) -> web.Response:
        stub.requests += 1
        answer = stub.answer
        if answer.delay_seconds:
            await asyncio.sleep(answer.delay_seconds)  # the stub plays a slow source
        return web.Response(
            status=answer.status, body=answer.body, content_type=answer.content_type
        )

    app = web.Application()
    app.router.add_get(path, handle)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    stub.url = f"http://127.0.0.1:{port}{path}"
    try:
        yield stub
    finally:
        await runner.cleanup()
