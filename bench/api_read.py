"""`GET /api/v1/tasks/{id}` of task-api against a bare FastAPI + asyncpg endpoint, same row.

    uv run python bench/api_read.py [--seconds 10] [--rounds 3] [--connections 64]

Both run as one uvicorn process, loaded in turns by wrk on the same machine; the figure of each
is the median of its rounds. task-api should reach at least half of the bare figure.
"""

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

import asyncpg
from common import (
    BENCH_ENV,
    LoadResult,
    add_database_argument,
    asyncpg_dsn,
    fresh_database,
    require_wrk,
    run_wrk,
    sign_up_and_in,
    write_results,
)

from todo_testkit.processes import free_port, service_process, wait_until_healthy

HERE = Path(__file__).parent


async def seed_one_task(url: str) -> int:
    """A task of the user `bench`, who must have signed up."""
    connection = await asyncpg.connect(asyncpg_dsn(url))
    user_id = await connection.fetchval("SELECT id FROM app_user WHERE username = 'bench'")
    task_id = await connection.fetchval(
        """INSERT INTO task (title, status, urgency, user_id, created_at, updated_at,
                             time_spent_seconds)
           VALUES ('Pay rent', 'new', 'urgent', $1, now(), now(), 0) RETURNING id""",
        user_id,
    )
    await connection.close()
    return task_id


async def measure(arguments: argparse.Namespace) -> dict:
    async with fresh_database(arguments.database) as url:
        api_port, bare_port = free_port(), free_port()
        api_env = {**BENCH_ENV, "DATABASE_URL": url, "PORT": str(api_port)}
        bare_env = {"BENCH_DSN": asyncpg_dsn(url), "PYTHONPATH": str(HERE)}
        bare_args = ["bare_read_app:app", "--port", str(bare_port), "--log-level", "warning"]
        async with (
            service_process("task-api", "task_api", api_env) as api,
            service_process("bare", "uvicorn", bare_env, *bare_args) as bare,
        ):
            targets = {
                "bare FastAPI + asyncpg": (bare, f"http://127.0.0.1:{bare_port}"),
                "task-api": (api, f"http://127.0.0.1:{api_port}"),
            }
            await wait_until_healthy(api, f"http://127.0.0.1:{api_port}/health")
            token = await sign_up_and_in(f"http://127.0.0.1:{api_port}", "bench")
            task_id = await seed_one_task(url)
            await wait_until_healthy(bare, f"http://127.0.0.1:{bare_port}/api/v1/tasks/{task_id}")
            # The bare endpoint ignores the header; task-api verifies the JWT on each request.
            headers = {"Authorization": f"Bearer {token}"}
            rounds: dict[str, list[LoadResult]] = {name: [] for name in targets}
            for _ in range(arguments.rounds):
                for name, (_, base) in targets.items():
                    result = await asyncio.to_thread(
                        run_wrk,
                        f"{base}/api/v1/tasks/{task_id}",
                        connections=arguments.connections,
                        seconds=arguments.seconds,
                        headers=headers,
                    )
                    rounds[name].append(result)
    return {name: median_result(results) for name, results in rounds.items()}


def median_result(results: list[LoadResult]) -> LoadResult:
    return LoadResult(
        requests_per_second=statistics.median(r.requests_per_second for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        errors=sum(r.errors for r in results),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds for each target")
    parser.add_argument("--connections", type=int, default=64, help="wrk's open connections")
    add_database_argument(parser)
    arguments = parser.parse_args()
    require_wrk()
    figures = asyncio.run(measure(arguments))
    bare, api = figures["bare FastAPI + asyncpg"], figures["task-api"]
    print(f"{'target':<24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, result in figures.items():
        print(
            f"{name:<24} {result.requests_per_second:>8.0f} {result.p50_ms:>8.1f} "
            f"{result.p99_ms:>8.1f} {result.errors:>7}"
        )
    ratio = api.requests_per_second / bare.requests_per_second
    print(f"task-api serves {ratio:.0%} of the bare figure (the goal: at least 50%)")
    path = write_results("api_read", {**figures, "ratio": ratio})
    print(f"figures written to {path}")
    sys.exit(0 if ratio >= 0.5 and api.errors == 0 else 1)


if __name__ == "__main__":
    main()
