"""task-api's tests run against a real PostgreSQL database, migrated once a run.

Callers come ready-made: `anonymous` (no token), `make_person()` (signed up and signed in),
`admin`, and the services (`producer`, `worker`, `make_bot_client(chat_id)`).
"""

import asyncio
import functools
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from fake_smtp import FakeSmtp
from task_api import migrate
from task_api.admin import create_admin
from task_api.config import Settings
from task_api.main import create_app
from todo_testkit import clock
from todo_testkit.factories import new_chat_id, unique_name
from todo_testkit.task_api import verification_code
from todo_testkit.typing import Caller, Json, MakeCaller, MakeJson

SERVICE_TOKENS = {
    "notifier-producer": secrets.token_hex(32),
    "notifier-worker": secrets.token_hex(32),
    "telegram-bot": secrets.token_hex(32),
}
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
async def migrated_database_url(database_url: str) -> str:
    """The run's database, with the schema at its latest migration."""
    await asyncio.to_thread(migrate.upgrade, database_url)
    return database_url


@pytest.fixture(scope="session")
async def mailbox() -> AsyncIterator[FakeSmtp]:
    """The run's SMTP server, and what task-api has mailed to it."""
    async with FakeSmtp.running() as smtp:
        yield smtp


@pytest.fixture(scope="session")
def settings(migrated_database_url: str, amqp_url: str, mailbox: FakeSmtp) -> Settings:
    """Settings for the run's database and broker, ignoring any local `.env`.

    Password hashing is made cheap: argon2id at its real cost takes 100 ms a hash. New people
    get no quiet hours, so that no reminder waits for the morning when the suite runs at night;
    the tests of quiet hours set them. Mail goes to the run's SMTP server. Dead letters stay in
    their queue, where the notifier's tests (in the same run) look for them.
    """
    return Settings(
        _env_file=None,
        database_url=migrated_database_url,
        amqp_url=amqp_url,
        jwt_secret=secrets.token_hex(32),
        service_tokens=SERVICE_TOKENS,
        password_hash_time_cost=1,
        password_hash_memory_kib=1024,
        login_failures_per_minute=5,
        login_failures_per_address_per_minute=12,
        import_interval_seconds=0,
        file_dead_letters=False,  # test_dead_letters files them; the notifier's tests read them
        default_quiet_hours="off",
        smtp_host="127.0.0.1",
        smtp_port=mailbox.smtp_port,
        smtp_security="none",
        mail_from="Todo Nudge <nudge@todo.test>",
        email_code_interval=timedelta(0),  # test_email_verification tests the interval itself
        public_url="http://task-api",
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    """The application, started as uvicorn would start it."""
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


MakeClient = Callable[..., httpx.AsyncClient]


@pytest.fixture
async def make_client(app: FastAPI) -> AsyncIterator[MakeClient]:
    """Make HTTP clients of the in-process app: with a bearer token, headers, a client address."""
    clients: list[httpx.AsyncClient] = []

    def make(
        token: str | None = None, headers: dict[str, str] | None = None, address: str = "127.0.0.1"
    ) -> httpx.AsyncClient:
        sent = dict(headers or {})
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        transport = httpx.ASGITransport(app=app, client=(address, 50000))
        client = httpx.AsyncClient(transport=transport, base_url="http://task-api", headers=sent)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def anonymous(make_client: MakeClient) -> httpx.AsyncClient:
    """A client without credentials."""
    return make_client()


@pytest.fixture
def make_person(anonymous: httpx.AsyncClient, make_client: MakeClient) -> MakeCaller:
    """Sign a new person up and in; fields not given get unique or default values."""

    async def make(**fields: Any) -> Caller:
        body = {"username": unique_name("user"), "password": PASSWORD, **fields}
        signed_up = await anonymous.post("/api/v1/auth/register", json=body)
        assert signed_up.status_code == 201, signed_up.text
        credentials = {"username": body["username"], "password": body["password"]}
        tokens = (await anonymous.post("/api/v1/auth/token", json=credentials)).json()
        return Caller(signed_up.json(), make_client(tokens["access_token"]), tokens)

    return make


@pytest.fixture
async def person(make_person: MakeCaller) -> Caller:
    """A person with an account of their own."""
    return await make_person()


@pytest.fixture
async def admin(
    settings: Settings, anonymous: httpx.AsyncClient, make_client: MakeClient
) -> Caller:
    """A person with the admin role, made the way an operator makes one."""
    username = unique_name("admin")
    await create_admin(settings, username, PASSWORD)
    credentials = {"username": username, "password": PASSWORD}
    tokens = (await anonymous.post("/api/v1/auth/token", json=credentials)).json()
    client = make_client(tokens["access_token"])
    return Caller((await client.get("/api/v1/users/me")).json(), client, tokens)


@pytest.fixture
def make_linked_person(make_person: MakeCaller, admin: Caller) -> MakeCaller:
    """A person whose account an admin linked to a Telegram chat, so reminders can reach them."""

    async def make(**fields: Any) -> Caller:
        caller = await make_person(**fields)
        linked = await admin.client.patch(
            f"/api/v1/users/{caller.id}", json={"telegram_chat_id": new_chat_id()}
        )
        assert linked.status_code == 200, linked.text
        caller.user = linked.json()
        return caller

    return make


VerifyAddress = Callable[[Caller], Awaitable[str]]


@pytest.fixture
def verify_address(mailbox: FakeSmtp) -> VerifyAddress:
    """Give a person a new address and verify it with the code mailed to it; the address."""

    async def verify(caller: Caller) -> str:
        address = f"{unique_name('mail')}@example.org"
        changed = await caller.client.patch("/api/v1/users/me", json={"email": address})
        assert changed.status_code == 200, changed.text
        code = verification_code(mailbox.messages(to=address)[-1].text)
        verified = await caller.client.post(
            "/api/v1/users/me/email/verification", json={"code": code}
        )
        assert verified.json()["email_verified"] is True, verified.text
        caller.user = verified.json()
        return address

    return verify


@pytest.fixture
def producer(make_client: MakeClient) -> httpx.AsyncClient:
    """The notifier-producer service."""
    return make_client(SERVICE_TOKENS["notifier-producer"])


@pytest.fixture
def worker(make_client: MakeClient) -> httpx.AsyncClient:
    """The notifier-worker service."""
    return make_client(SERVICE_TOKENS["notifier-worker"])


@pytest.fixture
def bot(make_client: MakeClient) -> httpx.AsyncClient:
    """The telegram-bot service, acting for no chat."""
    return make_client(SERVICE_TOKENS["telegram-bot"])


@pytest.fixture
def make_bot_client(make_client: MakeClient) -> Callable[[int], httpx.AsyncClient]:
    """The telegram-bot service acting for the user linked to a chat."""
    return lambda chat_id: make_client(
        SERVICE_TOKENS["telegram-bot"], headers={"X-Telegram-Chat-Id": str(chat_id)}
    )


@pytest.fixture
def make_task(person: Caller) -> MakeJson:
    """Create a task through the API, as `caller` (the `person` fixture unless given)."""

    async def make(caller: Caller | None = None, **fields: Any) -> Json:
        client = (caller or person).client
        response = await client.post("/api/v1/tasks", json={"title": "Pay rent", **fields})
        assert response.status_code == 201, response.text
        return response.json()

    return make


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


Travel = Callable[[timedelta], Awaitable[None]]


@pytest.fixture
def travel(migrated_database_url: str) -> Travel:
    """Let a test say "it is now this much later" without waiting (see todo_testkit.clock)."""
    return functools.partial(clock.travel, migrated_database_url)
