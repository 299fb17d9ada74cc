"""Sends reminders to Telegram, one message from the queue at a time."""
