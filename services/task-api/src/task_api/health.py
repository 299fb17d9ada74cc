"""Liveness and readiness: `/health` and `/ready`."""

from functools import partial

import aio_pika
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from todo_shared.readiness import CHECK_TIMEOUT_SECONDS, Readiness, readiness

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The service is up."""

    status: str


@router.get("/health")
async def health() -> Health:
    """Answers while the process runs; checks no dependency."""
    return Health(status="healthy")


@router.get("/ready", responses={503: {"model": Readiness, "description": "Not ready."}})
async def ready(request: Request) -> JSONResponse:
    """200 when PostgreSQL and RabbitMQ answer; 503 naming the ones that do not."""
    state = request.app.state
    answer = await readiness(
        {
            "postgresql": partial(_ping_database, state.engine),
            "rabbitmq": partial(_ping_broker, state.settings.amqp_url),
        }
    )
    return JSONResponse(answer.model_dump(), answer.status_code)


async def _ping_database(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def _ping_broker(url: str) -> None:
    connection = await aio_pika.connect(url, timeout=CHECK_TIMEOUT_SECONDS)
    await connection.close()
