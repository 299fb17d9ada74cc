"""Request ids and Prometheus metrics: what an operator follows a request and the API by.

Every request gets an id (the caller's `X-Request-ID` when it sends a sane one): it is in the
answer's headers and in every log line written while the request is served, and the notifier
carries the producer's into the messages of the reminders it claimed.
"""

import asyncio
import contextlib
import re
import time
from typing import Any

import asyncpg
from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from task_api.relay import backlog
from todo_shared.logs import REQUEST_ID_HEADER, new_request_id, request_id

router = APIRouter(tags=["health"])

REQUESTS = Counter(
    "task_api_requests_total", "HTTP requests answered, by route and status.", ["route", "status"]
)
LATENCY = Histogram(
    "task_api_request_seconds",
    "How long HTTP requests took to answer, by route.",
    ["route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
OUTBOX_BACKLOG = Gauge(
    "task_api_outbox_backlog_events", "Task events committed but not yet published to RabbitMQ."
)

_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_HEADER = REQUEST_ID_HEADER.lower().encode()


class RequestObserver:
    """ASGI middleware: a request id for each request, and its count and latency by route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(_HEADER, b"").decode("latin-1")
        current = given if _SANE_ID.fullmatch(given) else new_request_id()
        token = request_id.set(current)
        status = 500  # what the caller sees when the app fails before it answers
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (_HEADER, current.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = _route_of(scope)
            REQUESTS.labels(route, str(status)).inc()
            LATENCY.labels(route).observe(time.perf_counter() - started)
            request_id.reset(token)


def _route_of(scope: dict[str, Any]) -> str:
    """The route's template (`/api/v1/tasks/{task_id}`), so ids do not each make a series."""
    route = scope.get("route")
    return getattr(route, "path", "unmatched")


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Prometheus metrics of this process, the outbox backlog read now (if PostgreSQL answers)."""
    with contextlib.suppress(OSError, TimeoutError, asyncpg.PostgresError):
        async with asyncio.timeout(2):
            OUTBOX_BACKLOG.set(await backlog(request.app.state.pool))
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
