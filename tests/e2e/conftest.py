"""The whole reminder pipeline as processes: task-api, producers and workers of both channels,
with the fake Telegram and the fake SMTP server, a real PostgreSQL, RabbitMQ and Redis. Tests
move the clock with `travel`."""

import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from fake_smtp import FakeSmtp
from fake_telegram import FakeTelegram
from todo_testkit import clock
from todo_testkit.broker import empty_reminder_queues
from todo_testkit.processes import ServiceProcess, free_port, service_process, wait_until_healthy
from todo_testkit.task_api import RunningApi, api_env, mailing_to, running_task_api
from todo_testkit.typing import Caller
from todo_testkit.waiting import eventually

BOT_TOKEN = "42:TEST"


@pytest.fixture(scope="session")
async def fake_smtp() -> AsyncIterator[FakeSmtp]:
    async with FakeSmtp.running() as running:
        yield running


@pytest.fixture
def smtp(fake_smtp: FakeSmtp) -> FakeSmtp:
    """The fake SMTP server, with no mail and no faults left by an earlier test."""
    fake_smtp.reset()
    return fake_smtp


@pytest.fixture
async def task_api(
    scratch_database_url: str, amqp_url: str, smtp: FakeSmtp
) -> AsyncIterator[RunningApi]:
    """A task-api of the test's own, on a database of its own: moving the clock moves only the
    test's tasks, however many other tests left in the run's database. It mails the fake SMTP
    server."""
    env = api_env(scratch_database_url, amqp_url, **mailing_to(smtp.smtp_port))
    async with running_task_api(env) as api:
        yield api


@pytest.fixture(scope="session")
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram.running(port=0, tokens=[BOT_TOKEN]) as running:
        yield running


@pytest.fixture
async def telegram(fake_telegram: FakeTelegram) -> FakeTelegram:
    await fake_telegram.reset()
    return fake_telegram


PRODUCER, WORKER, EMAIL_WORKER = "notifier_producer", "notifier_worker", "email_worker"


class Pipeline:
    """Producers and workers as processes, which a test can stop and start again."""

    def __init__(self, env: dict[str, dict[str, str]]) -> None:
        self._env = env
        self._stack = AsyncExitStack()
        self.processes: list[ServiceProcess] = []

    def env(self, kind: str) -> dict[str, str]:
        """The environment the pipeline gives a producer, a Telegram worker or an email worker
        (PRODUCER, WORKER, EMAIL_WORKER)."""
        return dict(self._env[kind])

    async def start(self, producers: int = 1, workers: int = 1, email_workers: int = 0) -> None:
        """Start this many producers, Telegram workers and email workers, and wait until each
        answers /health."""
        counts = {PRODUCER: producers, WORKER: workers, EMAIL_WORKER: email_workers}
        for kind, count in counts.items():
            module = PRODUCER if kind == PRODUCER else WORKER
            for n in range(count):
                port = free_port()
                env = {**self._env[kind], "PORT": str(port)}
                process = await self._stack.enter_async_context(
                    service_process(f"{kind}-{n}", module, env)
                )
                await wait_until_healthy(process, f"http://127.0.0.1:{port}/health")
                self.processes.append(process)

    async def stop(self) -> None:
        """SIGTERM every process; each must exit 0."""
        for process in self.processes:
            assert await process.stop() == 0, process.output()
        self.processes.clear()
        await self._stack.aclose()
        self._stack = AsyncExitStack()


@pytest.fixture
async def empty_redis(redis_url: str) -> str:
    """The run's Redis, emptied of what the workers of earlier tests noted there: each test has
    a database of its own, whose task ids are an earlier test's too, so the delivery log of an
    earlier task 2 would pass for this test's (sent already, moments ago)."""
    redis = Redis.from_url(redis_url)
    try:
        await redis.flushdb()
    finally:
        await redis.aclose()
    return redis_url


@pytest.fixture
async def pipeline(
    task_api: RunningApi,
    amqp_url: str,
    empty_redis: str,
    fake_telegram: FakeTelegram,
    smtp: FakeSmtp,
) -> AsyncIterator[Pipeline]:
    """The producers and workers of a test (none running until it starts them), on reminder
    queues and a Redis emptied of what earlier tests left."""
    retry_delays = [1, 2]
    await empty_reminder_queues(amqp_url, retry_delays)
    env = {
        "API_URL": task_api.base_url,
        "AMQP_URL": amqp_url,
        "REDIS_URL": empty_redis,
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_API_BASE": fake_telegram.base_url,
        "PRODUCER_INTERVAL_SECONDS": "0.2",
        "PRODUCER_LEASE_SECONDS": "30",
        "WORKER_RETRY_DELAYS": ",".join(map(str, retry_delays)),
        "WORKER_MAX_ATTEMPTS": "5",
    }
    worker = {**env, "API_TOKEN": task_api.service_tokens["notifier-worker"]}
    running = Pipeline(
        {
            PRODUCER: {**env, "API_TOKEN": task_api.service_tokens["notifier-producer"]},
            WORKER: worker,
            EMAIL_WORKER: {**worker, **mailing_to(smtp.smtp_port), "WORKER_CHANNEL": "email"},
        }
    )
    yield running
    await running.stop()


Travel = Callable[[timedelta], Awaitable[None]]


@pytest.fixture
def travel(task_api: RunningApi) -> Travel:
    """Move the clock of task-api, the producers and the workers forward (todo_testkit.clock)."""
    return functools.partial(clock.travel, task_api.env["DATABASE_URL"])


@pytest.fixture
def all_sent() -> Callable[[Caller], Awaitable[None]]:
    """Wait until none of the person's tasks is due: every reminder sent and recorded."""

    async def wait(person: Caller) -> None:
        async def nothing_due() -> bool:
            tasks = (await person.client.get("/api/v1/tasks", params={"limit": 1000})).json()
            now = datetime.now(UTC)
            return all(
                task["next_notification_at"] is None
                or datetime.fromisoformat(task["next_notification_at"]) > now
                for task in tasks["items"]
            )

        await eventually(nothing_due, within_seconds=30)

    return wait


@pytest.fixture
async def bot(task_api: RunningApi, telegram: FakeTelegram) -> AsyncIterator[None]:
    """`python -m telegram_bot` long-polling the fake, as the bot the worker's reminders are of."""
    port = free_port()
    env = {
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_API_BASE": telegram.base_url,
        "API_URL": task_api.base_url,
        "API_TOKEN": task_api.service_tokens["telegram-bot"],
        "PORT": str(port),
    }
    async with service_process("telegram-bot", "telegram_bot", env) as process:
        await wait_until_healthy(process, f"http://127.0.0.1:{port}/health")
        await telegram.wait_for_polling(timeout=10, token=BOT_TOKEN)
        yield
        assert await process.stop() == 0, process.output()
