"""The relay keeps up with the API: events published with confirms while creates pour in.

    uv run python bench/relay.py [--seconds 20] [--connections 64]

One task-api process is loaded by wrk with task creations for `--seconds`; meanwhile the outbox
backlog is sampled and a consumer counts the events arriving on the `tasks` exchange. The
baseline is the API's own rate of creations in the same run: the relay keeps up when events
arrive as fast as tasks are created and the backlog stays bounded, then drains to zero.
"""

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

import aio_pika
import asyncpg
from common import (
    BENCH_ENV,
    add_database_argument,
    asyncpg_dsn,
    fresh_database,
    fresh_vhost,
    require_wrk,
    run_wrk,
    sign_up_and_in,
    write_results,
)

from todo_shared.topology import TASK_EVENT_KEYS, declare_tasks_exchange
from todo_testkit.processes import free_port, service_process, wait_until_healthy

HERE = Path(__file__).parent


class Arrivals:
    """The moments events arrived, and an event set once `expected` of them have."""

    def __init__(self) -> None:
        self.moments: list[float] = []
        self.expected: int | None = None
        self.all_arrived = asyncio.Event()

    def note(self, _: object) -> None:
        self.moments.append(time.monotonic())
        self.check()

    def check(self) -> None:
        if self.expected is not None and len(self.moments) >= self.expected:
            self.all_arrived.set()


async def count_events(amqp_url: str, arrivals: Arrivals, ready: asyncio.Event) -> None:
    """Note the moment of every event published on the exchange."""
    async with await aio_pika.connect(amqp_url) as connection:
        channel = await connection.channel()
        exchange = await declare_tasks_exchange(channel)
        queue = await channel.declare_queue(exclusive=True)
        for key in TASK_EVENT_KEYS:
            await queue.bind(exchange, routing_key=key)
        await queue.consume(arrivals.note, no_ack=True)  # type: ignore[arg-type]
        ready.set()
        await asyncio.Event().wait()


async def sample_backlog(dsn: str, samples: list[int], stop: asyncio.Event) -> None:
    connection = await asyncpg.connect(dsn)
    while not stop.is_set():
        samples.append(
            await connection.fetchval(
                "SELECT count(*) FROM outbox_event WHERE published_at IS NULL"
            )
        )
        await asyncio.sleep(0.25)
    await connection.close()


async def measure(arguments: argparse.Namespace) -> dict:
    async with fresh_vhost() as amqp_url, fresh_database(arguments.database) as url:
        port = free_port()
        env = {**BENCH_ENV, "DATABASE_URL": url, "AMQP_URL": amqp_url, "PORT": str(port)}
        async with service_process("task-api", "task_api", env) as api:
            base = f"http://127.0.0.1:{port}"
            await wait_until_healthy(api, f"{base}/ready")
            token = await sign_up_and_in(base, "relay-bench")
            arrivals = Arrivals()
            consuming = asyncio.Event()
            counter = asyncio.create_task(count_events(amqp_url, arrivals, consuming))
            await consuming.wait()
            backlog: list[int] = []
            stop_sampling = asyncio.Event()
            sampler = asyncio.create_task(sample_backlog(asyncpg_dsn(url), backlog, stop_sampling))
            started = time.monotonic()
            os.environ["TOKEN"] = token
            load = await asyncio.to_thread(
                run_wrk,
                f"{base}/api/v1/tasks",
                connections=arguments.connections,
                seconds=arguments.seconds,
                script=HERE / "create_task.lua",
            )
            load_ended = time.monotonic()
            database = await asyncpg.connect(asyncpg_dsn(url))
            created = await database.fetchval("SELECT count(*) FROM task")
            arrivals.expected = created
            arrivals.check()
            await asyncio.wait_for(arrivals.all_arrived.wait(), 120)
            drained = time.monotonic()
            await database.close()
            stop_sampling.set()
            await sampler
            counter.cancel()
    during_load = sum(1 for moment in arrivals.moments if moment <= load_ended)
    return {
        "creates_per_second": load.requests_per_second,
        "create_p99_ms": load.p99_ms,
        "errors": load.errors,
        "tasks_created": created,
        "events_per_second_during_load": during_load / (load_ended - started),
        "largest_backlog": max(backlog),
        "backlog_at_the_end_of_load": backlog[-1] if backlog else 0,
        "seconds_to_drain_after_load": drained - load_ended,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="how long wrk creates tasks")
    parser.add_argument("--connections", type=int, default=64, help="wrk's open connections")
    add_database_argument(parser)
    arguments = parser.parse_args()
    require_wrk()
    figures = asyncio.run(measure(arguments))
    for name, value in figures.items():
        print(
            f"{name:<32} {value:>10.1f}" if isinstance(value, float) else f"{name:<32} {value:>10}"
        )
    keeps_up = figures["events_per_second_during_load"] >= 0.95 * figures["creates_per_second"]
    print("the relay keeps up with the API" if keeps_up else "the relay falls behind the API")
    write_results("relay", figures)
    sys.exit(0 if keeps_up and figures["errors"] == 0 else 1)


if __name__ == "__main__":
    main()
