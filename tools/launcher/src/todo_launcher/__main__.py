"""Migrate the database, then run every service here as a process until Ctrl-C.

The same entry points as the containers (`python -m task_api`, ...), against the PostgreSQL,
RabbitMQ and Redis named by DATABASE_URL, AMQP_URL and REDIS_URL (the local ones by default).
Without TELEGRAM_BOT_TOKEN it starts the fake Telegram too, so reminders and the bot work with
no real bot. Every other setting of the services passes through from the environment.
"""

import argparse
import asyncio
import json
import secrets
import signal
import sys

import asyncpg
import uvloop
from pydantic import SecretStr

from task_api.db import asyncpg_dsn
from todo_launcher.config import Settings
from todo_launcher.supervisor import Supervisor, launcher_environment

PRODUCER_PORT, BOT_PORT, FIRST_WORKER_PORT = 1, 3, 10
"""Where /health, /ready and /metrics of the others listen: API_PORT plus these."""
DEMO_TOKEN = "42:DEMO"
SERVICES = ("notifier-producer", "notifier-worker", "telegram-bot")


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line; each option overrides its environment variable."""
    fields = Settings.model_fields
    variables = "\n".join(
        f"  {name.upper():<22} {field.description} (default: {field.default})"
        for name, field in fields.items()
    )
    parser = argparse.ArgumentParser(
        prog="python -m todo_launcher",
        description=__doc__.split("\n\n")[0],
        epilog=f"environment variables:\n{variables}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--workers", type=int, help="notifier-worker processes (default 2)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the fake Telegram even when TELEGRAM_BOT_TOKEN is set",
    )
    return parser.parse_args(argv)


async def ensure_database(database_url: str) -> None:
    """Make the database if its server does not have it yet."""
    dsn = asyncpg_dsn(database_url)
    try:
        connection = await asyncpg.connect(dsn)
    except asyncpg.InvalidCatalogNameError:
        name = dsn.rsplit("/", 1)[1].split("?")[0]
        server = await asyncpg.connect(dsn.rsplit("/", 1)[0] + "/postgres")
        try:
            await server.execute(f'CREATE DATABASE "{name}"')
        finally:
            await server.close()
    else:
        await connection.close()


async def launch(settings: Settings, *, workers: int, demo: bool, stopping: asyncio.Event) -> int:
    """Start everything, wait for Ctrl-C (or a service that dies), stop everything."""
    supervisor = Supervisor(launcher_environment())
    try:
        await ensure_database(settings.database_url)
        if await supervisor.run_to_end("migrate", "task_api", _common(settings), "migrate") != 0:
            supervisor.say("the migration failed; nothing started")
            return 1
        await _start_everything(supervisor, settings, workers=workers, demo=demo)
        supervisor.say("everything is up; Ctrl-C stops it all")
        return await _until_stopped(supervisor, stopping)
    except (OSError, RuntimeError, asyncpg.PostgresError) as error:
        supervisor.say(f"cannot start: {error}")
        await supervisor.stop_all()
        return 1


def _common(settings: Settings) -> dict[str, str]:
    """What every service is told: where PostgreSQL, RabbitMQ and task-api are."""
    return {
        "DATABASE_URL": settings.database_url,
        "AMQP_URL": settings.amqp_url,
        "API_URL": f"http://127.0.0.1:{settings.api_port}",
    }


async def _start_everything(
    supervisor: Supervisor, settings: Settings, *, workers: int, demo: bool
) -> None:
    """The fake Telegram (unless a real token is given), task-api, then the rest."""
    common = _common(settings)
    if demo or settings.telegram_bot_token is None:
        telegram = {
            "TELEGRAM_BOT_TOKEN": DEMO_TOKEN,
            "TELEGRAM_API_BASE": f"http://127.0.0.1:{settings.fake_telegram_port}",
        }
        port = str(settings.fake_telegram_port)
        fake = await supervisor.start(
            "fake-telegram", "fake_telegram", {}, "--port", port, "--token", DEMO_TOKEN
        )
        control = f"{telegram['TELEGRAM_API_BASE']}/_control"
        await supervisor.wait_until_healthy(fake, f"{control}/health")
        supervisor.say(f"the fake Telegram: {control}/ (see tools/fake-telegram/README.md)")
    else:
        telegram = {
            "TELEGRAM_BOT_TOKEN": settings.telegram_bot_token.get_secret_value(),
            "TELEGRAM_API_BASE": settings.telegram_api_base,
        }
    if settings.jwt_secret is None:
        supervisor.say("JWT_SECRET is not set: a new one for this run (tokens end with it)")
    jwt_secret = settings.jwt_secret or SecretStr(secrets.token_hex(32))
    tokens = {name: secrets.token_hex(32) for name in SERVICES}
    api_env = {
        **common,
        "PORT": str(settings.api_port),
        "JWT_SECRET": jwt_secret.get_secret_value(),
        "SERVICE_TOKENS": json.dumps(tokens),
    }
    api = await supervisor.start("task-api", "task_api", api_env)
    await supervisor.wait_until_healthy(api, f"{common['API_URL']}/health")
    supervisor.say(f"task-api: {common['API_URL']}/docs")

    def env_of(service: str, port_offset: int, **extra: str) -> dict[str, str]:
        port = str(settings.api_port + port_offset)
        return {**common, **extra, "API_TOKEN": tokens[service], "PORT": port}

    await supervisor.start(
        "notifier-producer", "notifier_producer", env_of("notifier-producer", PRODUCER_PORT)
    )
    redis = {"REDIS_URL": settings.redis_url} if settings.redis_url else {}
    for n in range(workers):
        env = env_of("notifier-worker", FIRST_WORKER_PORT + n, **telegram, **redis)
        await supervisor.start(f"notifier-worker-{n + 1}", "notifier_worker", env)
    await supervisor.start(
        "telegram-bot", "telegram_bot", env_of("telegram-bot", BOT_PORT, **telegram)
    )


async def _until_stopped(supervisor: Supervisor, stopping: asyncio.Event) -> int:
    stop_asked = asyncio.ensure_future(stopping.wait())
    died = asyncio.ensure_future(supervisor.first_exit())
    await asyncio.wait({stop_asked, died}, return_when=asyncio.FIRST_COMPLETED)
    stop_asked.cancel()
    if died.done():
        child = died.result()
        supervisor.say(f"{child.name} exited with {child.process.returncode}; stopping the rest")
        await supervisor.stop_all()
        return 1
    died.cancel()
    supervisor.say("stopping")
    return 0 if await supervisor.stop_all() else 1


def main() -> None:
    """Entry point of `python -m todo_launcher`."""
    arguments = parse_arguments()
    settings = Settings()
    workers = arguments.workers or settings.notifier_workers

    async def run() -> int:
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(stop_signal, stopping.set)
        return await launch(settings, workers=workers, demo=arguments.demo, stopping=stopping)

    sys.exit(uvloop.run(run()))


if __name__ == "__main__":
    main()
