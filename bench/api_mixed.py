"""task-api under a mixed load, with one and with two processes, against the bare read baseline.

    uv run --group bench python bench/api_mixed.py [--seconds 10] [--connections 8 16 32 64]

70% `GET /api/v1/tasks/{id}`, 20% `PATCH` (the urgency), 10% `POST` of a task, from one person
with 1,000 tasks, by wrk (bench/mixed.lua) on the same machine. Each load is run against task-api
with `WORKERS=1` and `WORKERS=2`, and against the bare FastAPI + asyncpg read of
bench/bare_read_app.py as the baseline of this machine at that moment. Every answer must be 2xx.
The figures go to bench/results/api_mixed.json, and a plot of latency against load to
bench/results/api_mixed.png.
"""

import argparse
import asyncio
import os
import sys
from pathlib import Path

import asyncpg
from common import (
    BENCH_ENV,
    RESULTS,
    LoadResult,
    add_database_argument,
    asyncpg_dsn,
    fresh_database,
    pyplot,
    require_wrk,
    run_wrk,
    save_plot,
    sign_up_and_in,
    write_results,
)

from todo_testkit.processes import free_port, service_process, wait_until_healthy

HERE = Path(__file__).parent
TASKS = 1000
COLOURS = ["grey", "tab:blue", "tab:orange"]
SEED = """
INSERT INTO task (title, status, urgency, user_id, created_at, updated_at, time_spent_seconds)
SELECT 'task ' || n, 'new', 'urgent', (SELECT id FROM app_user WHERE username = 'bench'),
       now(), now(), 0
FROM generate_series(1, $1) AS n
RETURNING id
"""


async def seed(url: str) -> int:
    """The first of TASKS consecutive task ids of the person `bench`."""
    connection = await asyncpg.connect(asyncpg_dsn(url))
    ids = [row["id"] for row in await connection.fetch(SEED, TASKS)]
    await connection.close()
    assert ids == list(range(ids[0], ids[0] + TASKS))
    return ids[0]


async def load_task_api(arguments: argparse.Namespace, processes: int) -> list[LoadResult]:
    """The mixed load at each number of connections, against task-api with `processes`."""
    async with fresh_database(arguments.database) as url:
        port = free_port()
        env = {**BENCH_ENV, "DATABASE_URL": url, "PORT": str(port), "WORKERS": str(processes)}
        async with service_process("task-api", "task_api", env) as api:
            base = f"http://127.0.0.1:{port}"
            await wait_until_healthy(api, f"{base}/ready")
            token = await sign_up_and_in(base, "bench")
            first = await seed(url)
            os.environ.update(FIRST_TASK=str(first), TASKS=str(TASKS))
            return [
                await asyncio.to_thread(
                    run_wrk,
                    base,
                    connections=connections,
                    seconds=arguments.seconds,
                    script=HERE / "mixed.lua",
                    headers={"Authorization": f"Bearer {token}"},
                )
                for connections in arguments.connections
            ]


async def load_bare(arguments: argparse.Namespace) -> list[LoadResult]:
    """The baseline: the bare FastAPI + asyncpg read of one seeded task, at each load."""
    async with fresh_database(arguments.database) as url:
        port = free_port()
        env = {"BENCH_DSN": asyncpg_dsn(url), "PYTHONPATH": str(HERE)}
        args = ["bare_read_app:app", "--port", str(port), "--log-level", "warning"]
        connection = await asyncpg.connect(asyncpg_dsn(url))
        await connection.execute(
            "INSERT INTO app_user (username, created_at) VALUES ('bench', now())"
        )
        first = await connection.fetchval(SEED.replace("$1", "1"))
        await connection.close()
        async with service_process("bare", "uvicorn", env, *args) as bare:
            target = f"http://127.0.0.1:{port}/api/v1/tasks/{first}"
            await wait_until_healthy(bare, target)
            return [
                await asyncio.to_thread(
                    run_wrk, target, connections=connections, seconds=arguments.seconds
                )
                for connections in arguments.connections
            ]


async def measure(arguments: argparse.Namespace) -> dict[str, list[LoadResult]]:
    return {
        "bare read (baseline)": await load_bare(arguments),
        "task-api, 1 process": await load_task_api(arguments, 1),
        "task-api, 2 processes": await load_task_api(arguments, 2),
    }


def plot(figures: dict[str, list[LoadResult]], connections: list[int], path: Path) -> None:
    """Latency (p50 and p99) against the requests a second served, one line per target."""
    figure, axes = pyplot().subplots(figsize=(8, 5))
    for (name, results), colour in zip(figures.items(), COLOURS, strict=True):
        served = [r.requests_per_second for r in results]
        axes.plot(served, [r.p50_ms for r in results], "o-", color=colour, label=f"{name}, p50")
        axes.plot(served, [r.p99_ms for r in results], "s--", color=colour, label=f"{name}, p99")
        for x, y, c in zip(served, [r.p99_ms for r in results], connections, strict=True):
            axes.annotate(f"{c}", (x, y), textcoords="offset points", xytext=(4, 4), fontsize=7)
    axes.set_xlabel("requests a second served")
    axes.set_ylabel("latency, ms (log)")
    axes.set_yscale("log")
    axes.set_title("task-api under 70% reads, 20% updates, 10% creates (labels: connections)")
    save_plot(figure, path, axes, legend_size=8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument(
        "--connections", type=int, nargs="+", default=[8, 16, 32, 64], help="loads to run"
    )
    add_database_argument(parser)
    arguments = parser.parse_args()
    require_wrk()
    figures = asyncio.run(measure(arguments))
    print(f"{'target':<24} {'conns':>5} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
    for name, results in figures.items():
        for connections, r in zip(arguments.connections, results, strict=True):
            print(
                f"{name:<24} {connections:>5} {r.requests_per_second:>7.0f} "
                f"{r.p50_ms:>7.1f} {r.p99_ms:>7.1f} {r.errors:>6}"
            )
    write_results("api_mixed", {"connections": arguments.connections, **figures})
    plot(figures, arguments.connections, RESULTS / "api_mixed.png")
    print(f"figures and plot written to {RESULTS}")
    errors = sum(r.errors for results in figures.values() for r in results)
    sys.exit(0 if errors == 0 else 1)


if __name__ == "__main__":
    main()
