"""The small HTTP port of the services that serve no API: /health, /ready and /metrics.

The bot adds its webhook to the same app (`ops_app`), since the webhook must share the port.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

Check = Callable[[], Awaitable[str | None]]
"""Answers None when the dependency is there, or what is wrong with it."""

CHECK_TIMEOUT_SECONDS = 3.0


def ops_app(checks: Mapping[str, Check]) -> web.Application:
    """An app serving /health (always 200), /ready (200 when every check passes) and /metrics."""

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "healthy"})

    async def ready(_: web.Request) -> web.Response:
        results = await asyncio.gather(*(_outcome(check) for check in checks.values()))
        outcomes = dict(zip(checks, results, strict=True))
        ok = all(outcome == "ok" for outcome in outcomes.values())
        body = {"status": "ready" if ok else "not ready", "checks": outcomes}
        return web.json_response(body, status=200 if ok else 503)

    async def metrics(_: web.Request) -> web.Response:
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/health", health)
    app.router.add_get("/ready", ready)
    app.router.add_get("/metrics", metrics)
    return app


@asynccontextmanager
async def serving(app: web.Application, host: str, port: int) -> AsyncIterator[None]:
    """Serve `app` on host:port for the block, then stop, finishing the requests in hand."""
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    try:
        yield
    finally:
        await runner.cleanup()


@asynccontextmanager
async def ops_server(host: str, port: int, checks: Mapping[str, Check]) -> AsyncIterator[None]:
    """Serve /health, /ready and /metrics on host:port for the block."""
    async with serving(ops_app(checks), host, port):
        yield


async def _outcome(check: Check) -> str:
    """ "ok", what is wrong, or "no answer" when the check takes too long."""
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            problem = await check()
    except TimeoutError:
        return "no answer"
    return "ok" if problem is None else problem
