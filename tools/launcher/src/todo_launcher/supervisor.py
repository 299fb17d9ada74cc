"""Child processes whose output is shown line by line under their names, stopped together.

Whatever ends the launcher ends them too: a stop (Ctrl-C, SIGTERM, SIGHUP) or its output
closing (the pipe to `tee` or the terminal gone) sets `stopping`, which also ends a start-up
under way, and the launcher stops every child before it exits.
"""

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import aiohttp

from todo_shared.retry import pause

STOP_SECONDS = 30.0
"""How long a service may take to stop after SIGTERM before it is killed: longer than a
worker's WORKER_SHUTDOWN_SECONDS (25), which it may spend finishing its sends."""


@dataclass
class Child:
    """One service started by the launcher."""

    name: str
    process: asyncio.subprocess.Process
    echo: asyncio.Task[None] = field(repr=False)


class Stopped(Exception):
    """The launcher was told to stop while it was starting the services."""


class Supervisor:
    """Starts services as `python -m <module>`, prefixes their lines, and stops them all."""

    def __init__(self, base_env: Mapping[str, str], stopping: asyncio.Event) -> None:
        self._base_env = dict(base_env)
        self._stopping = stopping
        self.children: list[Child] = []
        self._width = 18
        self._output_lost = False

    def say(self, line: str) -> None:
        """A line of the launcher's own."""
        self._print("launcher", line)

    async def start(self, name: str, module: str, env: Mapping[str, str], *args: str) -> Child:
        """Start `python -m module args` with `env` over the launcher's environment."""
        if self._stopping.is_set():
            raise Stopped
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            module,
            *args,
            env={**self._base_env, **env},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the launcher, which stops them in order
        )
        assert process.stdout is not None
        child = Child(name, process, asyncio.create_task(self._echo(name, process.stdout)))
        self.children.append(child)
        return child

    async def run_to_end(self, name: str, module: str, env: Mapping[str, str], *args: str) -> int:
        """Run a one-shot command (a migration) and return its exit code."""
        child = await self.start(name, module, env, *args)
        code = await child.process.wait()
        await child.echo
        self.children.remove(child)
        return code

    async def wait_until_answers(self, child: Child, url: str, within_seconds: float = 60) -> None:
        """Poll `url` until it answers 200; RuntimeError if the child exits or takes too long,
        Stopped if the launcher is told to stop meanwhile."""
        deadline = time.monotonic() + within_seconds
        last_answer = "nothing"
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as http:
            while time.monotonic() < deadline:
                if self._stopping.is_set():
                    raise Stopped
                if child.process.returncode is not None:
                    raise RuntimeError(f"{child.name} exited with {child.process.returncode}")
                with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                    async with http.get(url) as answer:
                        if answer.status == 200:
                            return
                        last_answer = f"{answer.status} {await answer.text()}"
                await pause(self._stopping, 0.2)
        raise RuntimeError(
            f"{child.name} did not answer {url} within {within_seconds:.0f}s "
            f"(its last answer: {last_answer})"
        )

    async def first_exit(self) -> Child:
        """Wait until any child exits by itself; that child."""
        waits = {asyncio.ensure_future(c.process.wait()): c for c in self.children}
        try:
            done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
        return waits[done.pop()]

    async def stop_all(self) -> bool:
        """SIGTERM every child, the last started first; True if each exited 0 in time."""
        clean = True
        for child in reversed(self.children):
            clean &= await self._stop(child)
        self.children.clear()
        return clean

    async def _stop(self, child: Child) -> bool:
        if child.process.returncode is None:
            child.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(child.process.wait(), STOP_SECONDS)
            except TimeoutError:
                self.say(f"{child.name} did not stop within {STOP_SECONDS:.0f}s; killing it")
                child.process.kill()
                await child.process.wait()
                await child.echo
                return False
        await child.echo
        if child.process.returncode != 0:
            self.say(f"{child.name} exited with {child.process.returncode}")
        return child.process.returncode == 0

    async def _echo(self, name: str, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            self._print(name, line.decode(errors="replace").rstrip("\n"))

    def _print(self, name: str, line: str) -> None:
        if self._output_lost:
            return
        self._width = max(self._width, len(name))
        try:
            sys.stdout.write(f"{name:<{self._width}} | {line}\n")
            sys.stdout.flush()
        except OSError:  # a closed pipe (EPIPE) or terminal (EIO)
            self._lose_output()

    def _lose_output(self) -> None:
        """Nobody reads the launcher any more: say so where one still might, and stop."""
        self._output_lost = True
        # Python's advice for a closed stdout: the flush at exit then fails no more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        with contextlib.suppress(OSError):
            print("launcher: its output is closed; stopping everything", file=sys.stderr)
        self._stopping.set()


def launcher_environment() -> dict[str, str]:
    """The environment children inherit: the launcher's own, with output unbuffered."""
    return {**os.environ, "PYTHONUNBUFFERED": "1"}
