"""Services started as real processes, the way an operator starts them."""

import asyncio
import os
import random
import signal
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn


async def run_command(
    *command: str, given: bytes = b"", env: Mapping[str, str] | None = None
) -> str:
    """Run an operator's command to its end, with `given` on its input; it must succeed.
    Its output (stdout and stderr), stripped."""
    done = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    output, _ = await done.communicate(given)
    assert done.returncode == 0, f"{command}: {output.decode()}"
    return output.decode().strip()


async def run_without(
    unset: Iterable[str], module: str, *args: str, env: Mapping[str, str] | None = None
) -> tuple[int, str]:
    """Run `python -m module args` from a shell lacking the `unset` variables (and with `env`)
    to its end: its exit code and its output (stdout and stderr)."""
    shell = {name: value for name, value in os.environ.items() if name not in set(unset)}
    done = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**shell, **(env or {})},
    )
    output, _ = await done.communicate()
    assert done.returncode is not None
    return done.returncode, output.decode()


def memory_mib(pid: int, measure: str = "VmRSS") -> float:
    """A process's memory from /proc, in MiB: resident now (`VmRSS`) or at its peak (`VmHWM`)."""
    with open(f"/proc/{pid}/status") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith(f"{measure}:"))
    return kib / 1024


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_port_block(offsets: Sequence[int]) -> int:
    """A base port such that base plus each offset is free now (the launcher's ports)."""
    for _ in range(100):
        base = random.randrange(20_000, 32_000)  # below the ephemeral ports outgoing calls take
        try:
            for offset in offsets:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", base + offset))
        except OSError:
            continue
        return base
    raise RuntimeError("no free block of ports")


@dataclass
class ServiceProcess:
    """A running service: its process and the file its output goes to."""

    name: str
    process: asyncio.subprocess.Process
    log_path: Path

    def output(self) -> str:
        """Everything the process has written so far."""
        return self.log_path.read_text(errors="replace")

    async def wait_for_output(self, text: str, within_seconds: float = 30) -> None:
        """Return once the process has written `text`; fail if it dies or takes too long."""
        deadline = time.monotonic() + within_seconds
        while text not in self.output():
            if self.process.returncode is not None:
                raise AssertionError(
                    f"{self.name} exited before writing {text!r}:\n{self.output()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} did not write {text!r}:\n{self.output()}")
            await asyncio.sleep(0.05)

    async def stop(self, grace_seconds: float = 10.0) -> int:
        """Send SIGTERM and wait for the exit; SIGKILL after `grace_seconds`. The exit code."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), grace_seconds)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
                raise AssertionError(
                    f"{self.name} did not stop within {grace_seconds}s of SIGTERM:\n{self.output()}"
                ) from None
        assert self.process.returncode is not None
        return self.process.returncode


async def wait_until_healthy(service: ServiceProcess, url: str, within_seconds: float = 30) -> None:
    """Poll `url` until it answers 200; fail early, with the output, if the process dies."""
    deadline = time.monotonic() + within_seconds
    async with httpx.AsyncClient(timeout=1.0) as http:
        while time.monotonic() < deadline:
            if service.process.returncode is not None:
                raise AssertionError(f"{service.name} exited:\n{service.output()}")
            try:
                if (await http.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError(
        f"{service.name} was not healthy after {within_seconds}s:\n{service.output()}"
    )


@asynccontextmanager
async def service_process(
    name: str, module: str, env: Mapping[str, str], *args: str, cwd: Path | None = None
) -> AsyncIterator[ServiceProcess]:
    """Run `python -m module args` with `env` added, in `cwd` (or this one); killed if still
    running when the block ends."""
    with tempfile.NamedTemporaryFile(prefix=f"{name}-", suffix=".log", delete=False) as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            module,
            *args,
            env={**os.environ, **env},
            cwd=cwd,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
    service = ServiceProcess(name, process, Path(log.name))
    try:
        yield service
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        service.log_path.unlink(missing_ok=True)


@asynccontextmanager
async def serve_in_process(
    app: object, *, send_buffer_bytes: int | None = None, **config: object
) -> AsyncIterator[str]:
    """Serve an ASGI app (its lifespan already running) with uvicorn; yields "host:port".

    `send_buffer_bytes` fixes the kernel's send buffer of every connection (accepted sockets
    inherit it from the listening one), so a slow client backs up after kilobytes, not megabytes.
    """
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if send_buffer_bytes is not None:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, send_buffer_bytes)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app,  # type: ignore[arg-type]
            lifespan="off",
            log_level="warning",
            **config,  # type: ignore[arg-type]
        )
    )
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    while not server.started:
        if serving.done():
            await serving  # raises what stopped it
        await asyncio.sleep(0.01)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving
        listener.close()
