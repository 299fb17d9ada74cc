"""task-api as a real process, for the tests of the services that call it."""

import json
import re
import secrets
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx

from todo_testkit.factories import new_chat_id, unique_name
from todo_testkit.processes import free_port, service_process, wait_until_healthy
from todo_testkit.typing import Caller

SERVICES = ("notifier-producer", "notifier-worker", "telegram-bot")
PASSWORD = "correct horse battery staple"


@dataclass
class RunningApi:
    """A task-api process: where it listens and the secrets it was started with."""

    base_url: str
    service_tokens: dict[str, str]
    jwt_secret: str
    env: dict[str, str] = field(repr=False)

    async def sign_up(self, **fields: object) -> Caller:
        """A new person, signed up and in; their client calls this API with their token."""
        body = {"username": unique_name("person"), "password": PASSWORD, **fields}
        anonymous = httpx.AsyncClient(base_url=self.base_url)
        signed_up = await anonymous.post("/api/v1/auth/register", json=body)
        assert signed_up.status_code == 201, signed_up.text
        credentials = {"username": body["username"], "password": body["password"]}
        tokens = (await anonymous.post("/api/v1/auth/token", json=credentials)).json()
        await anonymous.aclose()
        client = httpx.AsyncClient(
            base_url=self.base_url, headers={"Authorization": f"Bearer {tokens['access_token']}"}
        )
        return Caller(signed_up.json(), client, tokens)

    async def sign_up_linked(self, chat_id: int | None = None, **fields: object) -> Caller:
        """A new person whose Telegram chat is linked, the way the bot links one."""
        person = await self.sign_up(**fields)
        code = (await person.client.post("/api/v1/users/me/telegram-link")).json()["code"]
        chat = chat_id if chat_id is not None else new_chat_id()
        async with httpx.AsyncClient(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {self.service_tokens['telegram-bot']}"},
        ) as bot:
            linked = await bot.post("/api/v1/telegram/links", json={"chat_id": chat, "code": code})
        assert linked.status_code == 200, linked.text
        person.user = linked.json()
        return person


def api_env(database_url: str, amqp_url: str, **extra: str) -> dict[str, str]:
    """The environment of a task-api process for tests: fresh secrets, cheap password hashing,
    and no quiet hours for new people, so that no reminder waits for the morning at night.
    Dead letters stay in `notifications.dead`, where the notifier's tests look for them."""
    tokens = {service: secrets.token_hex(32) for service in SERVICES}
    return {
        "DATABASE_URL": database_url,
        "AMQP_URL": amqp_url,
        "JWT_SECRET": secrets.token_hex(32),
        "SERVICE_TOKENS": json.dumps(tokens),
        "PASSWORD_HASH_TIME_COST": "1",
        "PASSWORD_HASH_MEMORY_KIB": "1024",
        "IMPORT_INTERVAL_SECONDS": "0",
        "DEFAULT_QUIET_HOURS": "off",
        "FILE_DEAD_LETTERS": "false",
        "LOG_LEVEL": "INFO",
        **extra,
    }


def mailing_to(smtp_port: int) -> dict[str, str]:
    """The settings that have task-api mail a test's SMTP server on this port, in clear, and
    mail again at once when asked (the interval between mails has a test of its own)."""
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_SECURITY": "none",
        "MAIL_FROM": "nudge@todo.test",
        "EMAIL_CODE_INTERVAL": "0",
    }


def verification_code(mail_text: str | None) -> str:
    """The six-digit code in the text of a verification mail; fails unless there is one."""
    [code] = re.findall(r"\b\d{6}\b", mail_text or "")
    return code


@asynccontextmanager
async def running_task_api(env: Mapping[str, str]) -> AsyncIterator[RunningApi]:
    """Migrate the database, then serve task-api on a free port until the block ends."""
    async with service_process("task-api migrate", "task_api", env, "migrate") as migration:
        assert await migration.process.wait() == 0, migration.output()
    port = free_port()
    async with service_process("task-api", "task_api", {**env, "PORT": str(port)}) as api:
        base_url = f"http://127.0.0.1:{port}"
        await wait_until_healthy(api, f"{base_url}/ready")
        tokens = json.loads(env["SERVICE_TOKENS"])
        yield RunningApi(base_url, tokens, env["JWT_SECRET"], dict(env))
        exit_code = await api.stop()
        assert exit_code == 0, f"task-api exited with {exit_code}:\n{api.output()}"
