"""task-api's tests run against a real PostgreSQL database, migrated once a run."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from task_api import migrate
from task_api.config import Settings
from task_api.main import create_app
from todo_testkit.typing import Json, MakeJson


@pytest.fixture(scope="session")
async def migrated_database_url(database_url: str) -> str:
    """The run's database, with the schema at its latest migration."""
    await asyncio.to_thread(migrate.upgrade, database_url)
    return database_url


@pytest.fixture(scope="session")
def settings(migrated_database_url: str, amqp_url: str) -> Settings:
    """Settings pointing at the run's database and broker, ignoring any local `.env`."""
    return Settings(_env_file=None, database_url=migrated_database_url, amqp_url=amqp_url)


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The application, started as uvicorn would start it."""
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the application in-process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://task-api") as http:
        yield http


@pytest.fixture(scope="session")
async def engine(migrated_database_url: str) -> AsyncIterator[AsyncEngine]:
    """A connection pool for tests that look at the database directly."""
    database = create_async_engine(migrated_database_url)
    yield database
    await database.dispose()


@pytest.fixture
async def empty_tasks(engine: AsyncEngine) -> None:
    """No task in the database, for tests that count or claim across all tasks."""
    async with engine.begin() as connection:
        await connection.execute(text("DELETE FROM task"))


@pytest.fixture
def make_user(client: httpx.AsyncClient) -> MakeJson:
    """Create a user through the API; fields not given get unique or default values."""

    async def make(**fields: Any) -> Json:
        body = {"username": f"user-{uuid.uuid4().hex[:12]}", **fields}
        response = await client.post("/api/v1/users", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def make_task(client: httpx.AsyncClient, make_user: MakeJson) -> MakeJson:
    """Create a task through the API, for a new user unless `user_id` is given."""

    async def make(**fields: Any) -> Json:
        if "user_id" not in fields:
            fields["user_id"] = (await make_user())["id"]
        response = await client.post("/api/v1/tasks", json={"title": "Pay rent", **fields})
        assert response.status_code == 201, response.text
        return response.json()

    return make


TASK_MOMENTS = (
    "created_at",
    "updated_at",
    "started_at",
    "completed_at",
    "remind_at",
    "snoozed_until",
    "last_notification",
    "next_notification_at",
    "lease_expires_at",
)
Travel = Callable[[timedelta], Awaitable[None]]


@pytest.fixture
def travel(engine: AsyncEngine) -> Travel:
    """Let a test say "it is now this much later" without waiting.

    Every moment stored on every task moves back by the given time, which to task-api is the
    same as its clock moving forward: what was due in 13 hours is due now.
    """

    async def move_clock_forward(by: timedelta) -> None:
        shifted = ", ".join(
            f"{column} = {column} - CAST(:by AS interval)" for column in TASK_MOMENTS
        )
        async with engine.begin() as connection:
            await connection.execute(text(f"UPDATE task SET {shifted}"), {"by": by})

    return move_clock_forward
