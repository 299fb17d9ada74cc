"""The launcher as a person runs it after the Quick Start: `cp .env.example .env`, then
`python -m todo_launcher`. Whatever ends it, every service it started ends with it."""

import asyncio
import os
import re
import shutil
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosmtplib
import httpx
import pytest

from todo_testkit.processes import ServiceProcess, free_port, free_port_block, service_process

REPOSITORY = Path(__file__).resolve().parents[3]
PRODUCER, BOT, WORKER = 1, 3, 10
"""The offsets from API_PORT of the producer's, the bot's and the one worker's ports."""
START_SECONDS = 120
STOP_SECONDS = 90


@pytest.fixture
def launch_env(scratch_database_url: str, amqp_url: str, redis_url: str) -> dict[str, str]:
    """The launcher's environment: this run's servers, free ports, one worker, cheap hashing."""
    return {
        "DATABASE_URL": scratch_database_url,
        "AMQP_URL": amqp_url,
        "REDIS_URL": redis_url,
        "API_PORT": str(free_port_block([0, PRODUCER, BOT, WORKER])),
        "FAKE_TELEGRAM_PORT": str(free_port()),
        "FAKE_SMTP_PORT": str(free_port()),
        "FAKE_SMTP_CONTROL_PORT": str(free_port()),
        "NOTIFIER_WORKERS": "1",
        "PASSWORD_HASH_TIME_COST": "1",
        "PASSWORD_HASH_MEMORY_KIB": "1024",
        "IMPORT_INTERVAL_SECONDS": "0",
    }


@pytest.fixture
def quick_start(tmp_path: Path) -> Path:
    """A directory holding the `.env` the Quick Start copies from `.env.example`."""
    shutil.copy(REPOSITORY / ".env.example", tmp_path / ".env")
    return tmp_path


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command's name; None if there is no such
    process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    return stat.rsplit(")", 1)[1].split()


def children_of(pid: int) -> set[int]:
    """The processes whose parent is `pid`."""
    children = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None and int(fields[1]) == pid:
                children.add(int(entry.name))
    return children


def alive(pid: int) -> bool:
    """Whether the process runs (not gone, nor a zombie waiting to be reaped)."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] != "Z"


def kill_leftovers(services: set[int]) -> None:
    """Kill what the launcher left behind, if it did, so that no later test finds its ports
    taken."""
    for pid in services:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


async def assert_every_service_ready(env: dict[str, str]) -> None:
    """Each service the launcher started answers /ready with 200."""
    api_port = int(env["API_PORT"])
    async with httpx.AsyncClient(timeout=5) as http:
        for offset in (0, PRODUCER, BOT, WORKER):
            ready = await http.get(f"http://127.0.0.1:{api_port + offset}/ready")
            assert ready.status_code == 200, (offset, ready.text)


async def assert_the_fake_smtp_takes_mail(env: dict[str, str]) -> None:
    """The fake SMTP server listens on FAKE_SMTP_PORT; its control routes show what it took."""
    await aiosmtplib.send(
        "Subject: hello\r\n\r\nhi\r\n",
        sender="launcher@test.example",
        recipients=["ann@example.com"],
        hostname="127.0.0.1",
        port=int(env["FAKE_SMTP_PORT"]),
        start_tls=False,
    )
    control = f"http://127.0.0.1:{env['FAKE_SMTP_CONTROL_PORT']}/_control"
    async with httpx.AsyncClient(timeout=5) as http:
        messages = (await http.get(f"{control}/messages", params={"min_count": 1})).json()
    assert [m["subject"] for m in messages["messages"]] == ["hello"]


def read_then_close(pipe: int, text: bytes) -> bytes:
    """Read lines from the pipe until one holds `text` (or its end), then close it; what was
    read."""
    read = b""
    with open(pipe, "rb") as output:
        while line := output.readline():
            read += line
            if text in line:
                break
    return read


@asynccontextmanager
async def launcher(env: dict[str, str], cwd: Path) -> AsyncIterator[ServiceProcess]:
    """`python -m todo_launcher`, killed with whatever it started if it still runs at the end
    (a test that failed must not leave services holding ports)."""
    async with service_process("launcher", "todo_launcher", env, cwd=cwd) as run:
        try:
            yield run
        finally:
            started = children_of(run.process.pid) if run.process.returncode is None else set()
    kill_leftovers(started)


async def test_sighup_stops_every_service_and_env_is_read(
    launch_env: dict[str, str], quick_start: Path
) -> None:
    async with launcher(launch_env, quick_start) as run:
        await run.wait_for_output("everything is up", within_seconds=START_SECONDS)
        services = children_of(run.process.pid)
        try:
            await assert_every_service_ready(launch_env)
            await assert_the_fake_smtp_takes_mail(launch_env)
            # What the terminal does to the launcher as it closes.
            run.process.send_signal(signal.SIGHUP)
            exit_code = await asyncio.wait_for(run.process.wait(), STOP_SECONDS)
            output = run.output()
            left = [pid for pid in services if alive(pid)]
        finally:
            kill_leftovers(services)
    assert exit_code == 0, output
    # The fakes of Telegram and SMTP, task-api, producer, a Telegram worker, an email worker, bot.
    assert len(services) == 7, output
    assert left == [], output
    assert re.search(r"^launcher +\| stopping$", output, re.MULTILINE), output
    assert re.search(r"^notifier-email-worker-1 +\| .*\"started\"", output, re.MULTILINE), output
    # .env's secret signs the tokens, and its demo token starts the fake Telegram.
    assert "JWT_SECRET is not set" not in output
    assert "the fake Telegram: " in output
    assert f"the fake SMTP server: 127.0.0.1:{launch_env['FAKE_SMTP_PORT']}," in output


async def test_a_closed_output_then_ctrl_c_stops_every_service(
    launch_env: dict[str, str], quick_start: Path
) -> None:
    reading, writing = os.pipe()
    errors = quick_start / "stderr.log"
    with errors.open("wb") as stderr:
        piped = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "todo_launcher",
            env={**os.environ, **launch_env},
            cwd=quick_start,
            stdout=writing,
            stderr=stderr,
        )
    os.close(writing)
    services: set[int] = set()
    try:
        # `python -m todo_launcher | tee log`, then Ctrl-C: tee ends first, then the launcher
        # is told to stop, with nobody left to read it.
        async with asyncio.timeout(START_SECONDS):
            shown = await asyncio.to_thread(read_then_close, reading, b"everything is up")
        assert b"everything is up" in shown, shown.decode() + errors.read_text()
        services = children_of(piped.pid)
        piped.send_signal(signal.SIGINT)
        exit_code = await asyncio.wait_for(piped.wait(), STOP_SECONDS)
    finally:
        services |= children_of(piped.pid)
        if piped.returncode is None:
            piped.kill()
            await piped.wait()
        left = [pid for pid in services if alive(pid)]
        kill_leftovers(services)
    assert exit_code == 0, errors.read_text()
    assert len(services) == 7
    assert left == [], errors.read_text()
    assert "launcher: its output is closed; stopping everything" in errors.read_text()
    assert "Traceback" not in errors.read_text()


@pytest.mark.parametrize("given_in", ["the environment", ".env"])
async def test_a_taken_port_is_said_before_anything_starts(
    given_in: str, launch_env: dict[str, str], quick_start: Path
) -> None:
    env = dict(launch_env)
    api_port = int(env["API_PORT"])
    if given_in == ".env":
        del env["API_PORT"]
        with (quick_start / ".env").open("a") as dotenv:
            dotenv.write(f"API_PORT={api_port}\n")
    with socket.socket() as another_program:
        another_program.bind(("127.0.0.1", api_port + PRODUCER))
        another_program.listen()
        async with launcher(env, quick_start) as run:
            exit_code = await asyncio.wait_for(run.process.wait(), START_SECONDS)
            output = run.output()
    assert exit_code == 1, output
    assert f"port {api_port + PRODUCER} (notifier-producer) is taken" in output
    assert "Nothing started." in output
    assert [line for line in output.splitlines() if not line.startswith("launcher ")] == []
