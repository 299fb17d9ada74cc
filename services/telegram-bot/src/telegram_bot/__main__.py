"""`python -m telegram_bot`: turn Telegram chats into task-api calls, until SIGTERM."""

# First, before the imports that take seconds: a stop meanwhile is a clean exit, not a death.
from todo_shared.early_stop import exit_cleanly_on_stop

exit_cleanly_on_stop()

import argparse

from telegram_bot.config import Settings
from todo_shared.lifecycle import run_service
from todo_shared.settings import load_settings


def main() -> None:
    """Parse the command line (only --help), read the settings, then run until stopped."""
    argparse.ArgumentParser(
        prog="python -m telegram_bot",
        description="The to-do system's Telegram bot: chat commands and button presses become "
        "task-api calls made for the user linked to the chat. It long-polls the Bot API, or "
        "takes a webhook when BOT_WEBHOOK_URL is set, and serves /health, /ready and /metrics "
        "on HOST:PORT. SIGTERM stops it once the updates in hand are done.",
        epilog=_settings_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    ).parse_args()
    settings = load_settings(Settings, "telegram-bot")
    # Imported only now: aiogram takes seconds to load, and --help or a refused setting need not.
    from telegram_bot.app import serve

    run_service("telegram-bot", settings.log_level, lambda stopping: serve(settings, stopping))


def _settings_help() -> str:
    """Every setting, read from the environment variable of its name, with its default."""
    lines = ["settings (environment variables, or lines of a .env file):"]
    for name, field in Settings.model_fields.items():
        if field.is_required():
            default = "required"
        else:
            default = "unset by default" if field.default is None else f"default: {field.default}"
        lines.append(f"  {name.upper():<22} {field.description} ({default})")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
