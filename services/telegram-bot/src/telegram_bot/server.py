"""The bot's HTTP port: /health, /ready, /metrics, and in webhook mode the webhook too.

`todo_shared.ops_server` serves the same three routes for the other services, but on an app of
its own, and a webhook must share this port; the routes are built here on an app the bot adds to.
"""

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from todo_shared.ops_server import CHECK_TIMEOUT_SECONDS, Check


def ops_app(checks: Mapping[str, Check]) -> web.Application:
    """An app serving /health (always 200), /ready (200 when every check passes) and /metrics."""

    async def health(_: web.Request) -> web.Response:
        """Alive: no dependency is checked."""
        return web.json_response({"status": "healthy"})

    async def ready(_: web.Request) -> web.Response:
        """Whether every dependency answers, and what is wrong with those that do not."""
        results = await asyncio.gather(*(_outcome(check) for check in checks.values()))
        outcomes = dict(zip(checks, results, strict=True))
        ok = all(outcome == "ok" for outcome in outcomes.values())
        body = {"status": "ready" if ok else "not ready", "checks": outcomes}
        return web.json_response(body, status=200 if ok else 503)

    async def metrics(_: web.Request) -> web.Response:
        """The Prometheus metrics of this process."""
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


async def _outcome(check: Check) -> str:
    """ "ok", what is wrong, or "no answer" when the check takes too long."""
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            problem = await check()
    except TimeoutError:
        return "no answer"
    return "ok" if problem is None else problem
