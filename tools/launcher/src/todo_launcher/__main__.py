"""Migrate the database, then run every service here as a process until Ctrl-C.

The same entry points as the containers (`python -m task_api`, ...), against the PostgreSQL,
RabbitMQ and Redis named by DATABASE_URL, AMQP_URL and REDIS_URL (the local ones by default).
Without TELEGRAM_BOT_TOKEN it starts the fake Telegram too, so reminders and the bot work with
no real bot, and the fake SMTP server beside it. Every other setting of the services passes
through from the environment.
"""

# First, before the imports that take seconds: a stop meanwhile is a clean exit, not a death.
from todo_shared.early_stop import exit_cleanly_on_stop

exit_cleanly_on_stop()

import argparse
import asyncio
import json
import secrets
import signal
import socket
import sys
from dataclasses import dataclass

import asyncpg
import uvloop
from pydantic import SecretStr

from todo_launcher.config import Settings
from todo_launcher.supervisor import Stopped, Supervisor, launcher_environment
from todo_shared.postgres import asyncpg_dsn

PRODUCER_PORT, BOT_PORT, FIRST_EMAIL_WORKER_PORT, FIRST_WORKER_PORT = 1, 3, 5, 10
"""Where /health, /ready and /metrics of the others listen: API_PORT plus these."""
DEMO_TOKEN = "42:DEMO"
DEMO_SENDER = "Todo Nudge <nudge@localhost>"
"""The fake Telegram's token, also .env.example's: with it, the fake is started and used."""
SERVICES = ("notifier-producer", "notifier-worker", "telegram-bot")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""Ctrl-C, a stop, the terminal closing: each stops everything the launcher started."""


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
        epilog=f"environment variables (or lines of a .env file here):\n{variables}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--workers", type=int, help="notifier-worker processes sending to Telegram (default 2)"
    )
    parser.add_argument(
        "--email-workers",
        type=int,
        help="notifier-worker processes sending email (default 1; 0: none)",
    )
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


@dataclass(frozen=True)
class Fleet:
    """How many notifier workers to start, of each channel."""

    telegram: int
    email: int


async def launch(
    settings: Settings, *, workers: Fleet, fake_telegram: bool, stopping: asyncio.Event
) -> int:
    """Start everything, wait for a stop (or a service that dies), stop everything."""
    supervisor = Supervisor(launcher_environment(), stopping)
    if workers.email and not (fake_telegram or settings.smtp_host):
        supervisor.say("SMTP_HOST is not set: no email workers, and no reminders by email")
        workers = Fleet(workers.telegram, 0)
    ports = service_ports(settings, workers=workers, fake_telegram=fake_telegram)
    if _any_taken(supervisor, ports):
        return 1
    try:
        await ensure_database(settings.database_url)
        if await supervisor.run_to_end("migrate", "task_api", _common(settings), "migrate") != 0:
            supervisor.say("the migration failed; nothing started")
            return 1
        ready = await _start_everything(supervisor, settings, ports, fake_telegram=fake_telegram)
        for child in supervisor.children:
            await supervisor.wait_until_answers(child, ready[child.name])
        supervisor.say("everything is up; Ctrl-C stops it all")
        return await _until_stopped(supervisor, stopping)
    except Stopped:
        supervisor.say("stopping before everything was up")
        return 0 if await supervisor.stop_all() else 1
    except (OSError, RuntimeError, asyncpg.PostgresError) as error:
        supervisor.say(f"cannot start: {error}")
        return 1
    finally:
        await supervisor.stop_all()  # whatever ends the launcher, what it started ends with it


def service_ports(settings: Settings, *, workers: Fleet, fake_telegram: bool) -> dict[str, int]:
    """The port each service will listen on, by its name."""
    ports = {
        "task-api": settings.api_port,
        "notifier-producer": settings.api_port + PRODUCER_PORT,
        "telegram-bot": settings.api_port + BOT_PORT,
    }
    for n in range(workers.telegram):
        ports[f"notifier-worker-{n + 1}"] = settings.api_port + FIRST_WORKER_PORT + n
    for n in range(workers.email):
        ports[f"notifier-email-worker-{n + 1}"] = settings.api_port + FIRST_EMAIL_WORKER_PORT + n
    if fake_telegram:
        ports["fake-telegram"] = settings.fake_telegram_port
        ports["fake-smtp"] = settings.fake_smtp_port
        ports["fake-smtp-control"] = settings.fake_smtp_control_port
    return ports


def _any_taken(supervisor: Supervisor, ports: dict[str, int]) -> bool:
    """Whether another program holds a port of a service; if so, say which."""
    taken = {name: port for name, port in ports.items() if _is_taken(port)}
    for name, port in taken.items():
        supervisor.say(f"cannot start: port {port} ({name}) is taken by another program")
    if taken:
        supervisor.say(
            "Perhaps an earlier launcher left its services running: stop them, or choose "
            "other ports with API_PORT, FAKE_TELEGRAM_PORT, FAKE_SMTP_PORT and "
            "FAKE_SMTP_CONTROL_PORT. Nothing started."
        )
    return bool(taken)


def _is_taken(port: int) -> bool:
    """Whether something listens on `port` already (the services listen on 127.0.0.1)."""
    with socket.socket() as probe:
        # As uvicorn and aiohttp bind: a port left in TIME_WAIT is free, one listened on is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def _common(settings: Settings) -> dict[str, str]:
    """What every service is told: where PostgreSQL, RabbitMQ and task-api are."""
    return {
        "DATABASE_URL": settings.database_url,
        "AMQP_URL": settings.amqp_url,
        "API_URL": f"http://127.0.0.1:{settings.api_port}",
    }


async def _start_everything(
    supervisor: Supervisor, settings: Settings, ports: dict[str, int], *, fake_telegram: bool
) -> dict[str, str]:
    """The fakes of Telegram and SMTP (unless a real token is given), task-api, then the rest;
    the URL of each one's /ready (the fakes' /health), by its name."""
    common = _common(settings)
    ready = {name: f"http://127.0.0.1:{port}/ready" for name, port in ports.items()}
    mail: dict[str, str] = {}
    if fake_telegram:
        telegram = {
            "TELEGRAM_BOT_TOKEN": DEMO_TOKEN,
            "TELEGRAM_API_BASE": f"http://127.0.0.1:{settings.fake_telegram_port}",
        }
        port = str(settings.fake_telegram_port)
        fake = await supervisor.start(
            "fake-telegram", "fake_telegram", {}, "--port", port, "--token", DEMO_TOKEN
        )
        control = f"{telegram['TELEGRAM_API_BASE']}/_control"
        ready[fake.name] = f"{control}/health"
        await supervisor.wait_until_answers(fake, ready[fake.name])
        supervisor.say(f"the fake Telegram: {control}/ (see tools/fake-telegram/README.md)")
        mail = await _start_fake_smtp(supervisor, settings, ready)
    else:
        assert settings.telegram_bot_token is not None
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
        **mail,
        "PORT": str(settings.api_port),
        "JWT_SECRET": jwt_secret.get_secret_value(),
        "SERVICE_TOKENS": json.dumps(tokens),
    }
    web = _web_app(supervisor, settings)
    api = await supervisor.start("task-api", "task_api", api_env | web)
    await supervisor.wait_until_answers(api, f"{common['API_URL']}/health")
    supervisor.say(f"task-api: {common['API_URL']}/docs")
    if web:
        supervisor.say(f"the web app: {common['API_URL']}/")

    def env_of(name: str, service: str, **extra: str) -> dict[str, str]:
        return {
            **common,
            **mail,
            **extra,
            "API_TOKEN": tokens[service],
            "PORT": str(ports[name]),
        }

    producer = "notifier-producer"
    await supervisor.start(producer, "notifier_producer", env_of(producer, producer))
    redis = {"REDIS_URL": settings.redis_url} if settings.redis_url else {}
    for name in ports:
        if name.startswith("notifier-worker-"):
            env = env_of(name, "notifier-worker", **telegram, **redis)
            await supervisor.start(name, "notifier_worker", env)
        elif name.startswith("notifier-email-worker-"):
            env = env_of(name, "notifier-worker", **redis, WORKER_CHANNEL="email")
            await supervisor.start(name, "notifier_worker", env)
    bot = "telegram-bot"
    await supervisor.start(bot, "telegram_bot", env_of(bot, bot, **telegram))
    return ready


def _web_app(supervisor: Supervisor, settings: Settings) -> dict[str, str]:
    """WEB_DIST for task-api when the web app is built (services/web/dist), so that it serves
    it; else say how to build it."""
    built = settings.web_dist.resolve()
    if (built / "index.html").is_file():
        return {"WEB_DIST": str(built)}
    supervisor.say(
        "the web app is not built: npm --prefix services/web ci && npm --prefix services/web "
        "run build, then start again to have task-api serve it"
    )
    return {}


async def _start_fake_smtp(
    supervisor: Supervisor, settings: Settings, ready: dict[str, str]
) -> dict[str, str]:
    """Start the fake SMTP server and wait until it answers; the mail settings that point
    task-api at it (in clear: its STARTTLS certificate is one it made itself)."""
    smtp_port, control_port = str(settings.fake_smtp_port), str(settings.fake_smtp_control_port)
    fake = await supervisor.start(
        "fake-smtp", "fake_smtp", {}, "--smtp-port", smtp_port, "--control-port", control_port
    )
    control = f"http://127.0.0.1:{control_port}/_control"
    ready[fake.name] = f"{control}/health"
    await supervisor.wait_until_answers(fake, ready[fake.name])
    supervisor.say(
        f"the fake SMTP server: 127.0.0.1:{smtp_port}, {control}/ (see tools/fake-smtp/README.md)"
    )
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_port,
        "SMTP_SECURITY": "none",
        "MAIL_FROM": DEMO_SENDER,
        "PUBLIC_URL": f"http://127.0.0.1:{settings.api_port}",
    }


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


def uses_fake_telegram(settings: Settings, demo: bool) -> bool:
    """Whether to start the fake Telegram: asked to, or no real bot's token given."""
    token = settings.telegram_bot_token
    return demo or token is None or token.get_secret_value() == DEMO_TOKEN


def main() -> None:
    """Entry point of `python -m todo_launcher`."""
    arguments = parse_arguments()
    settings = Settings()
    workers = Fleet(
        telegram=arguments.workers or settings.notifier_workers,
        email=(
            settings.notifier_email_workers
            if arguments.email_workers is None
            else arguments.email_workers
        ),
    )
    fake_telegram = uses_fake_telegram(settings, arguments.demo)

    async def run() -> int:
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for stop_signal in STOP_SIGNALS:
            loop.add_signal_handler(stop_signal, stopping.set)
        return await launch(
            settings, workers=workers, fake_telegram=fake_telegram, stopping=stopping
        )

    sys.exit(uvloop.run(run()))


if __name__ == "__main__":
    main()
