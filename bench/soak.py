"""Sustained reminders: 100,000 due tasks delivered through the fake Telegram.

    uv run --group bench python bench/soak.py [--reminders 100000] [--workers 2] [--every 5]

task-api, a producer, `--workers` workers and the fake Telegram (no latency) run as processes,
as in bench/pipeline.py. Every `--every` seconds it samples the depth of `notifications.send`,
the reminders delivered (the tasks whose `last_notification` is recorded) and the resident
memory of each process. It reports the time the whole delivery took, the memory of every service
at the middle and at the end of the run, and draws `bench/results/soak.png`. The baseline of
the run: RabbitMQ alone moving the same number of confirmed messages. The fake keeps every call
it answered, so its own memory grows with the run by design.
"""

import argparse
import asyncio
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import asyncpg
import httpx
from common import (
    MANAGEMENT,
    RESULTS,
    add_database_argument,
    asyncpg_dsn,
    pyplot,
    save_plot,
    write_results,
)
from pipeline import rabbitmq_alone, running_pipeline

from todo_testkit.processes import memory_mib

DELIVERED = "SELECT count(*) FROM task WHERE last_notification IS NOT NULL"


async def queue_depth(management: httpx.AsyncClient, amqp_url: str) -> int:
    vhost = quote(urlsplit(amqp_url).path.removeprefix("/"), safe="")
    queue = (await management.get(f"/api/queues/{vhost}/notifications.send")).json()
    return queue.get("messages", 0)


async def soak(arguments: argparse.Namespace) -> dict:
    samples: list[dict] = []
    async with (
        running_pipeline(
            arguments, arguments.reminders, arguments.workers, 0.0, arguments.prefetch
        ) as pipeline,
        httpx.AsyncClient(base_url=MANAGEMENT, timeout=30) as management,
    ):
        database = await asyncpg.connect(asyncpg_dsn(pipeline.database_url))
        started = time.monotonic()
        delivered = 0
        while delivered < arguments.reminders:
            await asyncio.sleep(arguments.every)
            delivered = await database.fetchval(DELIVERED)
            samples.append(
                {
                    "seconds": time.monotonic() - started,
                    "delivered": delivered,
                    "queued": await queue_depth(management, pipeline.amqp_url),
                    "memory_mib": {
                        name: memory_mib(process.process.pid)
                        for name, process in pipeline.processes.items()
                    },
                }
            )
            print(
                f"{samples[-1]['seconds']:7.0f} s  delivered {delivered:>7,}  "
                f"queued {samples[-1]['queued']:>6,}",
                flush=True,
            )
        took = time.monotonic() - started
        await database.close()
        calls = await pipeline.control.get("/_control/calls", params={"method": "sendMessage"})
        sent = [call["chat_id"] for call in calls.json()["calls"] if call["status"] == 200]
    middle = samples[len(samples) // 2]["memory_mib"]
    return {
        "reminders": arguments.reminders,
        "workers": arguments.workers,
        "seconds": took,
        "reminders_per_second": arguments.reminders / took,
        "delivered_once": len(sent) == len(set(sent)) == arguments.reminders,
        "memory_mib_middle": middle,
        "memory_mib_end": samples[-1]["memory_mib"],
        "samples": samples,
    }


def plot(figures: dict, path: Path) -> None:
    """Queue depth and reminders delivered over the run; memory of each service."""
    samples = figures["samples"]
    seconds = [s["seconds"] for s in samples]
    figure, (flow, memory) = pyplot().subplots(2, 1, figsize=(8, 7), sharex=True)
    flow.plot(seconds, [s["queued"] for s in samples], label="queued in notifications.send")
    flow.plot(seconds, [s["delivered"] for s in samples], label="delivered")
    flow.set_ylabel("reminders")
    flow.set_title(f"{figures['reminders']:,} reminders, {figures['workers']} workers")
    for name in samples[0]["memory_mib"]:
        memory.plot(seconds, [s["memory_mib"][name] for s in samples], label=name)
    memory.set_xlabel("seconds")
    memory.set_ylabel("resident memory, MiB")
    save_plot(figure, path, flow, memory, legend_size=8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reminders", type=int, default=100_000, help="due tasks to deliver")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--prefetch", type=int, default=32, help="WORKER_PREFETCH of each")
    parser.add_argument("--every", type=float, default=5, help="seconds between samples")
    parser.add_argument("--api-workers", type=int, default=1, help="WORKERS of task-api")
    add_database_argument(parser)
    arguments = parser.parse_args()
    baseline = asyncio.run(rabbitmq_alone(arguments.reminders))
    print(f"RabbitMQ alone: {baseline:,.0f} confirmed messages a second")
    figures = asyncio.run(soak(arguments))
    print(
        f"{figures['reminders']:,} reminders in {figures['seconds']:,.0f} s "
        f"({figures['reminders_per_second']:,.0f}/s), each once: {figures['delivered_once']}"
    )
    print(f"{'process':<16} {'middle MiB':>10} {'end MiB':>8}")
    for name, middle in figures["memory_mib_middle"].items():
        print(f"{name:<16} {middle:>10.0f} {figures['memory_mib_end'][name]:>8.0f}")
    write_results("soak", {"rabbitmq_alone_per_second": baseline, **figures})
    plot(figures, RESULTS / "soak.png")
    print(f"figures and plot written to {RESULTS}")
    sys.exit(0 if figures["delivered_once"] else 1)


if __name__ == "__main__":
    main()
