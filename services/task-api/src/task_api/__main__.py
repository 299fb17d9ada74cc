"""`python -m task_api`: serve the API, migrate its database schema, or make an admin."""

# First, before the imports that take seconds: a stop meanwhile is a clean exit, not a death.
from todo_shared.early_stop import default_stop_signals, exit_cleanly_on_stop

exit_cleanly_on_stop()

import argparse
import asyncio
import getpass
import logging.config
import sys

import uvicorn

from task_api import migrate
from task_api.admin import create_admin
from task_api.config import AdminSettings, DatabaseSettings, Settings
from task_api.errors import DomainError
from todo_shared.logs import logging_config
from todo_shared.settings import load_settings

SERVICE = "task-api"


def parse_arguments() -> argparse.Namespace:
    """The command line: a command (serve by default) and its options."""
    parser = argparse.ArgumentParser(
        prog="python -m task_api",
        description="The to-do system's REST API. Settings come from the environment "
        "(DATABASE_URL, AMQP_URL, JWT_SECRET, SERVICE_TOKENS, HOST, PORT, WORKERS, LOG_LEVEL, "
        "...; see README.md).",
    )
    commands = parser.add_subparsers(dest="command", metavar="command")
    commands.add_parser("serve", help="serve the API on HOST:PORT (the default command)")
    commands.add_parser("migrate", help="upgrade the database schema to the latest and exit")
    admin = commands.add_parser(
        "create-admin", help="make USERNAME an admin (creating the account), then exit"
    )
    admin.add_argument("username")
    admin.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    return parser.parse_args()


def main() -> None:
    """Run the chosen command."""
    arguments = parse_arguments()
    if arguments.command in ("migrate", "create-admin"):
        default_stop_signals()
    if arguments.command == "migrate":
        database = load_settings(DatabaseSettings, SERVICE)
        logging.config.dictConfig(logging_config(SERVICE, database.log_level))
        migrate.upgrade(database.database_url)
        return
    if arguments.command == "create-admin":
        # It signs no token: JWT_SECRET and the services' secrets are not its business.
        admin = load_settings(AdminSettings, SERVICE)
        logging.config.dictConfig(logging_config(SERVICE, admin.log_level))
        sys.exit(_create_admin(admin, arguments.username, arguments.password_stdin))
    settings = load_settings(Settings, SERVICE)
    log_config = logging_config(SERVICE, settings.log_level)
    logging.config.dictConfig(log_config)
    # uvicorn shuts down gracefully on SIGTERM, then re-raises it to the handler found before it
    # started: exit_cleanly_on_stop's, which makes the finished shutdown a clean exit.
    uvicorn.run(
        "task_api.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_config=log_config,
        timeout_graceful_shutdown=10,
        ws_max_size=settings.ws_max_message_bytes,
    )


def _create_admin(settings: AdminSettings, username: str, from_stdin: bool) -> int:
    password = sys.stdin.readline().rstrip("\n") if from_stdin else getpass.getpass()
    try:
        print(asyncio.run(create_admin(settings, username, password)))
    except DomainError as error:  # a short password, a reserved name
        print(error.detail, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    main()
