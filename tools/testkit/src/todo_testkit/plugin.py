"""Session fixtures: a fresh PostgreSQL database and a fresh RabbitMQ vhost for each test run."""

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from todo_shared.postgres import asyncpg_dsn
from todo_testkit.broker import TestBroker
from todo_testkit.servers import RabbitMqServer, postgres_server, rabbitmq_server
from todo_testkit.task_api import RunningApi, api_env, running_task_api

RUN_ID = uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def _servers() -> Iterator[ExitStack]:
    with ExitStack() as stack:
        yield stack


@pytest.fixture(scope="session")
def postgres_server_url(_servers: ExitStack) -> str:
    """The URL of the PostgreSQL server the tests use (its maintenance database)."""
    return _servers.enter_context(postgres_server(_servers))


@pytest.fixture(scope="session")
async def database_url(postgres_server_url: str) -> AsyncIterator[str]:
    """A SQLAlchemy URL (`postgresql+asyncpg://`) of an empty database made for this run."""
    name = f"test_{RUN_ID}"
    await _on_server(postgres_server_url, f'CREATE DATABASE "{name}"')
    try:
        yield _with_path(postgres_server_url, name)
    finally:
        await _on_server(postgres_server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def scratch_database_url(postgres_server_url: str) -> AsyncIterator[str]:
    """A SQLAlchemy URL of an empty database of its own, dropped after the test."""
    name = f"test_{RUN_ID}_{uuid.uuid4().hex[:8]}"
    await _on_server(postgres_server_url, f'CREATE DATABASE "{name}"')
    try:
        yield _with_path(postgres_server_url, name)
    finally:
        await _on_server(postgres_server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _on_server(server_url: str, statement: str) -> None:
    """Run one statement on a connection of its own: a test may restart the server meanwhile."""
    admin = await asyncpg.connect(asyncpg_dsn(server_url))
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


@pytest.fixture(scope="session")
def rabbitmq_server_info(_servers: ExitStack) -> RabbitMqServer:
    """The RabbitMQ server the tests use."""
    return _servers.enter_context(rabbitmq_server(_servers))


@pytest.fixture(scope="session")
def broker(rabbitmq_server_info: RabbitMqServer) -> Iterator[TestBroker]:
    """A vhost made for this run, so runs never see each other's queues."""
    vhost = f"test-{RUN_ID}"
    parts = urlsplit(rabbitmq_server_info.amqp_url)
    user = parts.username or "guest"
    with httpx.Client(base_url=rabbitmq_server_info.management_url, timeout=10) as management:
        _check(lambda: management.put(f"/api/vhosts/{vhost}"))
        permissions = {"configure": ".*", "write": ".*", "read": ".*"}
        _check(lambda: management.put(f"/api/permissions/{vhost}/{user}", json=permissions))
        try:
            amqp_url = _with_path(rabbitmq_server_info.amqp_url, quote(vhost, safe=""))
            yield TestBroker(amqp_url, rabbitmq_server_info.management_url, vhost)
        finally:
            management.delete(f"/api/vhosts/{vhost}")


@pytest.fixture(scope="session")
def amqp_url(broker: TestBroker) -> str:
    """The AMQP URL of the run's vhost."""
    return broker.amqp_url


def _check(request: Callable[[], httpx.Response]) -> None:
    try:
        response = request()
    except httpx.TransportError as error:
        raise RuntimeError(
            f"RabbitMQ's management API could not be reached ({error!r}). The tests need the "
            "rabbitmq_management plugin (rabbitmq-plugins enable rabbitmq_management) or "
            "TEST_RABBITMQ_MANAGEMENT_URL."
        ) from error
    if response.is_error:
        raise RuntimeError(
            f"RabbitMQ's management API answered {response.status_code} to "
            f"{response.request.method} {response.request.url.path}: {response.text}. "
            "The tests need the rabbitmq_management plugin (rabbitmq-plugins enable "
            "rabbitmq_management) or TEST_RABBITMQ_MANAGEMENT_URL."
        )


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{path}"))


@pytest.fixture(scope="session")
async def task_api(database_url: str, amqp_url: str) -> AsyncIterator[RunningApi]:
    """task-api as a process on the run's database and broker, with every service's secret."""
    async with running_task_api(api_env(database_url, amqp_url)) as api:
        yield api


@pytest.fixture(scope="session")
async def redis_url() -> AsyncIterator[str]:
    """A Redis database of this run, emptied before and after (TEST_REDIS_URL, or the local)."""
    base = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"
    url = _with_path(base, str(1 + int(RUN_ID, 16) % 15))  # not 0, which people use by hand
    redis = Redis.from_url(url)
    try:
        await redis.ping()
    except RedisError as error:
        raise RuntimeError(
            f"The tests need a real Redis; none answered at {base} ({error!r}). "
            "Set TEST_REDIS_URL, e.g. redis://127.0.0.1:6379/0."
        ) from error
    await redis.flushdb()
    try:
        yield url
    finally:
        await redis.flushdb()
        await redis.aclose()
