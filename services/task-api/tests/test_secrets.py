"""No secret and no password hash appears in any answer or any log line, even at DEBUG."""

import asyncpg
import httpx
from websockets.asyncio.client import connect

from task_api.config import Settings
from todo_shared.postgres import asyncpg_dsn
from todo_testkit.factories import new_chat_id, unique_name
from todo_testkit.processes import free_port, service_process, wait_until_healthy

PASSWORD = "my very secret passphrase"


async def walk_through_every_credential(http: httpx.AsyncClient, bot_secret: str) -> list[str]:
    """Sign up and in every way, fail, rotate, link a chat; the secrets this handled."""
    username = unique_name("secretive")
    credentials = {"username": username, "password": PASSWORD}
    await http.post("/api/v1/auth/register", json=credentials)
    await http.post("/api/v1/auth/register", json={**credentials, "password": "x" * 2000})
    await http.post("/api/v1/auth/token", json={**credentials, "password": "wrong " + PASSWORD})
    await http.post("/api/v1/auth/token", data=credentials)
    tokens = (await http.post("/api/v1/auth/token", json=credentials)).json()
    access = {"Authorization": f"Bearer {tokens['access_token']}"}
    code = (await http.post("/api/v1/users/me/telegram-link", headers=access)).json()["code"]
    bot = {"Authorization": f"Bearer {bot_secret}"}
    await http.post(
        "/api/v1/telegram/links", json={"chat_id": new_chat_id(), "code": code}, headers=bot
    )
    rotated = (
        await http.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    ).json()
    await http.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    await http.post("/api/v1/auth/logout", json={"refresh_token": rotated["refresh_token"]})
    await http.get("/api/v1/users/me", headers=access)
    address = str(http.base_url).removeprefix("http://").rstrip("/")
    async with connect(f"ws://{address}/ws/tasks?token={tokens['access_token']}"):
        pass
    return [tokens["access_token"], tokens["refresh_token"], rotated["refresh_token"], code]


async def test_no_secret_reaches_an_answer_or_a_log_line(settings: Settings) -> None:
    port = free_port()
    bot_secret = settings.service_tokens["telegram-bot"].get_secret_value()
    env = {
        "DATABASE_URL": settings.database_url,
        "AMQP_URL": settings.amqp_url,
        "PORT": str(port),
        "LOG_LEVEL": "DEBUG",
        "JWT_SECRET": settings.jwt_secret.get_secret_value(),
        "SERVICE_TOKENS": f'{{"telegram-bot": "{bot_secret}"}}',
        "PASSWORD_HASH_TIME_COST": "1",
        "PASSWORD_HASH_MEMORY_KIB": "1024",
    }
    answers: list[str] = []

    async def keep(response: httpx.Response) -> None:
        await response.aread()
        answers.append(f"{response.headers}\n{response.text}")

    async with service_process("task-api", "task_api", env) as api:
        base = f"http://127.0.0.1:{port}"
        await wait_until_healthy(api, f"{base}/health")
        async with httpx.AsyncClient(base_url=base, event_hooks={"response": [keep]}) as http:
            issued = await walk_through_every_credential(http, bot_secret)
        await api.stop()
        logs = api.output()

    assert "/api/v1/auth/token" in logs, "the walk was not logged at all"
    secrets = {
        "the password": PASSWORD,
        "a password hash": "$argon2",
        "the JWT secret": settings.jwt_secret.get_secret_value(),
        "the bot's secret": bot_secret,
    }
    for what, secret in secrets.items():
        assert secret not in logs, f"{what} was logged"
        for answer in answers:
            assert secret not in answer, f"{what} was in an answer"
    for token in issued:
        assert token not in logs, "an issued token or code was logged"


async def test_the_database_keeps_only_hashes(
    anonymous: httpx.AsyncClient, migrated_database_url: str
) -> None:
    username = unique_name("hashed")
    credentials = {"username": username, "password": PASSWORD}
    assert (await anonymous.post("/api/v1/auth/register", json=credentials)).status_code == 201
    tokens = (await anonymous.post("/api/v1/auth/token", json=credentials)).json()
    access = {"Authorization": f"Bearer {tokens['access_token']}"}
    code = (await anonymous.post("/api/v1/users/me/telegram-link", headers=access)).json()["code"]

    database = await asyncpg.connect(asyncpg_dsn(migrated_database_url))
    try:
        password_hash = await database.fetchval(
            "SELECT password_hash FROM app_user WHERE username = $1", username
        )
        stored = [
            *await database.fetch("SELECT * FROM refresh_token"),
            *await database.fetch("SELECT * FROM telegram_link_code"),
        ]
    finally:
        await database.close()
    assert password_hash.startswith("$argon2id$")
    everything = repr([dict(row) for row in stored]) + password_hash
    for secret in (PASSWORD, tokens["refresh_token"], code):
        assert secret not in everything
