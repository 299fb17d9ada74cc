"""task-api as an operator runs it: `python -m task_api`, over a real socket."""

import asyncio
import os
import sys
from asyncio.subprocess import PIPE, STDOUT

import httpx
import pytest

from task_api.config import Settings
from todo_testkit.factories import unique_name
from todo_testkit.processes import free_port, run_without, service_process, wait_until_healthy


async def test_the_service_serves_over_a_socket_and_stops_cleanly(settings: Settings) -> None:
    port = free_port()
    env = {
        "DATABASE_URL": settings.database_url,
        "AMQP_URL": settings.amqp_url,
        "PORT": str(port),
        "LOG_LEVEL": "info",
        "JWT_SECRET": settings.jwt_secret.get_secret_value(),
    }
    base = f"http://127.0.0.1:{port}"
    async with service_process("task-api", "task_api", env) as service:
        await wait_until_healthy(service, f"{base}/health")
        async with httpx.AsyncClient(base_url=base) as http:
            credentials = {"username": f"proc-{port}", "password": "a long password"}
            assert (await http.post("/api/v1/auth/register", json=credentials)).status_code == 201
            tokens = (await http.post("/api/v1/auth/token", json=credentials)).json()
            http.headers["Authorization"] = f"Bearer {tokens['access_token']}"
            created = await http.post("/api/v1/tasks", json={"title": "t"})
            assert created.status_code == 201
            fetched = await http.get(f"/api/v1/tasks/{created.json()['id']}")
            assert fetched.json() == created.json()
            assert (await http.get("/ready")).status_code == 200
        assert await service.stop() == 0
        assert '"service": "task-api"' in service.output()


async def test_migrate_builds_the_schema_and_exits(scratch_database_url: str) -> None:
    env = {"DATABASE_URL": scratch_database_url}
    async with service_process("migrate", "task_api", env, "migrate") as migration:
        assert await migration.process.wait() == 0, migration.output()


SECRETS = ("JWT_SECRET", "SERVICE_TOKENS")


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "JWT_SECRET: Field required"),
        ({"JWT_SECRET": "short"}, "JWT_SECRET: Value error, must be at least 32 characters"),
        (
            {"JWT_SECRET": "x" * 32, "SERVICE_TOKENS": '{"notifier": "s"}'},
            "SERVICE_TOKENS[notifier]: Value error, must be at least 32 characters",
        ),
    ],
    ids=["missing", "short", "a short service secret"],
)
async def test_a_missing_or_short_secret_is_one_line_naming_it(
    env: dict[str, str], named: str
) -> None:
    code, output = await run_without(SECRETS, "task_api", env=env)
    assert code == 1
    assert output.startswith(f"task-api cannot start: {named}")
    assert output.count("\n") == 1, output


async def test_help_describes_the_commands() -> None:
    async with service_process("help", "task_api", {}, "--help") as helped:
        assert await helped.process.wait() == 0
        assert "migrate" in helped.output()
        assert "DATABASE_URL" in helped.output()


async def run_create_admin(settings: Settings, username: str, password: str) -> tuple[int, str]:
    # As after the launcher: no JWT_SECRET in the shell, which a command signing no token needs not.
    env = {name: value for name, value in os.environ.items() if name not in SECRETS}
    env["DATABASE_URL"] = settings.database_url
    command = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "task_api",
        "create-admin",
        username,
        "--password-stdin",
        env=env,
        stdin=PIPE,
        stdout=PIPE,
        stderr=STDOUT,
    )
    output, _ = await command.communicate(f"{password}\n".encode())
    return command.returncode or 0, output.decode()


async def test_create_admin_makes_an_admin_who_can_sign_in(
    settings: Settings, anonymous: httpx.AsyncClient
) -> None:
    username = unique_name("operator")
    code, output = await run_create_admin(settings, username, "a long admin password")
    assert code == 0, output
    assert f"created the admin {username!r}" in output
    credentials = {"username": username, "password": "a long admin password"}
    tokens = (await anonymous.post("/api/v1/auth/token", json=credentials)).json()
    me = await anonymous.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.json()["role"] == "admin"


async def test_create_admin_refuses_a_short_password(settings: Settings) -> None:
    code, output = await run_create_admin(settings, unique_name("operator"), "short")
    assert code == 2
    assert "at least 10 characters" in output
