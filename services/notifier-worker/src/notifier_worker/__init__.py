"""Sends reminders to Telegram, one message from the queue at a time.

Not built yet: see the open issues. It has no entry point until it works."""
