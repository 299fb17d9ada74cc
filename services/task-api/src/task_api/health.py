"""Liveness and readiness: `/health` and `/ready`."""

import asyncio
from collections.abc import Awaitable

import aio_pika
from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

router = APIRouter(tags=["health"])

CHECK_TIMEOUT_SECONDS = 3.0


class Health(BaseModel):
    """The service is up."""

    status: str


class Readiness(BaseModel):
    """Whether each dependency answers; `status` is "ready" only when all do."""

    status: str
    checks: dict[str, str]


@router.get("/health")
async def health() -> Health:
    """Answers while the process runs; checks no dependency."""
    return Health(status="healthy")


@router.get("/ready", responses={503: {"model": Readiness, "description": "Not ready."}})
async def ready(request: Request) -> JSONResponse:
    """200 when PostgreSQL and RabbitMQ answer; 503 naming the ones that do not."""
    checks = {
        "postgresql": await _check(_ping_database(request)),
        "rabbitmq": await _check(_ping_broker(request.app.state.settings.amqp_url)),
    }
    ok = all(outcome == "ok" for outcome in checks.values())
    body = Readiness(status="ready" if ok else "not ready", checks=checks)
    code = status.HTTP_200_OK if ok else status.HTTP_503_SERVICE_UNAVAILABLE
    return JSONResponse(body.model_dump(), code)


async def _check(probe: Awaitable[None]) -> str:
    try:
        await asyncio.wait_for(probe, CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        return "no answer"
    except Exception as error:  # any failure means "not ready", and its kind is what helps
        return f"unavailable: {type(error).__name__}"
    return "ok"


async def _ping_database(request: Request) -> None:
    async with request.app.state.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def _ping_broker(url: str) -> None:
    connection = await aio_pika.connect(url, timeout=CHECK_TIMEOUT_SECONDS)
    await connection.close()
