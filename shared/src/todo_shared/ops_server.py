"""The small HTTP port of the services that serve no API: /health, /ready and /metrics."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

Check = Callable[[], Awaitable[str | None]]
"""Answers None when the dependency is there, or what is wrong with it."""

CHECK_TIMEOUT_SECONDS = 3.0


@asynccontextmanager
async def ops_server(host: str, port: int, checks: Mapping[str, Check]) -> AsyncIterator[None]:
    """Serve /health (always 200), /ready (200 when every check passes) and /metrics."""

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "healthy"})

    async def ready(_: web.Request) -> web.Response:
        outcomes = {name: await _outcome(check) for name, check in checks.items()}
        ok = all(outcome == "ok" for outcome in outcomes.values())
        body = {"status": "ready" if ok else "not ready", "checks": outcomes}
        return web.json_response(body, status=200 if ok else 503)

    async def metrics(_: web.Request) -> web.Response:
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/health", health)
    app.router.add_get("/ready", ready)
    app.router.add_get("/metrics", metrics)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    try:
        yield
    finally:
        await runner.cleanup()


async def _outcome(check: Check) -> str:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            problem = await check()
    except TimeoutError:
        return "no answer"
    return "ok" if problem is None else problem
