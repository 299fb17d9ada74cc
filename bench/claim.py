"""Claiming due reminders stays fast however many tasks are not due.

    uv run python bench/claim.py [--due 10000] [--sizes 100000 1000000] [--claims 30]

One database holds `--due` due tasks; the tasks that are not due (and done ones) grow through
`--sizes`. At each size, task-api (one process) is asked for 1,000 due reminders at a time over
HTTP; when the due set is used up its leases are cleared, outside the timing. The goal: a median
under 50 ms at 1,000,000 tasks, and no growth from the smallest size to the largest.
"""

import argparse
import asyncio
import json
import secrets
import statistics
import sys
import time

import asyncpg
import httpx
from common import (
    BENCH_ENV,
    add_database_argument,
    asyncpg_dsn,
    fresh_database,
    write_results,
)

from todo_testkit.processes import free_port, service_process, wait_until_healthy

USERS = 1_000
SEED_TASKS = """
INSERT INTO task (title, status, urgency, user_id, created_at, updated_at, time_spent_seconds,
                  next_notification_at)
SELECT 'task ' || n,
       CASE WHEN $3 AND n % 3 = 0 THEN 'done' ELSE 'new' END,
       'urgent',
       1 + n % $4,
       now() - interval '2 days', now(), 0,
       CASE
           WHEN NOT $3 THEN now() - (n % 3600) * interval '1 second'
           WHEN n % 3 = 0 THEN NULL
           ELSE now() + interval '1 hour' + (n % 36000) * interval '1 second'
       END
FROM generate_series($1::bigint, $2::bigint) AS n
"""


async def add_tasks(connection: asyncpg.Connection, count: int, *, due: bool) -> None:
    """Add `count` tasks: all due, or a third done and the rest due hours from now."""
    first = await connection.fetchval("SELECT coalesce(max(id), 0) + 1 FROM task")
    await connection.execute(SEED_TASKS, first, first + count - 1, not due, USERS)
    # Settle the bulk insert now, so that neither autovacuum nor the checkpoint it triggers
    # runs during the timing.
    await connection.execute("VACUUM ANALYZE task")
    await connection.execute("CHECKPOINT")


async def time_claims(
    base: str, secret: str, claims: int, due: int, database: asyncpg.Connection
) -> list[float]:
    """Milliseconds of each claim of 1,000, as the producer sees them over HTTP.

    The first round over the due set warms the service and the database's caches, untimed.
    """
    timings: list[float] = []
    headers = {"Authorization": f"Bearer {secret}"}
    async with httpx.AsyncClient(base_url=base, timeout=30, headers=headers) as http:
        while len(timings) < claims + due // 1000:
            for _ in range(due // 1000):
                started = time.perf_counter()
                answer = await http.post(
                    "/api/v1/notifications/claim", json={"limit": 1000, "lease_seconds": 300}
                )
                timings.append((time.perf_counter() - started) * 1000)
                answer.raise_for_status()
                assert answer.content.count(b'"due_at"') == 1000, "fewer due tasks than seeded"
            await database.execute(
                "UPDATE task SET lease_expires_at = NULL WHERE lease_expires_at IS NOT NULL"
            )
    return timings[due // 1000 :][:claims]


async def measure(arguments: argparse.Namespace) -> dict[int, dict[str, float]]:
    figures: dict[int, dict[str, float]] = {}
    async with fresh_database(arguments.database) as url:
        database = await asyncpg.connect(asyncpg_dsn(url))
        await database.execute(
            "INSERT INTO app_user (username, telegram_chat_id, created_at) "
            "SELECT 'user' || n, n, now() FROM generate_series(1, $1) AS n",
            USERS,
        )
        await add_tasks(database, arguments.due, due=True)
        port = free_port()
        producer_secret = secrets.token_hex(32)
        env = {
            **BENCH_ENV,
            "DATABASE_URL": url,
            "PORT": str(port),
            "SERVICE_TOKENS": json.dumps({"notifier-producer": producer_secret}),
        }
        async with service_process("task-api", "task_api", env) as api:
            base = f"http://127.0.0.1:{port}"
            await wait_until_healthy(api, f"{base}/health")
            total = arguments.due
            for size in sorted(arguments.sizes):
                await add_tasks(database, size - total, due=False)
                total = size
                timings = await time_claims(
                    base, producer_secret, arguments.claims, arguments.due, database
                )
                figures[size] = {
                    "median_ms": statistics.median(timings),
                    "p90_ms": statistics.quantiles(timings, n=10)[-1],
                }
                print(
                    f"{size:>10,} tasks: {figures[size]['median_ms']:6.1f} ms median, "
                    f"{figures[size]['p90_ms']:6.1f} ms p90 per claim of 1,000"
                )
        await database.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--due", type=int, default=10_000, help="due tasks (a multiple of 1000)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--claims", type=int, default=30, help="claims timed at each size")
    add_database_argument(parser)
    arguments = parser.parse_args()
    figures = asyncio.run(measure(arguments))
    smallest, largest = figures[min(figures)], figures[max(figures)]
    growth = largest["median_ms"] / smallest["median_ms"]
    print(f"largest against smallest: {growth:.2f}x (the goal: no growth; under 50 ms)")
    write_results("claim", {"sizes": figures, "growth": growth})
    sys.exit(0 if largest["median_ms"] < 50 else 1)


if __name__ == "__main__":
    main()
