"""`python -m fake_smtp`: the fake SMTP server as a process, for demos and system tests."""

import argparse
import asyncio
import json
import logging
import signal
import sys

from fake_smtp.fake import FakeSmtp


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line: where to listen, and what a client must do to send."""
    parser = argparse.ArgumentParser(
        prog="python -m fake_smtp",
        description=(
            "A real SMTP server that keeps every message in memory. Send to HOST:SMTP_PORT "
            "with any SMTP client; read the messages and break things through the /_control/ "
            "routes on CONTROL_PORT. Logs one JSON line per message to stderr; prints one JSON "
            "line saying where it listens to stdout once it does; stops on SIGTERM or SIGINT."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument(
        "--smtp-port", type=int, default=1025, help="SMTP port; 0 picks a free one (1025)"
    )
    parser.add_argument(
        "--control-port",
        type=int,
        default=8025,
        help="port of the /_control/ routes; 0 picks a free one (8025)",
    )
    parser.add_argument("--username", help="require AUTH (PLAIN or LOGIN) as this user")
    parser.add_argument("--password", help="the password AUTH takes (with --username)")
    parser.add_argument(
        "--no-starttls",
        dest="starttls",
        action="store_false",
        help="offer no STARTTLS (AUTH then goes in clear)",
    )
    parser.add_argument(
        "--allow-auth-without-tls",
        dest="auth_requires_tls",
        action="store_false",
        help="take AUTH before STARTTLS too (real relays refuse it)",
    )
    arguments = parser.parse_args(argv)
    if (arguments.username is None) != (arguments.password is None):
        parser.error("--username and --password go together")
    return arguments


async def serve(arguments: argparse.Namespace) -> None:
    """Run the fake until SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    fake = FakeSmtp(
        arguments.username,
        arguments.password,
        starttls=arguments.starttls,
        auth_requires_tls=arguments.auth_requires_tls,
    )
    await fake.start(arguments.host, arguments.smtp_port, arguments.control_port)
    listening = {
        "event": "listening",
        "smtp_host": fake.host,
        "smtp_port": fake.smtp_port,
        "control_url": fake.control_url,
    }
    print(json.dumps(listening), flush=True)
    try:
        await stop.wait()
    finally:
        await fake.stop()


def main() -> None:
    """Entry point of `python -m fake_smtp`."""
    arguments = parse_arguments()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    # aiosmtpd logs every command of every session, and at each AUTH warns that it itself
    # sets a deprecated attribute; one line a message is ours.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    logging.getLogger("aiohttp").setLevel(logging.WARNING)
    asyncio.run(serve(arguments))


if __name__ == "__main__":
    main()
