"""How every service starts and stops: until SIGTERM or SIGINT, then cleanly, exit code 0."""

import asyncio
import logging.config
from collections.abc import Awaitable, Callable

import uvloop

from todo_shared.early_stop import STOP_SIGNALS, exit_cleanly_on_stop
from todo_shared.logs import logging_config


def run_service(
    name: str, log_level: str, serve: Callable[[asyncio.Event], Awaitable[None]]
) -> None:
    """Log JSON lines as `name`, then run `serve(stopping)`; SIGTERM and SIGINT set `stopping`.

    `serve` is expected to finish what it has in hand and close its connections once
    `stopping` is set, then return; the process then exits 0.
    """
    logging.config.dictConfig(logging_config(name, log_level))

    async def main() -> None:
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for stop_signal in STOP_SIGNALS:
            loop.add_signal_handler(stop_signal, stopping.set)
        logging.getLogger(name).info("started")
        await serve(stopping)
        logging.getLogger(name).info("stopped")

    # uvloop: the workers' event loop was half of their CPU on asyncio's own (measured).
    uvloop.run(main())
    exit_cleanly_on_stop()  # the closed loop's handlers are still there: a stop now just ends it
