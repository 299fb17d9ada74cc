"""Turns Telegram chat commands and button presses into task-api calls.

`python -m telegram_bot` runs it: long polling by default, a webhook when BOT_WEBHOOK_URL is set.
"""
