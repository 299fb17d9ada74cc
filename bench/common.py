"""What the benchmarks share: a database of their own, services as processes, and wrk."""

import argparse
import asyncio
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from task_api import migrate
from todo_shared.postgres import asyncpg_dsn
from todo_testkit.processes import ServiceProcess, free_port, service_process, wait_until_healthy

RESULTS = Path(__file__).parent / "results"
DEFAULT_SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
MANAGEMENT = "http://guest:guest@127.0.0.1:15672"
"""RabbitMQ's management API on this machine, where the benchmarks make their vhosts."""


@asynccontextmanager
async def fresh_database(server_url: str, *, migrated: bool = True) -> AsyncIterator[str]:
    """A database made for this run (with task-api's tables unless not `migrated`), dropped
    afterwards; yields its SQLAlchemy URL."""
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(asyncpg_dsn(server_url))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        if migrated:
            await asyncio.to_thread(migrate.upgrade, url)
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@asynccontextmanager
async def fresh_vhost() -> AsyncIterator[str]:
    """A RabbitMQ vhost made for this run, deleted afterwards; yields its AMQP URL."""
    name = f"bench-{os.getpid()}-{time.monotonic_ns()}"
    async with httpx.AsyncClient(base_url=MANAGEMENT) as management:
        (await management.put(f"/api/vhosts/{name}")).raise_for_status()
        permissions = {"configure": ".*", "write": ".*", "read": ".*"}
        (
            await management.put(f"/api/permissions/{name}/guest", json=permissions)
        ).raise_for_status()
        try:
            yield f"amqp://guest:guest@127.0.0.1:5672/{name}"
        finally:
            await management.delete(f"/api/vhosts/{name}")


@dataclass(frozen=True)
class RunningFake:
    """The fake Telegram running as a process: its base URL and a client of its control routes."""

    process: ServiceProcess
    url: str
    control: httpx.AsyncClient


@asynccontextmanager
async def fake_telegram(token: str, latency: float = 0.0) -> AsyncIterator[RunningFake]:
    """The fake Telegram as a process on a free port, answering each call after `latency` s."""
    port = free_port()
    arguments = ("--port", str(port), "--token", token, "--quiet")
    async with service_process("fake-telegram", "fake_telegram", {}, *arguments) as process:
        url = f"http://127.0.0.1:{port}"
        await wait_until_healthy(process, f"{url}/_control/health")
        async with httpx.AsyncClient(base_url=url, timeout=3600) as control:
            await control.put("/_control/latency", json={"seconds": latency})
            yield RunningFake(process, url, control)


@dataclass(frozen=True)
class LoadResult:
    """What wrk measured."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def require_wrk() -> None:
    """Stop with a clear message when wrk is not installed."""
    if shutil.which("wrk") is None:
        sys.exit("This benchmark needs wrk: apt-get install wrk")


def run_wrk(
    url: str,
    *,
    connections: int,
    seconds: int,
    script: Path | None = None,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """Load `url` with wrk (one thread) and read its figures."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    for name, value in (headers or {}).items():
        command[1:1] = ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    return LoadResult(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        p50_ms=_latency_ms(re.search(r"50%\s+([\d.]+\w+)", output)[1]),
        p99_ms=_latency_ms(re.search(r"99%\s+([\d.]+\w+)", output)[1]),
        errors=errors,
    )


def _latency_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


BENCH_ENV = {
    "JWT_SECRET": secrets.token_hex(32),
    "LOG_LEVEL": "WARNING",
    "IMPORT_INTERVAL_SECONDS": "0",
    "PASSWORD_HASH_TIME_COST": "1",
    "PASSWORD_HASH_MEMORY_KIB": "1024",
}
"""What every task-api the benchmarks start is given, besides its database and port."""


async def sign_up_and_in(base: str, username: str) -> str:
    """An access token of a new person of this running task-api."""
    credentials = {"username": username, "password": "benchmark password"}
    async with httpx.AsyncClient(base_url=base) as http:
        (await http.post("/api/v1/auth/register", json=credentials)).raise_for_status()
        answer = await http.post("/api/v1/auth/token", json=credentials)
        answer.raise_for_status()
        return answer.json()["access_token"]


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    """`--database`: the PostgreSQL server the benchmark makes its databases on."""
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER),
        help="a PostgreSQL server's maintenance database (SQLAlchemy URL)",
    )


def write_results(name: str, results: dict) -> Path:
    """Keep the figures of a run under bench/results/ as JSON."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(results, indent=2, default=lambda o: asdict(o)) + "\n")
    return path


def pyplot() -> Any:
    """matplotlib's pyplot, drawing to files: `uv run --group bench` installs it."""
    import matplotlib  # here, not at the top: only the bench group has it

    matplotlib.use("Agg")
    from matplotlib import pyplot as plotting

    return plotting


def save_plot(figure: Any, path: Path, *axes: Any, legend_size: float | None = None) -> None:
    """Give each of `axes` its legend and a light grid, and write the figure as a PNG."""
    for each in axes:
        each.legend(fontsize=legend_size)
        each.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


SHARED_SERVERS = {"PostgreSQL": "postgres", "RabbitMQ": "beam.smp", "Redis": "redis-server"}
"""The servers every benchmark shares, by the name their processes run under."""


def cpu_seconds(pids: dict[str, int]) -> dict[str, float]:
    """CPU time used so far (user and system) by each named process with its children, and by
    each shared server (all its processes)."""
    processes = _processes()
    used = {name: _tree_cpu(pid, processes) for name, pid in pids.items()}
    for name, command in SHARED_SERVERS.items():
        used[name] = sum(cpu for comm, _, cpu in processes.values() if comm == command)
    return used


def _processes() -> dict[int, tuple[str, int, float]]:
    """Every process now: its command name, parent and CPU seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it ended meanwhile
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (comm, int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    return found


def _tree_cpu(pid: int, processes: dict[int, tuple[str, int, float]]) -> float:
    children = [child for child, (_, parent, _) in processes.items() if parent == pid]
    own = processes.get(pid, ("", 0, 0.0))[2]
    return own + sum(_tree_cpu(child, processes) for child in children)
