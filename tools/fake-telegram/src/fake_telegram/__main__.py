"""`python -m fake_telegram`: the fake Bot API server as a process, for demos and system tests."""

import argparse
import asyncio
import json
import logging
import signal
import sys

import uvloop

from fake_telegram.fake import FakeTelegram


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line: where to listen and which bot tokens to accept."""
    parser = argparse.ArgumentParser(
        prog="python -m fake_telegram",
        description=(
            "A fake Telegram Bot API server. Point a bot at http://HOST:PORT (for aiogram: "
            "TelegramAPIServer.from_base(...)); drive it through the /_control/ routes. "
            "Logs one JSON line per API call to stderr; prints one JSON line with its URL to "
            "stdout once it listens; stops on SIGTERM or SIGINT."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8081, help="port to listen on; 0 picks a free one (8081)"
    )
    parser.add_argument(
        "--token",
        action="append",
        default=[],
        metavar="TOKEN",
        help="a bot token to accept, like 42:TEST (repeatable); "
        "without any, every token shaped like <digits>:<letters> is accepted",
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="do not log each API call (benchmarks: a line a call costs a write a call)",
    )
    parser.add_argument(
        "--webhook-retry-delay",
        type=float,
        default=0.1,
        metavar="SECONDS",
        help="first wait before redelivering to a failing webhook; doubles up to 2 s (0.1)",
    )
    return parser.parse_args(argv)


async def serve(arguments: argparse.Namespace) -> None:
    """Run the fake until SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    fake = FakeTelegram(arguments.token, webhook_retry_delay=arguments.webhook_retry_delay)
    await fake.start(arguments.host, arguments.port)
    print(json.dumps({"event": "listening", "url": fake.base_url}), flush=True)
    try:
        await stop.wait()
    finally:
        await fake.stop()


def main() -> None:
    """Entry point of `python -m fake_telegram`."""
    arguments = parse_arguments()
    level = logging.WARNING if arguments.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    logging.getLogger("aiohttp").setLevel(logging.WARNING)
    uvloop.run(serve(arguments))


if __name__ == "__main__":
    main()
