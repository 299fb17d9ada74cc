"""Reminders delivered per second, end to end, against RabbitMQ alone in the same run.

    uv run --group bench python bench/pipeline.py [--reminders 3000] [--workers 1 2 4]
        [--latency 0.1]

task-api, one producer and N workers run as processes, with the fake Telegram (as a process)
answering each call after `--latency` seconds. Each run seeds `--reminders` due tasks, each in
a chat of its own (Telegram's one-a-second per chat would otherwise be the measure), and lifts
the fleet's rate limit: this measures what the pipeline can do, not what Telegram allows. A
last run has no latency (`--fast-workers` workers, each with `--fast-prefetch`). The baseline:
RabbitMQ alone, publishing the same number of messages with confirms and consuming them, on
the same machine in the same run.
"""

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aio_pika
import asyncpg
import httpx
from common import (
    BENCH_ENV,
    RESULTS,
    add_database_argument,
    asyncpg_dsn,
    cpu_seconds,
    fake_telegram,
    fresh_database,
    fresh_vhost,
    pyplot,
    save_plot,
    write_results,
)
from redis.asyncio import Redis

from todo_testkit.processes import (
    ServiceProcess,
    free_port,
    memory_mib,
    service_process,
    wait_until_healthy,
)

BOT_TOKEN = "42:BENCH"
REDIS = "redis://127.0.0.1:6379/15"
SECRETS = {"notifier-producer": "p" * 40, "notifier-worker": "w" * 40}

SEED = """
WITH people AS (
    INSERT INTO app_user (username, telegram_chat_id, created_at)
    SELECT 'bench' || n, 100000 + n, now() FROM generate_series(1, $1) AS n
    RETURNING id
)
INSERT INTO task (title, status, urgency, user_id, created_at, updated_at, time_spent_seconds,
                  next_notification_at)
SELECT 'task of ' || id, 'new', 'very_urgent', id, now() - interval '4 hours', now(), 0,
       now() - interval '1 hour'
FROM people
"""


async def rabbitmq_alone(count: int) -> float:
    """Confirmed messages a second through a fresh quorum queue, published and consumed."""
    async with fresh_vhost() as url, await aio_pika.connect(url) as connection:
        channel = await connection.channel(publisher_confirms=True)
        queue = await channel.declare_queue(
            "baseline", durable=True, arguments={"x-queue-type": "quorum"}
        )
        body = json.dumps({"reminder": "x" * 120}).encode()
        received = asyncio.Event()
        seen = 0

        async def consume(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            nonlocal seen
            await message.ack()
            seen += 1
            if seen == count:
                received.set()

        await channel.set_qos(prefetch_count=100)
        started = time.monotonic()
        await queue.consume(consume)
        message = aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
        for start in range(0, count, 500):
            await asyncio.gather(
                *(
                    channel.default_exchange.publish(message, "baseline")
                    for _ in range(start, min(count, start + 500))
                )
            )
        await received.wait()
        return count / (time.monotonic() - started)


@dataclass
class RunningPipeline:
    """A pipeline started on its own database and vhost, with the fake answering it."""

    database_url: str
    amqp_url: str
    control: httpx.AsyncClient  # the fake Telegram's control routes
    processes: dict[str, ServiceProcess]


@asynccontextmanager
async def running_pipeline(
    arguments: argparse.Namespace,
    reminders: int,
    workers: int,
    latency: float,
    prefetch: int,
    producer_interval: float | None = 0.2,
) -> AsyncIterator[RunningPipeline]:
    """Seed `reminders` due tasks and start task-api, the fake, the workers and a producer
    (claiming every `producer_interval` seconds; None: at its default)."""
    redis = Redis.from_url(REDIS)
    await redis.flushdb()
    await redis.aclose()
    async with AsyncExitStack() as stack:
        url = await stack.enter_async_context(fresh_database(arguments.database))
        amqp_url = await stack.enter_async_context(fresh_vhost())
        database = await asyncpg.connect(asyncpg_dsn(url))
        await database.execute(SEED, reminders)
        await database.close()
        api_port = free_port()
        fake = await stack.enter_async_context(fake_telegram(BOT_TOKEN, latency))
        processes = {"fake-telegram": fake.process}
        fake_url = fake.url
        control = fake.control
        api_env = {
            **BENCH_ENV,
            "DATABASE_URL": url,
            "AMQP_URL": amqp_url,
            "PORT": str(api_port),
            "SERVICE_TOKENS": json.dumps(SECRETS),
            "WORKERS": str(arguments.api_workers),
        }
        processes["task-api"] = await stack.enter_async_context(
            service_process("task-api", "task_api", api_env)
        )
        await wait_until_healthy(processes["task-api"], f"http://127.0.0.1:{api_port}/ready")
        common = {
            "API_URL": f"http://127.0.0.1:{api_port}",
            "AMQP_URL": amqp_url,
            "REDIS_URL": REDIS,
            "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
            "TELEGRAM_API_BASE": fake_url,
            "LOG_LEVEL": "WARNING",
            "TELEGRAM_MESSAGES_PER_SECOND": "100000",
            "WORKER_PREFETCH": str(prefetch),
        }
        for n in range(workers):
            port = free_port()
            env = {**common, "API_TOKEN": SECRETS["notifier-worker"], "PORT": str(port)}
            processes[f"worker-{n}"] = worker = await stack.enter_async_context(
                service_process(f"worker-{n}", "notifier_worker", env)
            )
            await wait_until_healthy(worker, f"http://127.0.0.1:{port}/health")
        producer_env = {
            **common,
            "API_TOKEN": SECRETS["notifier-producer"],
            "PORT": str(free_port()),
        }
        if producer_interval is not None:
            producer_env["PRODUCER_INTERVAL_SECONDS"] = str(producer_interval)
        processes["producer"] = await stack.enter_async_context(
            service_process("producer", "notifier_producer", producer_env)
        )
        if os.environ.get("BENCH_HOLD"):
            pids = {name: process.process.pid for name, process in processes.items()}
            print("PIDS", pids, flush=True)
        yield RunningPipeline(url, amqp_url, control, processes)


async def deliver(
    arguments: argparse.Namespace, workers: int, latency: float, prefetch: int
) -> dict:
    """Seed due reminders, run the pipeline, and time the deliveries."""
    async with running_pipeline(
        arguments, arguments.reminders, workers, latency, prefetch
    ) as pipeline:
        pids = {name: service.process.pid for name, service in pipeline.processes.items()}
        cpu_before = cpu_seconds(pids)
        answer = await pipeline.control.get(
            "/_control/calls",
            params={"method": "sendMessage", "min_count": arguments.reminders, "timeout": 600},
        )
        calls = [call for call in answer.json()["calls"] if call["status"] == 200]
        cpu_after = cpu_seconds(pids)
        worker_peak_mib = memory_mib(pipeline.processes["worker-0"].process.pid, "VmHWM")
    moments = sorted(call["at"] for call in calls)
    chats = [call["chat_id"] for call in calls]
    return {
        "workers": workers,
        "prefetch": prefetch,
        "latency_seconds": latency,
        "delivered": len(calls),
        "delivered_once": len(chats) == len(set(chats)) == arguments.reminders,
        "reminders_per_second": (len(moments) - 1) / (moments[-1] - moments[0]),
        "worker_peak_memory_mib": worker_peak_mib,
        "cpu_ms_per_reminder": {
            name: round((cpu_after[name] - cpu_before[name]) * 1000 / arguments.reminders, 2)
            for name in cpu_after
        },
    }


async def measure(arguments: argparse.Namespace) -> dict:
    baseline = await rabbitmq_alone(arguments.reminders)
    print(f"RabbitMQ alone: {baseline:,.0f} confirmed messages a second")
    runs = []
    for workers, latency, prefetch in [
        *((w, arguments.latency, arguments.prefetch) for w in arguments.workers),
        (arguments.fast_workers, 0.0, arguments.fast_prefetch),
    ]:
        run = await deliver(arguments, workers, latency, prefetch)
        runs.append(run)
        print(
            f"{workers} worker(s), {latency * 1000:.0f} ms a call: "
            f"{run['reminders_per_second']:,.0f} reminders/s, each once: {run['delivered_once']}, "
            f"one worker's peak memory {run['worker_peak_memory_mib']:.0f} MiB"
        )
        print(f"  CPU ms a reminder: {_cpu_breakdown(run['cpu_ms_per_reminder'])}")
    return {"rabbitmq_alone_per_second": baseline, "runs": runs}


def _cpu_breakdown(cpu_ms: dict[str, float]) -> str:
    """Workers together, then every other process, most first, and the total."""
    workers = sum(ms for name, ms in cpu_ms.items() if name.startswith("worker-"))
    others = {name: ms for name, ms in cpu_ms.items() if not name.startswith("worker-")}
    parts = sorted({**others, "workers": workers}.items(), key=lambda part: -part[1])
    listed = ", ".join(f"{name} {ms:.2f}" for name, ms in parts)
    return f"{listed}; in all {sum(cpu_ms.values()):.2f}"


def plot(figures: dict, path: Path) -> None:
    """Reminders a second against workers, at the Telegram latency of the curve's runs."""
    curve = [run for run in figures["runs"] if run["latency_seconds"] > 0]
    figure, axes = pyplot().subplots(figsize=(7, 4.5))
    workers = [run["workers"] for run in curve]
    axes.plot(workers, [run["reminders_per_second"] for run in curve], "o-", label="delivered")
    if curve:
        per_worker = curve[0]["reminders_per_second"] / curve[0]["workers"]
        axes.plot(workers, [per_worker * w for w in workers], ":", color="grey", label="linear")
        latency_ms = curve[0]["latency_seconds"] * 1000
        axes.set_title(f"Reminders delivered end to end, Telegram answering in {latency_ms:.0f} ms")
    axes.set_xlabel("workers")
    axes.set_ylabel("reminders a second")
    axes.set_xticks(workers)
    save_plot(figure, path, axes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reminders", type=int, default=3000, help="due reminders in each run")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument(
        "--latency", type=float, default=0.1, help="seconds each Telegram call takes"
    )
    parser.add_argument(
        "--prefetch",
        type=int,
        default=4,
        help="WORKER_PREFETCH of each worker (4: one worker alone then cannot use the machine, "
        "so the curve shows what more workers add)",
    )
    parser.add_argument(
        "--fast-workers", type=int, default=2, help="workers of the last run, with no latency"
    )
    parser.add_argument(
        "--fast-prefetch", type=int, default=32, help="WORKER_PREFETCH of the last run"
    )
    parser.add_argument("--api-workers", type=int, default=1, help="WORKERS of task-api")
    add_database_argument(parser)
    arguments = parser.parse_args()
    figures = asyncio.run(measure(arguments))
    write_results("pipeline", figures)
    plot(figures, RESULTS / "pipeline.png")
    print(f"figures and plot written to {RESULTS}")
    fastest = figures["runs"][-1]
    ok = (
        all(run["delivered_once"] for run in figures["runs"])
        and fastest["reminders_per_second"] >= 300
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
