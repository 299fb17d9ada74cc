"""How late reminders reach Telegram: our pipeline, Celery and procrastinate side by side.

    uv run --group bench python bench/lateness.py [--reminders 2000] [--window 60] [--burst]
        [--lead 12] [--peer-polling SECONDS]

Every system is given the same work: `--reminders` reminders, each in a chat of its own, due at
moments spread at random over `--window` seconds from `--lead` seconds after the work is handed
over (`--burst`: all due at that one moment), each to be sent once through `sendMessage` to the
fake Telegram, run as a process. Lateness is the fake's receipt of a reminder's first send minus
its due moment; the rate counts from the first send to the last. Our pipeline runs at its
defaults (2 workers, `WORKER_PREFETCH` and `PRODUCER_INTERVAL_SECONDS` as shipped; the fleet's
send limit lifted, as the peers have none), its reminders written straight into its database as
one-off `remind_at` moments (the due moment is what it is told). Celery runs on a vhost of the
same RabbitMQ, procrastinate on a database of the same PostgreSQL, each with as many worker
processes and sends in flight as ours.
"""

import argparse
import asyncio
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import asyncpg
import httpx
import procrastinate
from common import (
    RESULTS,
    SHARED_SERVERS,
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
from peers import celery_reminders, procrastinate_reminders
from pipeline import BOT_TOKEN, running_pipeline

from notifier_producer.config import Settings as ProducerSettings
from notifier_worker.config import Settings as WorkerSettings
from todo_testkit.processes import ServiceProcess, service_process

BENCH = Path(__file__).parent
FIRST_CHAT = 100_001
WORKERS = 2
PREFETCH: int = WorkerSettings.model_fields["worker_prefetch"].default
PRODUCER_INTERVAL: float = ProducerSettings.model_fields["producer_interval_seconds"].default

SEED = """
WITH due (chat, moment) AS (SELECT * FROM unnest($1::bigint[], $2::timestamptz[])),
people AS (
    INSERT INTO app_user (username, telegram_chat_id, created_at)
    SELECT 'late' || chat, chat, now() FROM due
    RETURNING id, telegram_chat_id
)
INSERT INTO task (title, status, urgency, user_id, created_at, updated_at, time_spent_seconds,
                  remind_at, next_notification_at)
SELECT 'reminder of ' || chat, 'new', 'very_urgent', people.id, now(), now(), 0, moment, moment
FROM due JOIN people ON people.telegram_chat_id = due.chat
"""

Due = dict[int, float]
"""Each chat's due moment, in `time.monotonic()` seconds (the fake's clock, on this machine)."""
Submit = Callable[[Due], Awaitable[None]]


def wall_clock(moment: float) -> datetime:
    """A `time.monotonic()` moment as the wall-clock time the systems are told."""
    return datetime.fromtimestamp(moment + time.time() - time.monotonic(), UTC)


def due_moments(arguments: argparse.Namespace) -> Due:
    """The work: each chat's due moment, from `--lead` seconds on (the same for every system)."""
    start = time.monotonic() + arguments.lead
    spread = random.Random(16)
    return {
        FIRST_CHAT + n: start + (0.0 if arguments.burst else spread.uniform(0, arguments.window))
        for n in range(arguments.reminders)
    }


async def run_one(
    arguments: argparse.Namespace,
    control: httpx.AsyncClient,
    processes: dict[str, ServiceProcess],
    submit: Submit,
) -> dict:
    """Hand the work to a started system, wait for its sends, and measure them."""
    pids = {name: service.process.pid for name, service in processes.items()}
    await control.post("/_control/reset")
    due = due_moments(arguments)
    cpu_before = cpu_seconds(pids)
    await submit(due)
    waited = max(due.values()) - time.monotonic() + arguments.grace
    await control.get(
        "/_control/calls",
        params={"method": "sendMessage", "min_count": len(due), "timeout": waited},
    )
    cpu_after = cpu_seconds(pids)
    await asyncio.sleep(arguments.settle)  # for sends that come twice
    calls = (await control.get("/_control/calls", params={"method": "sendMessage"})).json()
    sent = [call for call in calls["calls"] if call["status"] == 200]
    return figures(due, sent, cpu_after, cpu_before)


def figures(
    due: Due, sent: list[dict], cpu_after: dict[str, float], cpu_before: dict[str, float]
) -> dict:
    """Lateness of each reminder's first send, the rate, CPU a reminder, duplicates, misses."""
    first: dict[int, float] = {}
    for call in sorted(sent, key=lambda call: call["at"]):
        first.setdefault(call["chat_id"], call["at"])
    lateness = sorted(first[chat] - moment for chat, moment in due.items() if chat in first)
    cuts = statistics.quantiles(lateness, n=100, method="inclusive") if len(lateness) > 1 else []
    return {
        "lateness_seconds": {
            "min": lateness[0] if lateness else None,
            "p50": cuts[49] if cuts else None,
            "p95": cuts[94] if cuts else None,
            "p99": cuts[98] if cuts else None,
            "max": lateness[-1] if lateness else None,
        },
        # from the first send to the last: in a burst, the rate the system sends at
        "reminders_per_second": (len(first) - 1) / (max(first.values()) - min(first.values()))
        if len(first) > 1
        else 0.0,
        "cpu_ms_per_reminder": {
            name: round((cpu_after[name] - cpu_before[name]) * 1000 / len(due), 3)
            for name in cpu_after
        },
        "duplicates": len(sent) - len(first),
        "misses": len(due) - len(first.keys() & due.keys()),
        "lateness": lateness,
    }


async def run_ours(arguments: argparse.Namespace) -> dict:
    """Our pipeline at its defaults, told each due moment as a one-off `remind_at`."""
    async with running_pipeline(
        arguments, 0, WORKERS, 0.0, PREFETCH, producer_interval=None
    ) as pipeline:

        async def submit(due: Due) -> None:
            database = await asyncpg.connect(asyncpg_dsn(pipeline.database_url))
            await database.execute(SEED, list(due), [wall_clock(m) for m in due.values()])
            await database.close()

        return await run_one(arguments, pipeline.control, pipeline.processes, submit)


async def run_celery(arguments: argparse.Namespace) -> dict:
    """Celery's ETA tasks on a vhost of its own, its workers on the threads pool."""
    async with AsyncExitStack() as stack:
        amqp_url = await stack.enter_async_context(fresh_vhost())
        fake = await stack.enter_async_context(fake_telegram(BOT_TOKEN))
        env = {"CELERY_BROKER_URL": amqp_url, "TELEGRAM_API": f"{fake.url}/bot{BOT_TOKEN}"}
        processes = {"fake-telegram": fake.process}
        for n in range(WORKERS):
            options = ("--pool", "threads", "--concurrency", str(PREFETCH), "-n", f"w{n}@%h")
            command = ("-A", "peers.celery_reminders", "worker", *options)
            processes[f"worker-{n}"] = worker = await stack.enter_async_context(
                service_process(f"celery-{n}", "celery", env, *command, cwd=BENCH)
            )
            await worker.wait_for_output("worker ready", within_seconds=60)
        celery_reminders.app.conf.broker_url = amqp_url

        def publish(due: Due) -> None:
            for chat, moment in due.items():
                celery_reminders.send_reminder.apply_async(
                    (chat, f"reminder of {chat}"), eta=wall_clock(moment)
                )

        async def submit(due: Due) -> None:
            await asyncio.to_thread(publish, due)

        return await run_one(arguments, fake.control, processes, submit)


async def run_procrastinate(arguments: argparse.Namespace, polling: float | None) -> dict:
    """procrastinate's scheduled jobs on a database of its own, polled every `polling` seconds
    (None: its default)."""
    async with AsyncExitStack() as stack:
        dsn = asyncpg_dsn(
            await stack.enter_async_context(fresh_database(arguments.database, migrated=False))
        )
        connector = procrastinate.PsycopgConnector(conninfo=dsn)
        app = stack.enter_context(procrastinate_reminders.app.replace_connector(connector))
        await stack.enter_async_context(app.open_async())
        await app.schema_manager.apply_schema_async()
        fake = await stack.enter_async_context(fake_telegram(BOT_TOKEN))
        env = {"PROCRASTINATE_DSN": dsn, "TELEGRAM_API": f"{fake.url}/bot{BOT_TOKEN}"}
        options = ["--concurrency", str(PREFETCH)]
        if polling is not None:
            options += ["--fetch-job-polling-interval", str(polling)]
        processes = {"fake-telegram": fake.process}
        for n in range(WORKERS):
            command = ("--app=peers.procrastinate_reminders.app", "worker", *options)
            processes[f"worker-{n}"] = await stack.enter_async_context(
                service_process(f"procrastinate-{n}", "procrastinate", env, *command, cwd=BENCH)
            )
        await _workers_registered(dsn, WORKERS)

        async def submit(due: Due) -> None:
            task = procrastinate_reminders.send_reminder
            # One batch, each job with its own `schedule_at`: batch_defer_async shares one.
            jobs = [
                task.configure(schedule_at=wall_clock(moment)).make_new_job(
                    chat_id=chat, text=f"reminder of {chat}"
                )
                for chat, moment in due.items()
            ]
            await app.job_manager.batch_defer_jobs_async(jobs)

        return await run_one(arguments, fake.control, processes, submit)


async def _workers_registered(dsn: str, count: int, within_seconds: float = 60) -> None:
    """Return once `count` procrastinate workers have written their first heartbeat."""
    database = await asyncpg.connect(dsn)
    deadline = time.monotonic() + within_seconds
    while await database.fetchval("SELECT count(*) FROM procrastinate_workers") < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{count} procrastinate workers did not start")
        await asyncio.sleep(0.1)
    await database.close()


async def measure(arguments: argparse.Namespace) -> list[dict]:
    polling = arguments.peer_polling
    systems = [
        (
            "ours",
            f"defaults (longest sleep {PRODUCER_INTERVAL:g} s, prefetch {PREFETCH})",
            run_ours,
        ),
        ("Celery", f"ETA, threads x{PREFETCH}, acks_late", run_celery),
        ("procrastinate", "defaults (poll 5 s)", partial(run_procrastinate, polling=None)),
        ("procrastinate", f"poll {polling:g} s", partial(run_procrastinate, polling=polling)),
    ]
    runs = []
    for system, config, run in systems:
        if arguments.only and system not in arguments.only:
            continue
        figures = {"system": system, "config": config, **await run(arguments)}
        print_row(figures)
        runs.append(figures)
    return runs


COLUMNS = ("min s", "p50 s", "p95 s", "p99 s", "max s", "rem/s", "procs", "servers", "dup", "miss")
"""The table's figures: lateness, the rate, CPU ms a reminder (our processes, the servers)."""


def print_header() -> None:
    print(f"{'system':<14} {'config':<34} " + " ".join(f"{c:>7}" for c in COLUMNS))


def print_row(run: dict) -> None:
    late = run["lateness_seconds"]
    cpu = run["cpu_ms_per_reminder"]
    servers = sum(ms for name, ms in cpu.items() if name in SHARED_SERVERS)
    cells = [
        *(f"{late[key]:7.2f}" if late[key] is not None else f"{'-':>7}" for key in late),
        f"{run['reminders_per_second']:7.0f}",
        f"{sum(cpu.values()) - servers:7.2f}",
        f"{servers:7.2f}",
        f"{run['duplicates']:7d}",
        f"{run['misses']:7d}",
    ]
    print(f"{run['system']:<14} {run['config']:<34} " + " ".join(cells), flush=True)
    parts = sorted(cpu.items(), key=lambda part: -part[1])
    print("    CPU ms a reminder: " + ", ".join(f"{name} {ms:.2f}" for name, ms in parts))


def plot(runs: list[dict], arguments: argparse.Namespace, path: Path) -> None:
    """Each system's lateness as a cumulative distribution."""
    figure, axes = pyplot().subplots(figsize=(8, 4.8))
    for run in runs:
        lateness = run["lateness"]
        shares = [(n + 1) / len(lateness) for n in range(len(lateness))]
        axes.step(lateness, shares, where="post", label=f"{run['system']}, {run['config']}")
    work = "at one moment" if arguments.burst else f"over {arguments.window:g} s"
    axes.set_title(f"Lateness of {arguments.reminders:,} reminders due {work}")
    axes.set_xlabel("seconds late (Telegram's receipt minus the due moment)")
    axes.set_ylabel("share of reminders at most this late")
    save_plot(figure, path, axes, legend_size=8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reminders", type=int, default=2000, help="reminders, one chat each")
    parser.add_argument(
        "--window", type=float, default=60, help="seconds the due moments are spread over"
    )
    parser.add_argument("--burst", action="store_true", help="all due at one moment")
    parser.add_argument(
        "--lead",
        type=float,
        default=12,
        help="seconds from handing the work over to the first due; longer than our producer's "
        "longest sleep, since our work is written to the database, which wakes no producer",
    )
    parser.add_argument(
        "--grace", type=float, default=120, help="seconds after the last due moment to wait"
    )
    parser.add_argument(
        "--settle", type=float, default=3, help="seconds to wait for duplicates at the end"
    )
    parser.add_argument(
        "--peer-polling",
        type=float,
        default=PRODUCER_INTERVAL,
        help="procrastinate's polling interval in its matched run (default: our producer's)",
    )
    parser.add_argument(
        "--only", nargs="+", choices=["ours", "Celery", "procrastinate"], help="systems to run"
    )
    parser.add_argument("--api-workers", type=int, default=1, help="WORKERS of task-api")
    add_database_argument(parser)
    arguments = parser.parse_args()
    print_header()
    runs = asyncio.run(measure(arguments))
    name = "lateness-burst" if arguments.burst else "lateness"
    write_results(name, {"arguments": vars(arguments), "runs": runs})
    plot(runs, arguments, RESULTS / f"{name}.png")
    print(f"figures and plot written to {RESULTS}")
    sys.exit(0 if all(run["duplicates"] == run["misses"] == 0 for run in runs) else 1)


if __name__ == "__main__":
    main()
