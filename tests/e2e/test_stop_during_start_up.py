"""SIGTERM at any moment of a service's start-up: it exits 0, having closed what it opened.

An orchestrator stops a service whenever it likes, often while it is still starting (a rollout
replaced at once, a scale-down, Ctrl-C in the launcher). Each moment below is one the process
itself makes known, so that the signal lands there every run.
"""

import asyncio
import re
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from fake_telegram import FakeTelegram
from todo_testkit.processes import ServiceProcess, free_port, service_process
from todo_testkit.task_api import RunningApi, api_env, running_task_api
from todo_testkit.waiting import eventually

BOT_TOKEN = "42:TEST"
STOP_SECONDS = 30
LEFT_OPEN = ("Traceback", "Unclosed", "Task was destroyed", "Exception ignored", "never retrieved")


@dataclass
class Service:
    """How to start one service, and the line it logs once its own start-up code runs."""

    module: str
    running: str


SERVICES = {
    "task-api": Service("task_api", "Waiting for application startup"),
    "notifier-producer": Service("notifier_producer", '"event": "started"'),
    "notifier-worker": Service("notifier_worker", '"event": "started"'),
    "telegram-bot": Service("telegram_bot", '"event": "started"'),
}


@pytest.fixture(scope="module")
async def api(database_url: str, amqp_url: str) -> AsyncIterator[RunningApi]:
    """One task-api for every case here: the services under test call it."""
    async with running_task_api(api_env(database_url, amqp_url)) as running:
        yield running


def env_of(name: str, api: RunningApi, redis_url: str, telegram: FakeTelegram) -> dict[str, str]:
    """What the service is given, as the launcher or compose would give it."""
    # Python names each module it has imported on stderr, which marks a moment of the imports.
    common = {"PORT": str(free_port()), "PYTHONPROFILEIMPORTTIME": "1"}
    if name == "task-api":
        return {**api.env, **common}
    telegram_env = {"TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_API_BASE": telegram.base_url}
    return {
        **common,
        "API_URL": api.base_url,
        "API_TOKEN": api.service_tokens[name],
        "AMQP_URL": api.env["AMQP_URL"],
        **({"REDIS_URL": redis_url, **telegram_env} if name == "notifier-worker" else {}),
        **(telegram_env if name == "telegram-bot" else {}),
    }


def catches_sigterm(pid: int) -> bool:
    """Whether the process has a handler for SIGTERM (the kernel's mask of caught signals)."""
    with open(f"/proc/{pid}/status") as status:
        mask = next(int(line.split()[1], 16) for line in status if line.startswith("SigCgt:"))
    return bool(mask & (1 << (signal.SIGTERM - 1)))


async def reach_moment(process: ServiceProcess, moment: str, service: Service) -> None:
    """Return once the process is at `moment` of its start-up."""
    if moment == "catching signals":

        async def catching() -> bool:
            return catches_sigterm(process.process.pid)

        await eventually(catching, within_seconds=30)
    elif moment == "importing its libraries":
        # pydantic comes early: hundreds of modules (seconds, for the bot) are still to come.
        imported = re.compile(r"\|\s+pydantic$", re.MULTILINE)

        async def importing() -> bool:
            return imported.search(process.output()) is not None

        await eventually(importing, within_seconds=30)
    else:
        await process.wait_for_output(service.running)


@pytest.mark.parametrize("moment", ["catching signals", "importing its libraries", "running"])
@pytest.mark.parametrize("name", list(SERVICES))
async def test_sigterm_during_start_up_exits_0_with_nothing_left_open(
    name: str, moment: str, api: RunningApi, redis_url: str, fake_telegram: FakeTelegram
) -> None:
    service = SERVICES[name]
    env = env_of(name, api, redis_url, fake_telegram)
    async with service_process(name, service.module, env) as process:
        await reach_moment(process, moment, service)
        process.process.send_signal(signal.SIGTERM)
        exit_code = await asyncio.wait_for(process.process.wait(), STOP_SECONDS)
        output = process.output()
    assert exit_code == 0, output
    for sign in LEFT_OPEN:
        assert sign not in output, output
    if service.running in output and name != "task-api":
        assert '"event": "stopped"' in output, output
