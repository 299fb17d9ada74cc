"""The small HTTP port of the services that serve no API: /health, /ready and /metrics.

The bot adds its webhook to the same app (`ops_app`), since the webhook must share the port.
"""

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from todo_shared.readiness import Check, readiness


def ops_app(checks: Mapping[str, Check]) -> web.Application:
    """An app serving /health (always 200), /ready (200 when every check passes) and /metrics."""

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "healthy"})

    async def ready(_: web.Request) -> web.Response:
        answer = await readiness(checks)
        return web.json_response(answer.model_dump(), status=answer.status_code)

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
