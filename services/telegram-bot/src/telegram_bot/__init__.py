"""Turns Telegram chat commands and button presses into task-api calls.

Not built yet: see the open issues. It has no entry point until it works."""
