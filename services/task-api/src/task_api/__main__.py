"""`python -m task_api`: serve the API, or migrate its database schema and exit."""

import argparse
import logging.config
import signal
import sys

import uvicorn

from task_api import migrate
from task_api.config import Settings
from todo_shared.logs import logging_config


def main() -> None:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(
        prog="python -m task_api",
        description="The to-do system's REST API. Settings come from the environment "
        "(DATABASE_URL, AMQP_URL, HOST, PORT, WORKERS, LOG_LEVEL, ...; see README.md).",
    )
    commands = parser.add_subparsers(dest="command", metavar="command")
    commands.add_parser("serve", help="serve the API on HOST:PORT (the default command)")
    commands.add_parser("migrate", help="upgrade the database schema to the latest and exit")
    arguments = parser.parse_args()

    settings = Settings()
    log_config = logging_config("task-api", settings.log_level)
    logging.config.dictConfig(log_config)
    if arguments.command == "migrate":
        migrate.upgrade(settings.database_url)
        return
    # uvicorn shuts down gracefully on SIGTERM, then re-raises it to the handler found before it
    # started; that handler makes the finished shutdown a clean exit rather than a death by signal.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    uvicorn.run(
        "task_api.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_config=log_config,
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()
